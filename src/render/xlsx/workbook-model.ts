/**
 * The workbook as data: sheets of typed columns and rows of text, with internal links and the
 * colours of the status vocabularies. Built by pure functions (to-workbook-sheets.ts), written by
 * write-workbook.ts. A cell's text is the CSV's text before formula neutralisation (a workbook cell
 * is typed: text stays text), converted by its column's kind: a date column holds dates, a count
 * column numbers, everything else text cells formatted as text (`@`), so 12.10 stays 12.10 and an
 * account id keeps its leading zeros.
 */
import { STATUSES, STATUS_VOCABULARY, type Status } from '../../domain/status.js';
import { SHEET_NAMES } from '../../domain/workbook-sheet-names.js';

/** srmap's own sheet names live in the domain, where the catalog check reads them too. */
export { SHEET_NAMES, continuedSheetName } from '../../domain/workbook-sheet-names.js';

export type ColumnKind = 'text' | 'date' | 'datetime' | 'int';

export interface SheetColumn {
  header: string;
  kind: ColumnKind;
  /** Width in characters. */
  width: number;
  /** Colour the cell by its value (a status, a compliance type, a standing). */
  coloured?: boolean;
  /** Wrap long text (the row is made tall enough to show it). */
  wrap?: boolean;
}

/** A place in the workbook a cell links to. */
export interface SheetTarget {
  sheet: string;
  /** 1-based row (the header is row 1). */
  row: number;
  /** 1-based column; default 1. */
  column?: number;
}

export interface SheetRow {
  cells: readonly string[];
  /** Internal links, by 0-based column index. */
  links?: ReadonlyMap<number, SheetTarget>;
  /** A heading row (a section of the framework's tree): bold, shaded. */
  heading?: boolean;
  /** Cells of another kind than their column's, by 0-based column index. */
  kinds?: ReadonlyMap<number, ColumnKind>;
  /** Cells coloured by their value although their column is not, by 0-based column index. */
  colourFrom?: number;
}

export interface SheetSpec {
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly SheetRow[];
  /** Columns frozen at the left (the header row is always frozen). */
  freezeColumns?: number;
  /** A sheet of label/value pairs (About): no header row, no filter. */
  plain?: boolean;
}

/** The CSV each CSV sheet repeats, row for row. */
export const CSV_SHEETS: Readonly<Record<string, string>> = {
  'requirements.csv': SHEET_NAMES.requirements,
  'responsibility-matrix.csv': SHEET_NAMES.matrix,
  'gaps.csv': SHEET_NAMES.gaps,
  'exceptions.csv': SHEET_NAMES.exceptions,
  'attestations.csv': SHEET_NAMES.attestations,
  'manual-evidence.csv': SHEET_NAMES.manual,
  'evidence.csv': SHEET_NAMES.evidence,
  'evidence-index.csv': SHEET_NAMES.index,
};

/**
 * Evidence rows a workbook holds by default: the first rows of evidence.csv, which holds them all.
 * A workbook's cost follows its cells (about 40 microseconds of CPU per evidence row, measured), so a
 * snapshot of a million results would otherwise cost minutes per framework; this keeps it bounded
 * (about 4 s and 6 MB per framework) whatever the snapshot's size.
 */
export const WORKBOOK_EVIDENCE_ROWS = 100_000;

/** Excel's limits: rows per sheet, characters per cell, hyperlinks per sheet. */
export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_CELL_CHARS = 32_767;
export const MAX_SHEET_LINKS = 65_530;


const DATE_COLUMNS = new Set(['as_of', 'declaration_approved_on', 'approved_on', 'expires_on', 'collected_on', 'valid_until', 'period_start', 'period_end', 'review_by']);
const DATETIME_COLUMNS = new Set(['recorded_at', 'downloaded_at']);
const INT_COLUMNS = new Set([
  'results_covered', 'requirement_count', 'results', 'compliant', 'non_compliant', 'not_applicable', 'insufficient_data', 'excepted',
  'results_out_of_scope', 'deployments',
]);
const COLOURED_COLUMNS = new Set(['status', 'requirement_status', 'control_status', 'compliance_type', 'standing', 'evidence_status', 'srmap_status']);
const WIDE_COLUMNS = new Set([
  'title', 'reason', 'remediation', 'aws_does', 'customer_does', 'annotation', 'kind_title', 'requirement_title', 'control_title',
  'attestation_title', 'compensating_control', 'declaration_justification', 'justification', 'what_aws_does', 'what_the_customer_does',
]);

export function columnKind(header: string): ColumnKind {
  if (DATE_COLUMNS.has(header)) return 'date';
  if (DATETIME_COLUMNS.has(header)) return 'datetime';
  if (INT_COLUMNS.has(header)) return 'int';
  return 'text';
}

/**
 * Columns for a CSV's header: kind by name, width from the header and the first rows' text
 * (10 to 60 characters; long prose 60). A data sheet keeps one line per row (filterable, and the
 * full text in the cell); `wrap` wraps the prose columns of a sheet meant to be read.
 */
export function toColumns(headers: readonly string[], sample: readonly (readonly string[])[], options: { wrap?: boolean } = {}): SheetColumn[] {
  return headers.map((header, i) => {
    const kind = columnKind(header);
    const wide = WIDE_COLUMNS.has(header);
    let longest = header.length;
    for (const row of sample.slice(0, 500)) longest = Math.max(longest, (row[i] ?? '').length);
    const width = kind === 'date' ? 12 : kind === 'datetime' ? 20 : kind === 'int' ? Math.max(9, header.length + 2) : wide ? 60 : Math.min(60, Math.max(10, longest + 2));
    return { header, kind, width, ...(COLOURED_COLUMNS.has(header) ? { coloured: true } : {}), ...(wide && options.wrap ? { wrap: true } : {}) };
  });
}

/**
 * Cell colours (fill, font) by value, all from the one status vocabulary (domain/status.ts: a
 * status's badge, text on background): srmap's statuses, and the values that mean one of them:
 * compliance types, manual evidence and attestation standings.
 */
const argb = (hex: string): string => `FF${hex.slice(1).toUpperCase()}`;
const badge = (s: Status): { fill: string; font: string } => ({ fill: argb(STATUS_VOCABULARY[s].badge.background), font: argb(STATUS_VOCABULARY[s].badge.text) });

const MEANS: Readonly<Record<string, Status>> = {
  COMPLIANT: 'met',
  current: 'met',
  verified: 'met',
  NON_COMPLIANT: 'not-met',
  expired: 'not-met',
  inactive: 'not-met',
  expiring: 'partial',
  stale: 'partial',
  INSUFFICIENT_DATA: 'needs-evidence',
  missing: 'needs-evidence',
  unverified: 'needs-evidence',
  NOT_APPLICABLE: 'not-applicable',
};

const COLOURS: ReadonlyMap<string, { fill: string; font: string }> = new Map([
  ...STATUSES.map((s): [string, { fill: string; font: string }] => [s, badge(s)]),
  ...Object.entries(MEANS).map(([value, s]): [string, { fill: string; font: string }] => [value, badge(s)]),
]);

/** The colours for a coloured cell: by its value, or the value's first `;`-separated part. */
export function colourOf(value: string): { fill: string; font: string } | undefined {
  return COLOURS.get(value) ?? COLOURS.get(value.split(';')[0] ?? '');
}

/** Lines a wrapped cell of this width takes (about one character per unit of width). */
export function linesOf(text: string, width: number): number {
  const perLine = Math.max(1, Math.floor(width) - 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
}

/** Excel's default row height and its maximum, in points. */
export const ROW_HEIGHT = 15;
export const MAX_ROW_HEIGHT = 409;

export const HEADER_FILL = 'FFDCE6F1';
export const HEADING_FILL = 'FFEEF2F7';
