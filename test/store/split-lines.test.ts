import { describe, expect, it } from 'vitest';
import { LineLimitError, LineSplitter } from '../../src/store/split-lines.js';

function split(chunks: readonly Buffer[], limits = { maxLineBytes: 100, maxLines: 100 }): string[] {
  const s = new LineSplitter(limits);
  const out: string[] = [];
  for (const c of chunks) for (const l of s.push(c)) out.push(l);
  const last = s.end();
  if (last !== undefined) out.push(last);
  return out;
}

function limitError(run: () => unknown): LineLimitError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(LineLimitError);
    return e as LineLimitError;
  }
  throw new Error('expected a LineLimitError');
}

describe('LineSplitter', () => {
  it('splits lines across chunk boundaries, keeps a last line without newline, decodes UTF-8 split mid-character', () => {
    const text = 'alpha\nbéta\n\ngamma-ü';
    const bytes = Buffer.from(text, 'utf8');
    // Every split point, including inside the two-byte é and ü.
    for (let i = 0; i <= bytes.length; i++) {
      expect(split([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(['alpha', 'béta', '', 'gamma-ü']);
    }
    // One byte at a time.
    expect(split([...bytes].map((b) => Buffer.from([b])))).toEqual(['alpha', 'béta', '', 'gamma-ü']);
  });

  it('gives what splitting the bytes at each newline and decoding each line gives, for any bytes and chunking (invalid UTF-8 too)', () => {
    let x = 12345;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x >>> 8;
    };
    // Newlines, ASCII, lead and continuation bytes, bytes never valid in UTF-8.
    const alphabet = [0x0a, 0x0a, 0x41, 0x7a, 0x20, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0x80, 0xbf, 0xc0, 0xff, 0xed, 0xa0];
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(Array.from({ length: next() % 200 }, () => alphabet[next() % alphabet.length] as number));
      const expected: string[] = [];
      let start = 0;
      for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
        expected.push(bytes.toString('utf8', start, nl));
        start = nl + 1;
      }
      if (start < bytes.length) expected.push(bytes.toString('utf8', start));
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + (next() % 64);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      expect(split(chunks, { maxLineBytes: 1000, maxLines: 1000 })).toEqual(expected);
    }
  });

  it('checks every line against the limit when a chunk holds more than the limit between its first and last newline', () => {
    expect(split([Buffer.from('a\n0123456789\nb\nc\n')], { maxLineBytes: 10, maxLines: 100 })).toEqual(['a', '0123456789', 'b', 'c']);
    const err = limitError(() => split([Buffer.from('a\nb\n01234567890\nc\n')], { maxLineBytes: 10, maxLines: 100 }));
    expect(err).toMatchObject({ kind: 'line-too-long', line: 3 });
  });

  it('stops at the first line longer than the limit, naming it, even when the line never ends', () => {
    const s = new LineSplitter({ maxLineBytes: 10, maxLines: 100 });
    expect(s.push(Buffer.from('short\n0123456789\n'))).toEqual(['short', '0123456789']);
    const err = limitError(() => {
      for (let i = 0; i < 1000; i++) s.push(Buffer.from('aaaa'));
    });
    expect(err.kind).toBe('line-too-long');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/line 3 is longer than 10 bytes/);
  });

  it('stops at one line more than the manifest lists', () => {
    const err = limitError(() => split([Buffer.from('a\nb\nc\n')], { maxLineBytes: 100, maxLines: 2 }));
    expect(err).toMatchObject({ kind: 'too-many-lines', line: 3 });
    // A last line without its newline counts too.
    expect(limitError(() => split([Buffer.from('a\nb\nc')], { maxLineBytes: 100, maxLines: 2 })).kind).toBe('too-many-lines');
    expect(split([Buffer.from('a\nb\n')], { maxLineBytes: 100, maxLines: 2 })).toEqual(['a', 'b']);
  });

  it('joins a long line from many chunks once, at its end (the old reader rescanned the whole line per chunk)', () => {
    const s = new LineSplitter({ maxLineBytes: 1 << 20, maxLines: 10 });
    const chunk = Buffer.alloc(16 * 1024, 'x');
    for (let i = 0; i < 63; i++) expect(s.push(chunk)).toEqual([]);
    const [line] = s.push(Buffer.from('y\n'));
    expect(line?.length).toBe(63 * 16 * 1024 + 1);
    expect(line?.endsWith('xy')).toBe(true);
  });
});
