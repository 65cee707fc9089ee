/**
 * Reading and writing the snapshot format (`srmap-snapshot/1`): the pure parsers that read-snapshot
 * and verify-snapshot use, checking with the one schema of the format in src/domain/snapshot.ts.
 * No I/O here.
 *
 * A bad manifest or record line throws SrmapError `SNAPSHOT_INVALID` (kind 'input') with one
 * Problem per issue, each naming the file, the line and the path inside the record.
 */
import { SrmapError, formatProblems } from '../domain/errors.js';
import type { Problem } from '../domain/errors.js';
import { OPTIONAL_RECORD_KINDS, RECORD_FILES, SNAPSHOT_FORMAT, SnapshotManifestSchema, recordSchemaOf } from '../domain/snapshot.js';
import type { RecordKind, RecordTypes, SnapshotManifest } from '../domain/snapshot.js';
import { isExactEvaluation } from './fast-evaluation.js';

/** Hint for any snapshot that does not parse or does not match its manifest. */
export const DAMAGED_HINT =
  'the snapshot was edited or damaged: re-collect it (srmap collect) or run `srmap verify` on it to see every problem';

export const MANIFEST_FILE = 'manifest.json';

/**
 * Longest record line a snapshot may hold, in bytes of UTF-8 without its '\n'. AWS's own limits
 * keep real records far below it (a resource id is at most 768 characters, an annotation 256, an
 * Artifact description a few KB); the writer refuses a longer record, so a reader meeting one knows
 * the file was not written by srmap and stops there instead of buffering it.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** Largest manifest.json read: about 200,000 gaps or files, far beyond any real collection. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export const RECORD_KINDS = Object.keys(RECORD_FILES) as RecordKind[];

/** Kinds every snapshot lists (see OPTIONAL_RECORD_KINDS for the others). */
export const REQUIRED_RECORD_KINDS = RECORD_KINDS.filter((k) => !OPTIONAL_RECORD_KINDS.includes(k));

/** The record kind a file name belongs to, if any. */
export function toRecordKind(fileName: string): RecordKind | undefined {
  return RECORD_KINDS.find((k) => RECORD_FILES[k] === fileName);
}

/** True when the record file is gzip'd on disk. */
export function isGzipFile(fileName: string): boolean {
  return fileName.endsWith('.gz');
}

/** `a.b[3].c` from a zod issue path. */
export function toIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(record)' : out;
}

function invalid(message: string, problems: Problem[], cause?: unknown): SrmapError {
  const shown = formatProblems(problems.map((p) => ({ ...p, hint: undefined })), 5);
  return new SrmapError('SNAPSHOT_INVALID', `${message}\n${shown.map((line) => `  ${line}`).join('\n')}`, {
    kind: 'input',
    hint: DAMAGED_HINT,
    problems,
    cause,
  });
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
}

/** Parse and check manifest.json. Gathers every problem before throwing SNAPSHOT_INVALID. */
export function parseManifest(text: string, file: string = MANIFEST_FILE): SnapshotManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(msg);
    const where = m?.[1] !== undefined ? lineColumn(text, Number(m[1])) : undefined;
    throw invalid(`${file} is not valid JSON`, [
      { file, ...(where ?? {}), message: `not valid JSON: ${msg}`, hint: DAMAGED_HINT },
    ], err);
  }
  const parsed = SnapshotManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw invalid(
      `${file} does not match the snapshot format ${SNAPSHOT_FORMAT}`,
      parsed.error.issues.map((issue) => ({
        file,
        path: toIssuePath(issue.path),
        message: issue.message,
        hint: DAMAGED_HINT,
      })),
    );
  }
  const manifest = parsed.data;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  manifest.files.forEach((f, i) => {
    if (f.path === MANIFEST_FILE) {
      problems.push({ file, path: `files[${i}].path`, message: 'the manifest cannot list itself', hint: DAMAGED_HINT });
    }
    if (seen.has(f.path)) {
      problems.push({ file, path: `files[${i}].path`, message: `${f.path} is listed twice`, hint: DAMAGED_HINT });
    }
    seen.add(f.path);
  });
  if (problems.length > 0) throw invalid(`${file} is inconsistent`, problems);
  return manifest;
}

/**
 * Parse and check one NDJSON line of a record file. `lineNo` is 1-based.
 * Throws SNAPSHOT_INVALID located at file, line and path.
 */
export function parseRecordLine<K extends RecordKind>(
  kind: K,
  line: string,
  file: string,
  lineNo: number,
): RecordTypes[K] {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw invalid(`${file}: line ${lineNo} is not a valid record`, [
      { file, line: lineNo, message: line === '' ? 'empty line' : `not valid JSON: ${msg}`, hint: DAMAGED_HINT },
    ], err);
  }
  // Most records of a snapshot are evaluation results: a valid one skips zod (fast-evaluation.ts).
  if (kind === 'evaluations' && isExactEvaluation(json)) return json as RecordTypes[K];
  const parsed = recordSchemaOf(kind).safeParse(json);
  if (!parsed.success) {
    throw invalid(
      `${file}: line ${lineNo} is not a valid ${kind} record`,
      parsed.error.issues.map((issue) => ({
        file,
        line: lineNo,
        path: toIssuePath(issue.path),
        message: issue.message,
        hint: DAMAGED_HINT,
      })),
    );
  }
  return parsed.data;
}

/** One NDJSON line (with its '\n') for a record, keys in the order the object gives them. */
export function toRecordLine(record: object): string {
  return `${JSON.stringify(record)}\n`;
}

/** manifest.json text: 2-space JSON, files sorted by path, trailing newline. */
export function toManifestText(manifest: SnapshotManifest): string {
  const files = [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return `${JSON.stringify({ ...manifest, files }, null, 2)}\n`;
}
