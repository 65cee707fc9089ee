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

describe('restoreCell: a CSV cell back as the value it neutralised', () => {
  it('drops the quote csv-stringify or toSafeCell put before a would-be formula, and nothing else', async () => {
    const { restoreCell } = await import('../../../src/render/csv/neutralise-cell.js');
    const { stringify } = await import('csv-stringify/sync');
    const { parse } = await import('csv-parse/sync');
    const values = ['=1+1', '+cmd', '-2+3', '@SUM(1)', '\t=x', ' =1+1', '\n=1', '\uFF1D1', 'plain', "it's", "'quoted'", "'12", '', '12.10'];
    // As the CSV writer writes them (toSafeCell, then csv-stringify's escape_formulas), read back.
    const written = parse(stringify([values.map(toSafeCell)], { escape_formulas: true }), { relax_column_count: true }) as string[][];
    expect(written[0]?.[0]).toBe("'=1+1");
    expect(written[0]?.map(restoreCell)).toEqual(values);
  });
});
