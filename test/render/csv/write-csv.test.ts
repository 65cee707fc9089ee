import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../../src/render/csv/neutralise-cell.js';
import { writeCsv } from '../../../src/render/csv/write-csv.js';

describe('neutraliseCell covers what escape_formulas misses', () => {
  it.each([
    [' =1+1', "' =1+1"],
    ['\t\t+SUM(A1)', "'\t\t+SUM(A1)"],
    ['\0=cmd', "'\0=cmd"],
    ['\nfoo', "'\nfoo"],
    ['plain text', 'plain text'],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket'],
    ['a=b', 'a=b'],
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
