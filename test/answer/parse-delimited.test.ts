import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, parseDelimited } from '../../src/answer/parse-delimited.js';
import { SrmapError } from '../../src/domain/errors.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16le(s: string, bom = true): Uint8Array {
  const body = Buffer.from(s, 'utf16le');
  return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body);
}

describe('parseDelimited', () => {
  it("reads Excel's Unicode text: UTF-16 LE with BOM, tab-separated", () => {
    const book = parseDelimited(utf16le('Title\t\t\nRef\tQuestion\tResponse\n1.1\tIs data encrypted at rest?\t\n'), 'q.txt');
    expect(book).toMatchObject({ format: 'tsv', encoding: 'utf-16le', delimiter: '\t' });
    expect(book.sheets[0]?.rows[2]).toEqual(['1.1', 'Is data encrypted at rest?', '']);
  });

  it('UTF-8 with BOM, quoted multi-line cells; semicolons; UTF-16 without a BOM', () => {
    const book = parseDelimited(utf8('\uFEFF"#","Question"\r\n"A1","Do you review access\r\nquarterly?"\r\n'), 'q.csv');
    expect(book.encoding).toBe('utf-8-bom');
    expect(book.sheets[0]?.rows[1]?.[1]).toBe('Do you review access\r\nquarterly?');
    expect(detectDelimiter('Domain;Item;Yes/No\nCrypto;Do you encrypt backups?;\n')).toBe(';');
    expect(decodeText(utf16le('No\tQuestion\n1\tIs there a pen test every year?\n', false), 'q.txt').encoding).toBe('utf-16le');
  });

  it('text that is neither UTF-8 nor UTF-16 is an input error naming the file and what to do', () => {
    const err = (() => {
      try {
        parseDelimited(new Uint8Array([0x51, 0x75, 0xe9, 0x20, 0x41, 0x0a, 0x42, 0xff, 0x43]), 'q.csv');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(SrmapError);
    expect((err as SrmapError).message).toContain('q.csv');
    expect((err as SrmapError).hint).toMatch(/CSV UTF-8/);
  });
});
