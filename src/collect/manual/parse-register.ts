/**
 * The evidence register: a CSV the compliance officer keeps, one row per piece of manual evidence.
 * Pure: parse the text (csv-parse), check every row against the catalog, gather every problem with
 * file, line, column and a hint. Hashing the files the rows point to is read-register.ts's job.
 */
import { parse } from 'csv-parse/sync';
import { isCalendarDate } from '../../domain/dates.js';
import type { Problem } from '../../domain/errors.js';
import type { ManualEvidenceRecord } from '../../domain/snapshot.js';

/** The register's columns, in the order `srmap init` writes them. */
export const REGISTER_COLUMNS = [
  'evidence_id',
  'supports',
  'title',
  'owner',
  'collected_on',
  'valid_until',
  'location',
  'sha256',
] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];
const REQUIRED: readonly RegisterColumn[] = ['evidence_id', 'supports', 'title', 'owner', 'collected_on', 'valid_until', 'location'];

export interface RegisterRow {
  line: number;
  record: ManualEvidenceRecord;
}

export interface RegisterContext {
  /** Manual evidence kind ids (frameworks/evidence-kinds.yaml). */
  kinds: ReadonlySet<string>;
  /** Common control ids: a row may support one control directly. */
  controls: ReadonlySet<string>;
}

export interface ParsedRegister {
  rows: RegisterRow[];
  problems: Problem[];
}

/** A register row whose fields are all empty is a placeholder `srmap init` wrote: skipped, not an error. */
function isBlank(values: Record<string, string>, columns: readonly string[]): boolean {
  return columns.filter((c) => c !== 'supports' && c !== 'title').every((c) => (values[c] ?? '').trim() === '');
}

export function parseRegister(text: string, file: string, ctx: RegisterContext): ParsedRegister {
  const problems: Problem[] = [];
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    return { rows: [], problems: [{ file, ...(err.lines ? { line: err.lines } : {}), message: `not a readable CSV: ${err.message}`, hint: 'Save the register as CSV (UTF-8), comma-separated, with a header row.' }] };
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  if (header.length === 0) return { rows: [], problems: [{ file, line: 1, message: 'the register is empty', hint: `Start from \`srmap init\`, or write the header: ${REGISTER_COLUMNS.join(',')}` }] };
  const missing = REQUIRED.filter((c) => !header.includes(c));
  for (const c of missing) problems.push({ file, line: 1, message: `missing column ${c}`, hint: `The header must name: ${REGISTER_COLUMNS.join(', ')} (sha256 may be left empty).` });
  const unknown = header.filter((h) => h !== '' && !(REGISTER_COLUMNS as readonly string[]).includes(h));
  for (const h of unknown) problems.push({ file, line: 1, column: header.indexOf(h) + 1, message: `unknown column ${h}`, hint: `Known columns: ${REGISTER_COLUMNS.join(', ')}.` });
  if (missing.length > 0) return { rows: [], problems };

  const col = (name: RegisterColumn) => header.indexOf(name) + 1;
  const seen = new Map<string, number>();
  const rows: RegisterRow[] = [];
  for (const [i, cells] of records.slice(1).entries()) {
    const line = i + 2;
    const v = Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()])) as Record<string, string>;
    if (isBlank(v, header)) continue;
    const at = (c: RegisterColumn, message: string, hint: string) => problems.push({ file, line, column: col(c), path: c, message, hint });
    const before = problems.length;
    if (cells.length !== header.length) problems.push({ file, line, message: `${cells.length} cells where the header has ${header.length}`, hint: 'A cell with a comma or a line break must be quoted ("...").' });
    for (const c of REQUIRED) if (v[c] === '') at(c, `${c} is empty`, c === 'supports' ? 'Name a manual evidence kind (see frameworks/evidence-kinds.yaml) or a common control id.' : `Fill in ${c}.`);
    const id = v.evidence_id ?? '';
    if (id !== '') {
      const first = seen.get(id);
      if (first !== undefined) at('evidence_id', `duplicate evidence_id ${id} (first on line ${first})`, 'Give every row its own evidence_id.');
      else seen.set(id, line);
    }
    const supports = v.supports ?? '';
    if (supports !== '' && !ctx.kinds.has(supports) && !ctx.controls.has(supports)) {
      at('supports', `unknown evidence kind or control ${supports}`, 'Use a manual evidence kind id from frameworks/evidence-kinds.yaml or a control id (`srmap frameworks crosswalk` lists them).');
    }
    for (const c of ['collected_on', 'valid_until'] as const) {
      if (v[c] !== '' && !isCalendarDate(v[c] ?? '')) at(c, `${c} "${v[c]}" is not a date`, 'Write dates as YYYY-MM-DD, e.g. 2026-09-30.');
    }
    if (isCalendarDate(v.collected_on ?? '') && isCalendarDate(v.valid_until ?? '') && (v.valid_until ?? '') < (v.collected_on ?? '')) {
      at('valid_until', `valid_until ${v.valid_until} is before collected_on ${v.collected_on}`, 'valid_until is when the evidence must be reviewed or replaced: after it was collected.');
    }
    const sha = (v.sha256 ?? '').toLowerCase();
    if (sha !== '' && !/^[0-9a-f]{64}$/.test(sha)) at('sha256', 'sha256 is not 64 hexadecimal characters', 'Leave it empty (srmap computes it for local files) or paste the output of `sha256sum FILE`.');
    if (problems.length > before) continue;
    rows.push({
      line,
      record: {
        id,
        kind: ctx.kinds.has(supports) ? supports : `control:${supports}`,
        title: v.title ?? '',
        owner: v.owner ?? '',
        collectedOn: v.collected_on ?? '',
        validUntil: v.valid_until ?? '',
        location: v.location ?? '',
        ...(sha ? { sha256: sha } : {}),
      },
    });
  }
  return { rows, problems };
}
