/**
 * The working folder's text files (register, srmap.yaml, owners.yaml, exceptions.yaml) are UTF-8.
 * A spreadsheet or editor often saves something else: UTF-16 ("Unicode text"), or a single-byte
 * code page such as Windows-1252. Parsed as UTF-8 these give pages of NUL bytes and mojibake; this
 * says once what the file is and how to fix it. Pure: bytes in, text or one problem out.
 */
import type { Problem } from './errors.js';

const RESAVE = 'Re-save it as UTF-8 (in Excel: Save As > "CSV UTF-8 (Comma delimited)"; in an editor: encoding UTF-8), then run again.';

/** 1-based line and column of a byte offset, counting '\n'. */
function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that does not continue a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong three- and four-byte forms, surrogates and code points past U+10FFFF.
    const c1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 >= 0xa0) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 >= 0x90)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * `bytes` as UTF-8 text (a leading BOM kept, as `readFile(..., 'utf8')` keeps it), or the one
 * problem that says why it is not: UTF-16 or UTF-32 (by BOM, or by NUL bytes between characters),
 * a NUL byte (not a text file), or bytes that are not UTF-8 (another code page), with the line.
 */
export function decodeUtf8Text(bytes: Uint8Array, file: string, what: string): { text: string } | { problem: Problem } {
  const bom = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  const utf16 = (kind: string): { problem: Problem } => ({
    problem: { file, line: 1, message: `the ${what} is saved as ${kind}, not UTF-8`, hint: RESAVE },
  });
  if (bom(0xff, 0xfe, 0x00, 0x00) || bom(0x00, 0x00, 0xfe, 0xff)) return utf16('UTF-32');
  if (bom(0xff, 0xfe)) return utf16('UTF-16 (little-endian)');
  if (bom(0xfe, 0xff)) return utf16('UTF-16 (big-endian)');
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    // UTF-16 without a BOM: ASCII text with a zero byte beside every character.
    const sample = bytes.subarray(0, 512);
    const zeros = sample.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
    if (zeros >= sample.length / 4) return utf16('UTF-16 (no byte order mark)');
    return { problem: { file, ...position(bytes, nul), message: `the ${what} holds a NUL byte: it is not a text file`, hint: `Check that this is the ${what} and not another file; ${RESAVE}` } };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const byte = (bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return { problem: { file, ...position(bytes, bad), message: `the ${what} is not UTF-8 (byte 0x${byte}; probably Windows-1252 or Latin-1)`, hint: RESAVE } };
  }
  return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}
