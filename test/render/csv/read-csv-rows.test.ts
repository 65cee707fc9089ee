/**
 * readCsvRows gives, for a CSV srmap wrote, exactly the rows csv-parse gives (bom: true, one width):
 * plain rows, quoted cells with commas, quotes, CR, LF and CRLF, neutralised formulas, non-ASCII,
 * empty cells, records that straddle the reader's 256 KiB chunks; a row of another width is an
 * error; a reader that stops early leaves the file.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../../src/render/csv/read-csv-rows.js';
import { writeCsv } from '../../../src/render/csv/write-csv.js';

const COLUMNS = ['account', 'resource_id', 'annotation', 'in_scope'];

const TRICKY = [
  'plain',
  '',
  'a,b',
  'say "hi"',
  '"',
  '""',
  'line one\nline two',
  'line one\r\nline two',
  'cr\ronly',
  '\n',
  ',',
  '=1+1',
  ' =SUM(A1)',
  '@x',
  '-2',
  'é ü 日本 🙂',
  '\u200b zero width',
  'trailing space ',
  ' leading',
  'tab\there',
  'arn:aws:s3:::bucket/key,with,commas',
];

async function both(file: string): Promise<{ ours: string[][]; theirs: string[][] }> {
  const ours: string[][] = [];
  for await (const row of readCsvRows(file)) ours.push(row);
  const theirs = parse(await readFile(file), { bom: true, relax_column_count: false }) as string[][];
  return { ours, theirs };
}

describe('readCsvRows', () => {
  it('reads what writeCsv wrote as csv-parse does, every awkward cell in every column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-read-csv-'));
    const rows: string[][] = [];
    for (const [i, cell] of TRICKY.entries()) {
      rows.push([cell, `r${i}`, 'x', 'true']);
      rows.push([`a${i}`, cell, cell, 'false']);
      rows.push([`a${i}`, `r${i}`, 'y', cell]);
    }
    const file = join(dir, 'tricky.csv');
    await writeCsv(file, COLUMNS, rows);
    const { ours, theirs } = await both(file);
    expect(ours).toEqual(theirs);
    expect(ours.length).toBe(rows.length + 1);
    expect(ours[0]).toEqual(COLUMNS);
  });

  it('reads records that straddle its chunks, multi-line ones included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-read-csv-'));
    const rows: string[][] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const cell = TRICKY[i % TRICKY.length] as string;
      rows.push([`123456789012`, `arn:aws:ec2:eu-west-1:123456789012:instance/i-${i.toString(16).padStart(17, '0')}`, i % 7 === 0 ? `${cell}\r\nmore "text", ${i}` : cell, i % 2 ? 'true' : 'false']);
    }
    const file = join(dir, 'big.csv');
    await writeCsv(file, COLUMNS, rows);
    const { ours, theirs } = await both(file);
    expect(ours.length).toBe(theirs.length);
    expect(ours).toEqual(theirs);
  });

  it('refuses a row of another width than the header, and stops where its reader stops', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-read-csv-'));
    const file = join(dir, 'ragged.csv');
    await writeFile(file, '\uFEFFa,b\r\n1,2\r\n1,2,3\r\n');
    const seen: string[][] = [];
    await expect(
      (async () => {
        for await (const row of readCsvRows(file)) seen.push(row);
      })(),
    ).rejects.toThrow(/3 cells where the header has 2/);
    expect(seen).toEqual([['a', 'b'], ['1', '2']]);
    const quoted = join(dir, 'ragged-quoted.csv');
    await writeFile(quoted, '\uFEFFa,b\r\n"1,2",2,"x"\r\n');
    await expect(
      (async () => {
        for await (const row of readCsvRows(quoted)) void row;
      })(),
    ).rejects.toThrow(/3 cells where the header has 2/);
    const first: string[][] = [];
    for await (const row of readCsvRows(file)) {
      first.push(row);
      break;
    }
    expect(first).toEqual([['a', 'b']]);
  });

  it('reads a last line without its line end', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-read-csv-'));
    const file = join(dir, 'no-end.csv');
    await writeFile(file, '\uFEFFa,b\r\n1,"x\r\ny"');
    const { ours, theirs } = await both(file);
    expect(ours).toEqual(theirs);
    expect(ours).toEqual([['a', 'b'], ['1', 'x\r\ny']]);
  });
});
