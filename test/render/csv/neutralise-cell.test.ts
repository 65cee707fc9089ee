import { describe, expect, it } from 'vitest';
import { toSafeCell } from '../../../src/render/csv/neutralise-cell.js';

describe('toSafeCell: every CSV cell', () => {
  it.each([
    ['a resource id that reads backwards', 'bucket-\u202Eevil\u202C-name', 'bucket-\\u{202E}evil\\u{202C}-name'],
    ['NUL, ESC and BEL', 'x\u0000\u001b[31m\u0007', 'x\\u{0000}\\u{001B}[31m\\u{0007}'],
    ['a leading NUL before a formula: made visible, so no longer a formula lead-in', '\u0000=cmd', '\\u{0000}=cmd'],
    ['a zero-width space before a formula', '\u200B=1+1', '\\u{200B}=1+1'],
    ['a formula stays neutralised', ' =1+1', "' =1+1"],
    ['a multi-line annotation keeps its line breaks (the CSV quotes them)', 'one\r\ntwo', 'one\r\ntwo'],
  ])('%s', (_name, input, expected) => {
    expect(toSafeCell(input)).toBe(expected);
  });
});
