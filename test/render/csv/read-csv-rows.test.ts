/**
 * readCsvRows gives, for a CSV srmap wrote, exactly the rows csv-parse gives (bom: true, one width):
 * plain rows, quoted cells with commas, quotes, CR, LF and CRLF, neutralised formulas, non-ASCII,
 * empty cells, records and characters that straddle the reader's 64 KiB chunks; a row of another
 * width is an error; a reader that stops early leaves the file. ASCII text is read as one-byte
 * strings even after the BOM or a wider character (half the memory, and no chunk of text large
 * enough to be one of V8's large objects).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { serialize } from 'node:v8';
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

  it('reads characters whose bytes straddle its chunks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-read-csv-'));
    const CHUNK = 64 * 1024;
    for (let shift = 0; shift < 4; shift += 1) {
      // Plain rows up to just before the first chunk's end, then a row whose emoji (4 bytes) or
      // accented letter (2 bytes) is cut by the chunk's end at `shift`, in a quoted multi-line cell too.
      const header = '\uFEFFa,b,c\r\n';
      const plain = 'x,y,z\r\n';
      let text = header;
      while (Buffer.byteLength(text) + plain.length < CHUNK - 40) text += plain;
      const pad = 'p'.repeat(CHUNK - Buffer.byteLength(text) - 3 - shift);
      text += `1,${pad}🙂é,"q\r\n🙂é"\r\n2,é🙂,"🙂\r\n"\r\n`;
      const file = join(dir, `straddle-${shift}.csv`);
      await writeFile(file, text);
      const { ours, theirs } = await both(file);
      expect(ours).toEqual(theirs);
      expect(ours.at(-2)).toEqual(['1', `${pad}🙂é`, 'q\r\n🙂é']);
    }
  });

  it('reads ASCII text as one-byte strings after the BOM and after a wider character', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-read-csv-'));
    const file = join(dir, 'wide-then-ascii.csv');
    const rows: string[][] = [['123456789012', 'arn:aws:s3:::bucket-日本', 'é ü', 'true']];
    for (let i = 0; i < 5_000; i += 1) rows.push(['123456789012', `arn:aws:ec2:eu-west-1:123456789012:instance/i-${i.toString(16).padStart(17, '0')}`, 'no annotation here', 'false']);
    await writeCsv(file, COLUMNS, rows);
    const read: string[][] = [];
    for await (const row of readCsvRows(file)) read.push(row);
    expect(read.length).toBe(rows.length + 1);
    // v8.serialize tags a one-byte string '"' (0x22) and a two-byte one 'c' (0x63).
    const oneByte = (cell: string) => serialize(cell)[2] === 0x22;
    expect(oneByte(read[1]?.[1] as string)).toBe(false);
    const later = read.slice(-1_000).flat();
    expect(later.filter((cell) => !oneByte(cell))).toEqual([]);
  });
});
