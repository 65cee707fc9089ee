/**
 * Reads a snapshot directory: the manifest, and each record file as a stream of validated records.
 * Record files are hashed as they stream; at end of file a mismatch with the manifest (sha256,
 * bytes, record count) throws SNAPSHOT_TAMPERED. Memory does not grow with the number of records.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SrmapError } from '../domain/errors.js';
import type { Problem } from '../domain/errors.js';
import { OPTIONAL_RECORD_KINDS, RECORD_FILES } from '../domain/snapshot.js';
import type { RecordKind, RecordTypes, SnapshotFile, SnapshotManifest } from '../domain/snapshot.js';
import { DAMAGED_HINT, MANIFEST_FILE, MAX_MANIFEST_BYTES, MAX_RECORD_BYTES, isGzipFile, parseManifest, parseRecordLine } from './snapshot-format.js';
import { LineLimitError, LineSplitter, formatBytes } from './split-lines.js';

/** No path to the shipped sample here: it is under srmap's own folder (node_modules/srmap once installed), not the user's. */
const NOT_FOUND_HINT =
  'pass the directory of a snapshot (it holds manifest.json): run `srmap collect` to make one, or use the sample srmap ships (`srmap snapshots list` prints its path)';

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * The text of `<dir>/manifest.json`: a regular file (not a link or device) of at most
 * MAX_MANIFEST_BYTES, read no further than that.
 */
export async function readManifestText(dir: string): Promise<string> {
  const path = join(dir, MANIFEST_FILE);
  let s: Stats;
  try {
    s = await lstat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') {
      throw new SrmapError('SNAPSHOT_NOT_FOUND', `${dir} is not a snapshot: it has no ${MANIFEST_FILE}`, {
        hint: `${NOT_FOUND_HINT}. A directory without ${MANIFEST_FILE} is an unfinished or aborted write.`,
        cause: err,
      });
    }
    throw err;
  }
  const problem = (message: string): SrmapError =>
    new SrmapError('SNAPSHOT_INVALID', `${MANIFEST_FILE}: ${message}`, { hint: DAMAGED_HINT, problems: [{ file: MANIFEST_FILE, message, hint: DAMAGED_HINT }] });
  if (!s.isFile()) throw problem(`${s.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}, where srmap writes a file; it was not read`);
  if (s.size > MAX_MANIFEST_BYTES) throw problem(`${s.size.toLocaleString('en-US')} bytes, more than the ${formatBytes(MAX_MANIFEST_BYTES)} a manifest may have; it was not read`);
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(s.size);
    const { bytesRead } = await handle.read(buf, 0, s.size, 0);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Read and check `<dir>/manifest.json`. */
export async function readManifest(dir: string): Promise<SnapshotManifest> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) {
      throw new SrmapError('SNAPSHOT_NOT_FOUND', `${dir} is not a directory`, { hint: NOT_FOUND_HINT });
    }
  } catch (err) {
    if (err instanceof SrmapError) throw err;
    throw new SrmapError('SNAPSHOT_NOT_FOUND', `No snapshot at ${dir}: ${errnoCode(err) === 'ENOENT' ? 'the directory does not exist' : String(err)}`, {
      hint: NOT_FOUND_HINT,
      cause: err,
    });
  }
  const text = await readManifestText(dir);
  return parseManifest(text, MANIFEST_FILE);
}

/** The manifest entry for a record kind, or SNAPSHOT_INVALID if the manifest does not list it. */
export function manifestEntry(manifest: SnapshotManifest, kind: RecordKind): SnapshotFile {
  const path = RECORD_FILES[kind];
  const entry = manifest.files.find((f) => f.path === path);
  if (!entry) {
    const problem: Problem = { file: MANIFEST_FILE, path: 'files', message: `${path} is not listed`, hint: DAMAGED_HINT };
    throw new SrmapError('SNAPSHOT_INVALID', `${MANIFEST_FILE}: files: ${path} is not listed`, {
      hint: DAMAGED_HINT,
      problems: [problem],
    });
  }
  return entry;
}

export function tamperedError(file: string, details: string[], cause?: unknown): SrmapError {
  const message = `${file} does not match the manifest: ${details.join('; ')}`;
  return new SrmapError('SNAPSHOT_TAMPERED', message, {
    hint: 'the file changed after the snapshot was written (edited, truncated or damaged in transfer): restore it from the original snapshot or re-collect; `srmap verify` lists every file that differs',
    problems: [{ file, message: details.join('; '), hint: DAMAGED_HINT }],
    cause,
  });
}

export interface LineStats {
  sha256: string;
  bytes: number;
  lines: number;
}

/**
 * Check a listed file before reading a byte of it: it must be a regular file (not a symbolic link,
 * device or pipe, which could point anywhere or never end) of exactly the size the manifest lists.
 * Throws SNAPSHOT_TAMPERED naming the file: the mismatch known from the manifest comes first.
 */
export async function checkListedFile(dir: string, entry: SnapshotFile): Promise<void> {
  let s: Stats;
  try {
    s = await lstat(join(dir, entry.path));
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw tamperedError(entry.path, ['the file is missing'], err);
    throw err;
  }
  if (!s.isFile()) {
    const what = s.isSymbolicLink() ? 'a symbolic link' : s.isDirectory() ? 'a directory' : 'not a regular file';
    throw tamperedError(entry.path, [`${what}, where the manifest lists a file srmap wrote; it was not read`]);
  }
  if (s.size !== entry.bytes) {
    throw tamperedError(entry.path, [`${s.size < entry.bytes ? 'truncated: ' : ''}expected ${entry.bytes} bytes, found ${s.size}; its contents were not read`]);
  }
}

/** Bytes of decompressed output per inflate call (see streamLineBatches); the bench's floors read with the same. */
export const GUNZIP_CHUNK_BYTES = 64 * 1024;

function lineLimitError(file: string, err: LineLimitError): SrmapError {
  if (err.kind === 'too-many-lines') return tamperedError(file, [err.message], err);
  const problem: Problem = { file, line: err.line, message: `${err.message}: srmap never writes such a line, so the file was not written by srmap; reading stopped there`, hint: DAMAGED_HINT };
  return new SrmapError('SNAPSHOT_INVALID', `${file}: line ${err.line}: ${problem.message}`, { hint: DAMAGED_HINT, problems: [problem], cause: err });
}

/**
 * Stream the lines of a listed snapshot file (gunzipped when `.gz`), hashing the bytes on disk as
 * they go. Bounded by the manifest: the file must be a regular file of the listed size (checked
 * before reading), at most that many bytes are read, a line may not exceed MAX_RECORD_BYTES and
 * there may not be more lines than the listed records, so the decompressed output is bounded by
 * the listed records times the line limit. Time is linear in the bytes read. Yields each line
 * without its '\n'; returns the hash, byte and line counts. Throws SNAPSHOT_TAMPERED (or
 * SNAPSHOT_INVALID for an overlong line), naming the file, on the first bound broken.
 */
export async function* streamLines(dir: string, entry: SnapshotFile): AsyncGenerator<string, LineStats> {
  const batches = streamLineBatches(dir, entry);
  for (;;) {
    const next = await batches.next();
    if (next.done) return next.value;
    yield* next.value;
  }
}

/** streamLines, a batch at a time: the lines each chunk read completes (for consumers of many records). */
export async function* streamLineBatches(dir: string, entry: SnapshotFile): AsyncGenerator<string[], LineStats> {
  const fileName = entry.path;
  await checkListedFile(dir, entry);
  const hash = createHash('sha256');
  let bytes = 0;
  // `end` is inclusive: one byte past the listed size shows a file that grew since the check.
  const raw = createReadStream(join(dir, fileName), { highWaterMark: 256 * 1024, start: 0, end: entry.bytes });
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const noop = (): void => undefined;
  // 64 KB of output per inflate call instead of zlib's 16 KB: a quarter of the thread-pool round
  // trips, and batches of about 200 records instead of 50 (0.3 s less CPU per million results).
  const source: Readable = isGzipFile(fileName) ? pipeline(raw, counter, createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }), noop) : pipeline(raw, counter, noop);
  const splitter = new LineSplitter({ maxLineBytes: MAX_RECORD_BYTES, maxLines: entry.records });
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const lines = splitter.push(chunk);
      if (lines.length > 0) yield lines;
    }
    // A last line without its '\n' still counts; the manifest check decides whether it belongs.
    const last = splitter.end();
    if (last !== undefined) yield [last];
  } catch (err) {
    if (err instanceof LineLimitError) throw lineLimitError(fileName, err);
    if (errnoCode(err) === 'ENOENT') {
      throw tamperedError(fileName, ['the file is missing'], err);
    }
    const zerr = err as NodeJS.ErrnoException;
    if (typeof zerr.code === 'string' && zerr.code.startsWith('Z_')) {
      const kindOfDamage = /unexpected end of file/i.test(zerr.message) ? 'the compressed data ends early (truncated)' : `the compressed data is damaged (${zerr.message})`;
      throw tamperedError(fileName, [kindOfDamage, `${bytes} bytes read`], err);
    }
    throw err;
  } finally {
    raw.destroy();
    source.destroy();
  }
  return { sha256: hash.digest('hex'), bytes, lines: splitter.lines };
}

/**
 * A listed record file checked against the manifest without reading its records, for a kind the
 * reader does not need: a regular file of the listed size whose bytes hash to the listed sha256,
 * else SNAPSHOT_TAMPERED. Its lines are neither decompressed nor parsed (`srmap verify` does that).
 * An optional kind the manifest does not list is not looked for.
 */
export async function checkRecordFile(dir: string, manifest: SnapshotManifest, kind: RecordKind): Promise<void> {
  if (OPTIONAL_RECORD_KINDS.includes(kind) && !manifest.files.some((f) => f.path === RECORD_FILES[kind])) return;
  const entry = manifestEntry(manifest, kind);
  await checkListedFile(dir, entry);
  const hash = createHash('sha256');
  let bytes = 0;
  // `end` is inclusive: one byte past the listed size shows a file that grew since the check.
  for await (const chunk of createReadStream(join(dir, entry.path), { highWaterMark: 256 * 1024, start: 0, end: entry.bytes }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  const sha256 = hash.digest('hex');
  const details: string[] = [];
  if (bytes !== entry.bytes) details.push(`expected ${entry.bytes} bytes, found ${bytes}`);
  if (sha256 !== entry.sha256) details.push(`expected sha256 ${entry.sha256}, found ${sha256}`);
  if (details.length > 0) throw tamperedError(entry.path, details);
}

function compareWithManifest(entry: SnapshotFile, stats: LineStats): string[] {
  const details: string[] = [];
  if (stats.bytes !== entry.bytes) details.push(`expected ${entry.bytes} bytes, found ${stats.bytes}`);
  if (stats.lines !== entry.records) details.push(`expected ${entry.records} records, found ${stats.lines}`);
  if (stats.sha256 !== entry.sha256) details.push(`expected sha256 ${entry.sha256}, found ${stats.sha256}`);
  return details;
}

/**
 * Stream the records of one kind, validated line by line. At end of file the bytes on disk must
 * match the manifest's sha256, byte and record counts, else SNAPSHOT_TAMPERED. An invalid line in
 * a file that also fails its hash is reported as SNAPSHOT_TAMPERED (the root cause); in a file
 * whose hash matches, as SNAPSHOT_INVALID at that line. A consumer must discard what it has
 * folded so far when the iteration throws.
 */
export async function* readRecords<K extends RecordKind>(
  dir: string,
  manifest: SnapshotManifest,
  kind: K,
): AsyncGenerator<RecordTypes[K], void, undefined> {
  for await (const batch of readRecordBatches(dir, manifest, kind)) yield* batch;
}

/**
 * readRecords, a batch at a time (the records of each chunk read), for a consumer of many records:
 * the same checks, the same errors, without a promise per record.
 */
export async function* readRecordBatches<K extends RecordKind>(
  dir: string,
  manifest: SnapshotManifest,
  kind: K,
): AsyncGenerator<RecordTypes[K][], void, undefined> {
  // A kind added after the snapshot was written (OPTIONAL_RECORD_KINDS) and not listed: none collected.
  if (OPTIONAL_RECORD_KINDS.includes(kind) && !manifest.files.some((f) => f.path === RECORD_FILES[kind])) return;
  const entry = manifestEntry(manifest, kind);
  const file = entry.path;
  const batches = streamLineBatches(dir, entry);
  let lineNo = 0;
  let invalid: unknown;
  let stats: LineStats;
  for (;;) {
    const next = await batches.next();
    if (next.done) {
      stats = next.value;
      break;
    }
    if (invalid !== undefined) {
      lineNo += next.value.length;
      continue; // keep hashing to decide tampered vs invalid
    }
    const records: RecordTypes[K][] = [];
    for (const line of next.value) {
      lineNo++;
      if (invalid !== undefined) continue;
      try {
        records.push(parseRecordLine(kind, line, file, lineNo));
      } catch (err) {
        if (!(err instanceof SrmapError)) throw err;
        invalid = err;
      }
    }
    if (records.length > 0) yield records;
  }
  const details = compareWithManifest(entry, stats);
  if (details.length > 0) throw tamperedError(file, details, invalid);
  if (invalid !== undefined) throw invalid;
}

/** Every record of a kind in memory: for the small kinds (rules, reports, owners...), not evaluations. */
export async function readAll<K extends RecordKind>(dir: string, manifest: SnapshotManifest, kind: K): Promise<RecordTypes[K][]> {
  const out: RecordTypes[K][] = [];
  for await (const r of readRecords(dir, manifest, kind)) out.push(r);
  return out;
}
