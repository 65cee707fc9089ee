/**
 * Thin CSV writer: RFC 4180, UTF-8 with BOM, CRLF, every cell made visible and formula-safe;
 * written under a temporary name and renamed when complete. Rows are gathered and written in large
 * batches (one csv-stringify call and one file write per batch), so millions of rows cost a few
 * hundred writes.
 */
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
  close(): Promise<{ rows: number }>;
  abort(): Promise<void>;
}

const OPTIONS: Options = { record_delimiter: 'windows', escape_formulas: true, quoted_match: /[",\r\n]/ };
/** Rows gathered before they are formatted and written. */
const BATCH_ROWS = 8192;

/** Where openCsv writes `path` until it is complete (a worker thread of this process uses the same name). */
export function partialCsvPath(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

export function openCsv(path: string, columns: readonly string[]): CsvSink {
  const tmp = partialCsvPath(path);
  const file = createWriteStream(tmp);
  let batch: string[][] = [columns.map(toSafeCell)];
  let first = true;
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const text = stringify(batch, { ...OPTIONS, bom: first });
    first = false;
    batch = [];
    if (!file.write(text)) await once(file, 'drain');
  };
  return {
    async write(row) {
      rows += 1;
      batch.push(row.map(toSafeCell));
      if (batch.length >= BATCH_ROWS) await flush();
    },
    async writeRows(many) {
      for (const row of many) {
        rows += 1;
        batch.push(row.map(toSafeCell));
        if (batch.length >= BATCH_ROWS) await flush();
      }
    },
    async close() {
      await flush();
      file.end();
      await finished(file);
      await rename(tmp, path);
      return { rows };
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

export async function writeCsv(path: string, columns: readonly string[], rows: readonly (readonly string[])[]): Promise<{ rows: number }> {
  const sink = openCsv(path, columns);
  try {
    await sink.writeRows(rows);
    return await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}
