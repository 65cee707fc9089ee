import { describe, expect, it } from 'vitest';
import { decodeUtf8Text } from '../../src/domain/decode-text.js';

const decode = (bytes: Uint8Array) => decodeUtf8Text(bytes, 'evidence-register.csv', 'evidence register');
const problemOf = (bytes: Uint8Array) => {
  const r = decode(bytes);
  if (!('problem' in r)) throw new Error('expected a problem');
  return r.problem;
};

describe('decodeUtf8Text', () => {
  const csv = 'evidence_id,supports\nev-1,sanction-policy\nev-2,café\n';

  it('UTF-8, with or without BOM, reads as before (the BOM kept for the CSV parser)', () => {
    expect(decode(Buffer.from(csv))).toEqual({ text: csv });
    expect(decode(Buffer.from(`\uFEFF${csv}`))).toEqual({ text: `\uFEFF${csv}` });
  });

  it('UTF-16 with or without BOM, and UTF-32: one problem saying re-save as UTF-8, no NUL bytes in it', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    const be = Buffer.from([0xfe, 0xff, ...Buffer.from(csv, 'utf16le').swap16()]);
    for (const [bytes, kind] of [[le, 'UTF-16 (little-endian)'], [be, 'UTF-16 (big-endian)'], [Buffer.from(csv, 'utf16le'), 'UTF-16 (no byte order mark)'], [Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), 'UTF-32']] as const) {
      const p = problemOf(bytes);
      expect(p.message).toBe(`the evidence register is saved as ${kind}, not UTF-8`);
      expect(p.hint).toMatch(/Re-save it as UTF-8/);
      expect(JSON.stringify(p)).not.toMatch(/\\u0000/);
    }
  });

  it('Windows-1252 or Latin-1: the line and the byte', () => {
    const p = problemOf(Buffer.from('evidence_id,supports\nev-1,sanction\nev-2,caf\xe9\n', 'latin1'));
    expect(p).toMatchObject({ line: 3, column: 9, message: 'the evidence register is not UTF-8 (byte 0xE9; probably Windows-1252 or Latin-1)' });
  });

  it('a NUL byte in otherwise plain text: not a text file', () => {
    expect(problemOf(Buffer.from('a,b\nc,d\0e\n'))).toMatchObject({ line: 2, message: 'the evidence register holds a NUL byte: it is not a text file' });
  });

  it('rejects overlong and surrogate encodings as not UTF-8', () => {
    for (const bytes of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      expect(problemOf(Buffer.from([0x61, ...bytes])).message).toMatch(/not UTF-8/);
    }
    expect(decode(Buffer.from('€ 𝄞 ü'))).toEqual({ text: '€ 𝄞 ü' });
  });
});
