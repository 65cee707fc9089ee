import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, toSafeCell } from '../../../src/render/csv/neutralise-cell.js';
import { openCsv, toCsvCell, writeCsv } from '../../../src/render/csv/write-csv.js';

describe('neutraliseCell covers what escape_formulas misses', () => {
  it.each([
    [' =1+1', "' =1+1"],
    ['\t\t+SUM(A1)', "'\t\t+SUM(A1)"],
    ['\0=cmd', "'\0=cmd"],
    ['\nfoo', "'\nfoo"],
    ['plain text', 'plain text'],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket'],
    ['a=b', 'a=b'],
    ['', ''],
    ['\u3000=1', "'\u3000=1"],
    ['\u00a0@x', "'\u00a0@x"],
    ['\u3000text', '\u3000text'],
  ])('%j -> %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });
});

describe('writeCsv', () => {
  it('writes RFC 4180 with BOM and CRLF, quotes multi-line cells, neutralises formulas, and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-csv-'));
    const path = join(dir, 'x.csv');
    const hostile = ['=HYPERLINK("http://evil")', '+1', '-1', '@SUM(A1)', '\tx', '\rx', ' =1', 'line1\nline2, "quoted"'];
    await writeCsv(path, ['id', 'value'], hostile.map((v, i) => [String(i), v]));
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\uFEFFid,value');
    const rows = parse(text, { bom: true, columns: true }) as { id: string; value: string }[];
    expect(rows).toHaveLength(hostile.length);
    for (const [i, row] of rows.entries()) {
      const original = hostile[i] ?? '';
      if (i === hostile.length - 1) expect(row.value).toBe(original);
      else expect(row.value).toBe(`'${original}`);
    }
    expect(await readdir(dir)).toEqual(['x.csv']);
  });
});

describe('openCsv writes in batches', () => {
  it('gives the bytes of one csv-stringify stream fed row by row, across batch boundaries, whichever way rows are given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-csv-'));
    const columns = ['n', 'text', 'formula'];
    const rows = Array.from({ length: 20_000 }, (_, i) => [String(i), i % 7 === 0 ? `line ${i}\nnext, "q"` : `row ${i}`, ['=1', ' +2', '\0-3', '@4', 'plain', 'zero\u200Bwidth'][i % 6] ?? '']);
    const reference = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const csv = stringify({ bom: true, record_delimiter: 'windows', escape_formulas: true, quoted_match: /[",\r\n]/ });
      csv.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
      for (const r of [columns, ...rows]) csv.write(r.map(toSafeCell));
      csv.end();
    });
    const one = openCsv(join(dir, 'one.csv'), columns);
    for (const r of rows) await one.write(r);
    // The sha256 and size of the bytes as written: what a second read of the file would give.
    const written = { rows: rows.length, sha256: createHash('sha256').update(reference).digest('hex'), bytes: reference.length };
    expect(await one.close()).toEqual(written);
    const many = openCsv(join(dir, 'many.csv'), columns);
    await many.writeRows(rows.slice(0, 9000));
    await many.writeRows(rows.slice(9000));
    expect(await many.close()).toEqual(written);
    expect((await readFile(join(dir, 'one.csv'))).equals(reference)).toBe(true);
    expect((await readFile(join(dir, 'many.csv'))).equals(reference)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['many.csv', 'one.csv']);
  });

  it('an empty table is the BOM and the header', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-csv-'));
    await writeCsv(join(dir, 'empty.csv'), ['a', 'b'], []);
    expect(await readFile(join(dir, 'empty.csv'), 'utf8')).toBe('\uFEFFa,b\r\n');
  });
});

describe('toCsvCell', () => {
  const OPTIONS = { record_delimiter: 'windows', escape_formulas: true, quoted_match: /[",\r\n]/ } as const;
  /** What csv-stringify writes for the cell made safe, as the only field of a row, without the CRLF. */
  const reference = (v: string) => stringifySync([[toSafeCell(v)]], OPTIONS).slice(0, -2);

  it('is csv-stringify\'s text of the safe cell, for every character at the start, inside and at the end of a cell', () => {
    const chars: string[] = [];
    for (let c = 0; c < 0x300; c++) chars.push(String.fromCharCode(c));
    chars.push('\u200B', '\u202E', '\u2028', '\u3000', '\uFEFF', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', '\uD800', '\u{1F600}');
    const cells = [''];
    for (const c of chars) cells.push(c, `${c}x`, `x${c}`, `x${c}y`, `${c}=1`, ` ${c}`, `${c}${c}`);
    for (const v of cells) expect([v, toCsvCell(v)]).toEqual([v, reference(v)]);
  });

  it('leaves plain cells as they are and changes the others as csv-stringify does', () => {
    expect(toCsvCell('arn:aws:s3:::bucket/a b')).toBe('arn:aws:s3:::bucket/a b');
    expect(toCsvCell('a,b')).toBe('"a,b"');
    expect(toCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(toCsvCell('=1+1')).toBe("'=1+1");
    expect(toCsvCell(' =1')).toBe("' =1");
    expect(toCsvCell('zero\u200Bwidth')).toBe('zero\\u{200B}width');
  });
});
