/**
 * Thin CSV writer: RFC 4180, UTF-8 with BOM, CRLF, every cell made visible and formula-safe;
 * written under a temporary name and renamed when complete. Rows are gathered and written in large
 * batches (one file write per batch), so millions of rows cost a few hundred writes. Each cell is
 * what csv-stringify makes of it (toCsvCell): a cell that neither csv-stringify nor toSafeCell
 * would change is taken as it is, any other goes through both.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify, type Options } from 'csv-stringify/sync';
import { toSafeCell } from './neutralise-cell.js';

export interface CsvSink {
  write(row: readonly string[]): Promise<void>;
  /** Many rows at once: the same bytes as writing them one by one. */
  writeRows(rows: readonly (readonly string[])[]): Promise<void>;
  /** Rows already formatted (toCsvCell cells joined by ',', each line ending in CRLF), `rows` of them. */
  writeLines(text: string, rows: number): Promise<void>;
  /** The rows written, and the file's sha256 and size (of the bytes as written: no second read). */
  close(): Promise<CsvWritten>;
  abort(): Promise<void>;
}

export interface CsvWritten {
  rows: number;
  sha256: string;
  bytes: number;
}

const OPTIONS: Options = { record_delimiter: 'windows', escape_formulas: true, quoted_match: /[",\r\n]/ };
/** Rows gathered before they are written. */
const BATCH_ROWS = 8192;
const CRLF = '\r\n';

/**
 * A cell toSafeCell and csv-stringify (OPTIONS) both leave as it is: printable ASCII without '"'
 * or ',' (nothing to quote, escape or make visible), not starting with a space or with '+', '-',
 * '=' or '@' (nothing to neutralise); or empty. Most cells of a large table are such.
 */
const PLAIN_CELL = /^(?:[\x21\x23-\x2a\x2e-\x3c\x3e\x3f\x41-\x7e][\x20\x21\x23-\x2b\x2d-\x7e]*)?$/;

/**
 * One cell as openCsv writes it, without its delimiter: made visible and formula-safe (toSafeCell),
 * then as csv-stringify formats it within a row (a field's text does not depend on its
 * neighbours). A plain cell is that already.
 */
export function toCsvCell(value: string): string {
  if (PLAIN_CELL.test(value)) return value;
  return stringify([[toSafeCell(value)]], OPTIONS).slice(0, -CRLF.length);
}

/** A row as one line of CSV, CRLF included. */
export function toCsvLine(row: readonly string[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += i === 0 ? toCsvCell(row[i] as string) : `,${toCsvCell(row[i] as string)}`;
  return line + CRLF;
}

/** Where openCsv writes `path` until it is complete (a worker thread of this process uses the same name). */
export function partialCsvPath(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

export function openCsv(path: string, columns: readonly string[]): CsvSink {
  const tmp = partialCsvPath(path);
  const file = createWriteStream(tmp);
  // The BOM and the header as csv-stringify writes them; then rows, a batch of lines at a time.
  let text = stringify([columns.map(toSafeCell)], { ...OPTIONS, bom: true });
  let waiting = 1;
  let rows = 0;
  let bytes = 0;
  const hash = createHash('sha256');
  const flush = async () => {
    if (text === '') return;
    const out = Buffer.from(text, 'utf8');
    text = '';
    waiting = 0;
    hash.update(out);
    bytes += out.length;
    if (!file.write(out)) await once(file, 'drain');
  };
  return {
    async write(row) {
      rows += 1;
      text += toCsvLine(row);
      if (++waiting >= BATCH_ROWS) await flush();
    },
    async writeRows(many) {
      for (const row of many) {
        rows += 1;
        text += toCsvLine(row);
        if (++waiting >= BATCH_ROWS) await flush();
      }
    },
    async writeLines(lines, n) {
      rows += n;
      text += lines;
      waiting += n;
      if (waiting >= BATCH_ROWS) await flush();
    },
    async close() {
      await flush();
      file.end();
      await finished(file);
      await rename(tmp, path);
      return { rows, sha256: hash.digest('hex'), bytes };
    },
    async abort() {
      // The file may still be opening: wait until the stream has closed its descriptor, or the
      // open would create the partial file again after it was removed.
      const closed = file.closed ? Promise.resolve() : once(file, 'close').then(() => undefined, () => undefined);
      file.destroy();
      await closed;
      await rm(tmp, { force: true });
    },
  };
}

export async function writeCsv(path: string, columns: readonly string[], rows: readonly (readonly string[])[]): Promise<CsvWritten> {
  const sink = openCsv(path, columns);
  try {
    await sink.writeRows(rows);
    return await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}
