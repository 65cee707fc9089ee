/**
 * Thin CSV writer: RFC 4180, UTF-8 with BOM, CRLF, every cell formula-safe; written under a
 * temporary name and renamed when complete.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { toSafeCell } from './neutralise-cell.js';

export interface CsvSink {
  write(row: readonly string[]): Promise<void>;
  close(): Promise<{ rows: number }>;
  abort(): Promise<void>;
}

export function openCsv(path: string, columns: readonly string[]): CsvSink {
  const tmp = `${path}.tmp-${process.pid}`;
  const file = createWriteStream(tmp);
  const csv = stringify({ bom: true, record_delimiter: 'windows', escape_formulas: true, quoted_match: /[",\r\n]/ });
  csv.pipe(file);
  let rows = 0;
  const push = async (row: readonly string[]) => {
    if (!csv.write(row.map(toSafeCell))) await once(csv, 'drain');
  };
  const ready = push(columns);
  return {
    async write(row) {
      await ready;
      rows += 1;
      await push(row);
    },
    async close() {
      await ready;
      csv.end();
      await finished(file);
      await rename(tmp, path);
      return { rows };
    },
    async abort() {
      csv.destroy();
      file.destroy();
      await rm(tmp, { force: true });
    },
  };
}

export async function writeCsv(path: string, columns: readonly string[], rows: readonly (readonly string[])[]): Promise<{ rows: number }> {
  const sink = openCsv(path, columns);
  try {
    for (const row of rows) await sink.write(row);
    return await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}
