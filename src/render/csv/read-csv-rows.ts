/**
 * Reads back a CSV srmap wrote (write-csv.ts: UTF-8 with BOM, CRLF, RFC 4180): the rows csv-parse
 * gives for it (`bom: true`, every row as many cells as the header) at a fraction of the cost
 * (measured on 100,000 rows of a 1M-result evidence.csv: 0.2-0.3 s of CPU against csv-parse's
 * 1.4 s). A row without a quote character is its line split at the commas (csv-stringify quotes
 * every cell holding a comma, quote, CR or LF, so such a line has no other syntax); a row with
 * one, which may run over several lines, goes through csv-parse itself. A reader that stops early
 * reads no further than the chunk it is in.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse/sync';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const CHUNK = 64 * 1024;

/** The record that starts at `start` ends at the LF of a line where its quotes are balanced; -1: not in `text` yet. */
function recordEnd(text: string, start: number): number {
  let quoted = false;
  for (let i = start; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (c === LF && !quoted) return i;
  }
  return -1;
}

/** One record's text (line end excluded) as csv-parse reads it. */
function parseRecord(record: string, file: string): string[] {
  const rows = parse(record, { relax_column_count: false }) as string[][];
  if (rows.length !== 1) throw new Error(`${file}: a record read back as ${rows.length} rows`);
  return rows[0] as string[];
}

/**
 * The file's rows one by one, its header first; a row of another width than the header is an
 * error, as csv-parse's. Each row is split only when it is asked for, and the chunks are small, so
 * that a chunk's text and rows die young (a whole chunk split ahead would outlive the young
 * generation's collections and be promoted: about 100 MB of garbage per 100,000 rows, measured).
 *
 * The file is read as bytes and only whole lines are decoded (UTF-8 never uses the byte LF inside a
 * character); what follows a chunk's last line end is carried to the next chunk as bytes, not as
 * text. Carried as text, the BOM's U+FEFF (or any character past Latin-1) made the first text
 * two-byte, and every later chunk joined to what was carried became two-byte too: 64 KiB of
 * ASCII held as 128 KiB, over V8's largest ordinary object, so each chunk's text was a large
 * object, promoted whole by the first collection it outlived (at 1M results about 100 MB of such
 * garbage piled up in the old generation while the workbooks were written). Decoded from bytes, a
 * chunk of ASCII (or Latin-1) is a one-byte string.
 */
export async function* readCsvRows(file: string): AsyncGenerator<string[]> {
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  /** The bytes after the last whole record (an unfinished line, or a quoted record still open). */
  let rest: Buffer | undefined;
  let first = true;
  let width = -1;
  const row = (text: string): string[] => {
    const line = text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text;
    const cells = line.includes('"') ? parseRecord(line, file) : line.split(',');
    if (width < 0) width = cells.length;
    else if (cells.length !== width) throw new Error(`${file}: a row of ${cells.length} cells where the header has ${width}`);
    return cells;
  };
  /** The first text decoded loses its BOM. */
  const decode = (bytes: Buffer, end: number): string => {
    const text = bytes.toString('utf8', 0, end);
    if (!first) return text;
    first = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const bytes = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
      const last = bytes.lastIndexOf(LF);
      if (last < 0) {
        rest = bytes;
        continue;
      }
      const text = decode(bytes, last + 1);
      let start = 0;
      // The next quote at or after `start` (-1: none in the text), looked for again only once passed.
      let quote = text.indexOf('"');
      for (;;) {
        const lf = text.indexOf('\n', start);
        if (lf < 0) break;
        if (quote >= 0 && quote < start) quote = text.indexOf('"', start);
        const end = quote >= 0 && quote < lf ? recordEnd(text, start) : lf;
        if (end < 0) break;
        const record = text.slice(start, end);
        start = end + 1;
        yield row(record);
      }
      // A quoted record still open at the text's end goes back to bytes (rare: a cell with a line end).
      const tail = bytes.subarray(last + 1);
      rest = start < text.length ? Buffer.concat([Buffer.from(text.slice(start), 'utf8'), tail]) : tail.length > 0 ? Buffer.from(tail) : undefined;
    }
    if (rest !== undefined && rest.length > 0) yield row(decode(rest, rest.length));
  } finally {
    stream.destroy();
  }
}
