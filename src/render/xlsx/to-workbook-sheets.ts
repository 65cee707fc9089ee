/**
 * The auditor's workbook of one framework's pack, as data: an About sheet, one sheet per CSV of the
 * pack (the same rows), the sheets the framework file asks for (workbookSheets: a Statement of
 * Applicability, a responsibility summary), and "How each status was computed" (each requirement's deciding
 * evidence with its counts and the gaps that lowered it). Everything comes from the one evaluation
 * (PackInput) and the CSV rows built from it; nothing is recomputed. Links lead from a requirement
 * to how it was computed, and from there to each piece of evidence in the evidence index, and from
 * the index to the evidence rows. Pure.
 */
import { toDay } from '../../domain/dates.js';
import type { EvidenceRefEntry } from '../../domain/evidence-refs.js';
import { describeDeclaration } from '../../domain/applicability.js';
import type { WorkbookSheet } from '../../domain/catalog.js';
import { OWN_SHEET_DEFAULTS } from '../../domain/workbook-sheet-names.js';
import type { ControlResult, EvidencePart, PackInput, RequirementResult } from '../../domain/result.js';
import { STATUS_DEFINITIONS, STATUS_LABELS, STATUSES, type Responsibility } from '../../domain/status.js';
import { allRefs, attestationOf, manualOf, toRequirementCitations } from '../evidence-citations.js';
import { toIndexedEntries } from '../to-evidence-index-rows.js';
import {
  MAX_SHEET_ROWS,
  SHEET_NAMES,
  continuedSheetName,
  toColumns,
  type SheetRow,
  type SheetSpec,
  type SheetTarget,
} from './workbook-model.js';

/** A CSV of the pack: its header and rows (as the CSV writer gets them, before neutralisation). */
export interface PackTable {
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}

export type PackTables = Readonly<Record<string, PackTable>>;

/** Evidence rows per sheet (the header takes one of Excel's rows). */
export const EVIDENCE_ROWS_PER_SHEET = MAX_SHEET_ROWS - 1;

const LIST = ';';

/** Where things are in the workbook, for links: computed before any sheet is written. */
export interface WorkbookLayout {
  /** Requirement id -> its first row in "How each status was computed". */
  computedRow: Map<string, number>;
  /** Evidence ref -> its row in the evidence index. */
  indexRow: Map<string, number>;
}

/** The evidence index lists toIndexedEntries in order; a ref's row follows from it. */
export function toWorkbookLayout(input: PackInput): WorkbookLayout {
  const indexRow = new Map<string, number>();
  toIndexedEntries(input).forEach((e, i) => indexRow.set(e.ref, i + 2));
  const computedRow = new Map<string, number>();
  let row = 2;
  for (const req of input.result.requirements) {
    if (!req.assessable) continue;
    computedRow.set(req.requirementId, row);
    row += 1 + req.deciding.length + req.supporting.length;
  }
  return { computedRow, indexRow };
}

function link(sheet: string, row: number | undefined, column = 1): SheetTarget | undefined {
  return row === undefined ? undefined : { sheet, row, column };
}

function links(entries: readonly [number, SheetTarget | undefined][]): Map<number, SheetTarget> | undefined {
  const m = new Map<number, SheetTarget>();
  for (const [i, t] of entries) if (t) m.set(i, t);
  return m.size > 0 ? m : undefined;
}

/** A CSV sheet: the CSV's columns and rows, with links where a column names a requirement or a ref. */
function csvSheet(name: string, table: PackTable, layout: WorkbookLayout, linkColumns: Readonly<Record<string, 'requirement' | 'ref' | 'refs'>>): SheetSpec {
  const targets = table.columns.flatMap((c, i) => (linkColumns[c] ? [[i, linkColumns[c]] as const] : []));
  return {
    name,
    columns: toColumns(table.columns, table.rows),
    freezeColumns: table.columns.indexOf('requirement_id') === 1 ? 2 : 0,
    rows: table.rows.map((cells): SheetRow => {
      const ls = links(
        targets.map(([i, what]) => {
          const v = cells[i] ?? '';
          if (what === 'requirement') return [i, link(SHEET_NAMES.computed, layout.computedRow.get(v))];
          const first = what === 'refs' ? (v.split(LIST)[0] ?? '') : v;
          return [i, link(SHEET_NAMES.index, layout.indexRow.get(first), 2)];
        }),
      );
      return { cells, ...(ls ? { links: ls } : {}) };
    }),
  };
}

function responsibilityWord(r: Responsibility): string {
  return r === 'inherited' ? 'AWS' : r === 'shared' ? 'Shared' : 'Customer';
}

function scopeText(input: PackInput): string {
  const s = input.result.scope.scope;
  if (!s.declared) return 'Not declared in srmap.yaml: every collected account and region counts.';
  const parts = [
    s.description ?? '',
    `accounts: ${s.accounts ? s.accounts.join(', ') : 'every collected account'}`,
    `regions: ${s.regions ? s.regions.join(', ') : 'every collected region'}`,
    s.tags ? `resources tagged ${Object.entries(s.tags).map(([k, v]) => `${k}=${v}`).join(' and ')} (account-wide types in every in-scope account)` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

/** How many of evidence.csv's rows the workbook holds, and which. */
export interface EvidenceShown {
  /** Rows of evidence.csv. */
  rows: number;
  /** Rows the Evidence sheet holds: all of them, or the cap. */
  shown: number;
  /**
   * evidence.csv's in-scope failing (NON_COMPLIANT) rows. When the sheet cannot hold every row it
   * holds these first (up to the cap), then the first other rows in evidence.csv's order.
   */
  failing: number;
  /** The framework's folder in the pack, where evidence.csv is. */
  frameworkId: string;
}

/**
 * What the Evidence sheet holds of evidence.csv, and when it is capped, what was cut and where
 * every row is: the About sheet's "Evidence rows" and the note under the sheet's last row.
 */
export function toEvidenceShownText(e: EvidenceShown): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (e.shown >= e.rows) return `All ${n(e.rows)} rows of evidence.csv.`;
  const where = `evidence.csv, in the same folder as this workbook (${e.frameworkId}/evidence.csv in the pack), holds every row; the evidence index counts them all.`;
  const cut = `${n(e.rows - e.shown)} rows are cut here to keep the workbook's size and cost bounded`;
  if (e.failing >= e.shown) {
    return `${n(e.shown)} of ${n(e.rows)} rows of evidence.csv: the first ${n(e.shown)} of its ${n(e.failing)} in-scope failing (NON_COMPLIANT) rows, in its order. ${cut}: ${e.failing > e.shown ? `the other ${n(e.failing - e.shown)} failing rows and ` : ''}every passing, not applicable, insufficient-data or out-of-scope row. ${where}`;
  }
  const others = e.shown - e.failing;
  return `${n(e.shown)} of ${n(e.rows)} rows of evidence.csv: every in-scope failing (NON_COMPLIANT) row first (${n(e.failing)}), then the first ${n(others)} other rows in evidence.csv's order. ${cut}: passing, not applicable, insufficient-data or out-of-scope rows, never a failing one. ${where}`;
}

function aboutSheet(input: PackInput, generatedBy: string, sheetNames: readonly string[], shown: EvidenceShown, own: readonly OwnSheet[]): SheetSpec {
  const { result, evidence, refs } = input;
  const m = evidence.manifest;
  const fw = result.framework;
  const rows: SheetRow[] = [];
  const add = (label: string, value: string, extra: Partial<SheetRow> = {}) => rows.push({ cells: [label, value], ...extra });
  add('Organisation', m.organisation.name);
  add('Framework', `${fw.name}, ${fw.version}`);
  add('Publisher', fw.publisher);
  rows.push({ cells: ['As of', toDay(m.createdAt)], kinds: new Map([[1, 'date' as const]]) });
  add('Snapshot', m.id);
  add('Scope', scopeText(input));
  add('Requirements', `${result.counts.assessable} assessable: ${STATUSES.filter((s) => result.counts.byStatus[s] > 0).map((s) => `${result.counts.byStatus[s]} ${STATUS_LABELS[s].toLowerCase()}`).join(', ')}`);
  add('Evidence references', `EV-0001 to ${refs.entries.at(-1)?.ref ?? 'EV-0001'} over the whole snapshot and working folder (the same in every framework's workbook of this run); this framework's are in the sheet ${SHEET_NAMES.index}.`);
  add('Evidence rows', toEvidenceShownText(shown));
  add('Generated by', generatedBy);
  add('Dates', 'Dates and times are UTC.');
  add('AWS Artifact reports', 'AWS confidential: cited (name, id, version, period, sha256), never embedded or bundled.');
  if (result.reporting?.notes) add(`${result.reporting.vocabulary}`, result.reporting.notes);
  add('', '');
  rows.push({ cells: ['Sheet', 'What it holds'], heading: true });
  const holds: Readonly<Record<string, string>> = {
    [SHEET_NAMES.requirements]: 'requirements.csv: every assessable requirement, its status, why, and the evidence references that decide it (a requirement id leads to how its status was computed)',
    ...Object.fromEntries(own.map((o) => [o.spec.name, o.description])),
    [SHEET_NAMES.computed]: 'Per requirement: the result, then each piece of deciding evidence (rule counts, manual evidence, attestations) and the gaps that lowered it, then the supporting evidence (never decides)',
    [SHEET_NAMES.matrix]: 'responsibility-matrix.csv: requirement x control x kind of service: what AWS does, what the customer does',
    [SHEET_NAMES.gaps]: 'gaps.csv: what is not met or not evidenced, remediation and owner; collection gaps',
    [SHEET_NAMES.exceptions]: 'exceptions.csv: every exception, in force or not, and what it covered',
    [SHEET_NAMES.attestations]: 'attestations.csv: the AWS attestations relied upon (cited, not embedded)',
    [SHEET_NAMES.manual]: 'manual-evidence.csv: each manual evidence kind and the register record that decided it',
    [SHEET_NAMES.evidence]: 'evidence.csv: every AWS Config evaluation result of the snapshot, in or out of scope (up to the cap above)',
    [SHEET_NAMES.index]: 'evidence-index.csv: each evidence reference with its source, sha256 and the requirements it decides or supports (the tick-mark list)',
  };
  for (const name of sheetNames) {
    const base = name.replace(/ \(\d+\)$/, '');
    rows.push({ cells: [name, holds[base] ?? ''], links: new Map([[0, { sheet: name, row: 1 }]]) });
  }
  add('', '');
  rows.push({ cells: ['Status', 'Meaning'], heading: true });
  for (const s of STATUSES) rows.push({ cells: [s, `${STATUS_LABELS[s]}: ${STATUS_DEFINITIONS[s]}${result.reporting ? ` (${result.reporting.vocabulary}: ${result.reporting.terms[s]})` : ''}`], colourFrom: 0 });
  return {
    name: SHEET_NAMES.about,
    plain: true,
    columns: [
      { header: 'item', kind: 'text', width: 42 },
      { header: 'value', kind: 'text', width: 110, wrap: true },
    ],
    rows,
  };
}

/** "How each status was computed": one row for the result, one per deciding part, one per supporting part. */
const COMPUTED_COLUMNS = [
  'requirement_id', 'title', 'status', 'framework_status', 'role', 'evidence_kind', 'evidence_id', 'control_id', 'evidence_status',
  'reason', 'deployments', 'compliant', 'non_compliant', 'excepted', 'not_applicable', 'insufficient_data', 'exception_ids',
  'record', 'valid_until', 'collection_gaps', 'evidence_refs',
] as const;

function gapsText(c: ControlResult | undefined): string {
  return (c?.gaps ?? []).map((g) => [g.source, g.account, g.region, g.code].filter(Boolean).join(' ')).join(LIST);
}

function computedSheet(input: PackInput, layout: WorkbookLayout): SheetSpec {
  const { result, evidence } = input;
  const rows: SheetRow[] = [];
  const refCell = (refs: readonly string[]) => refs.join(LIST);
  const refLink = (col: number, refs: readonly string[]) => links([[col, link(SHEET_NAMES.index, layout.indexRow.get(refs[0] ?? ''), 2)]]);
  const REFS = COMPUTED_COLUMNS.indexOf('evidence_refs');
  for (const req of result.requirements) {
    if (!req.assessable) continue;
    const cited = toRequirementCitations(input, req);
    const deciding = allRefs(cited.deciding);
    const summary = [
      req.reasons.join(' | '),
      req.exceptionId ? `requirement-level exception ${req.exceptionId}` : '',
      req.declaration ? describeDeclaration(req.declaration) : '',
    ].filter(Boolean).join(' | ');
    const first = [req.requirementId, req.title, req.status, req.frameworkStatus, 'result', '', '', req.controls.join(LIST), req.status, summary, '', '', '', '', '', '', '', '', '', '', refCell(deciding)];
    rows.push({ cells: first, ...(refLink(REFS, deciding) ? { links: refLink(REFS, deciding) } : {}) });
    for (const [role, list] of [['deciding', cited.deciding], ['supporting (never decides)', cited.supporting]] as const) {
      for (const { part, refs } of list) {
        const cells = partCells(input, req, part, role, refs);
        const ls = refLink(REFS, refs);
        rows.push({ cells, ...(ls ? { links: ls } : {}) });
      }
    }
  }
  return { name: SHEET_NAMES.computed, columns: toColumns(COMPUTED_COLUMNS, rows.map((r) => r.cells)), rows, freezeColumns: 1 };

  function partCells(input: PackInput, req: RequirementResult, part: EvidencePart, role: string, refs: readonly string[]): string[] {
    const control = part.controlId ? result.controls.get(part.controlId) : undefined;
    let counts = ['', '', '', '', '', '', ''];
    let record = '';
    let validUntil = '';
    if (part.kind === 'rule') {
      const r = evidence.rules.get(part.id);
      counts = r
        ? [String(r.deployments), String(r.counts.COMPLIANT), String(r.counts.NON_COMPLIANT), String(r.excepted), String(r.counts.NOT_APPLICABLE), String(r.counts.INSUFFICIENT_DATA), r.exceptionIds.join(LIST)]
        : ['0', '0', '0', '0', '0', '0', ''];
    } else if (part.kind === 'manual') {
      const m = manualOf(input, part);
      if (m?.record) {
        record = `${m.record.id}: ${m.record.title} (${m.record.location}; ${m.record.integrity ?? 'not checked'})`;
        validUntil = m.record.validUntil;
      } else record = 'no register record';
    } else {
      const a = attestationOf(input, part);
      if (a?.report) {
        record = `${a.report.name} (${a.report.id}, version ${a.report.version})`;
        validUntil = toDay(a.report.periodEnd);
      } else if (a?.agreement) {
        record = `${a.agreement.name} (${a.agreement.id}, ${a.agreement.state})`;
        validUntil = a.agreement.effectiveEnd ? toDay(a.agreement.effectiveEnd) : '';
      } else record = 'no report or agreement in the snapshot';
    }
    return [req.requirementId, req.title, req.status, req.frameworkStatus, role, part.kind, part.id, part.controlId ?? '', part.status, part.reason, ...counts, record, validUntil, role === 'deciding' ? gapsText(control) : '', refCell(refs)];
  }
}

/** A Statement of Applicability: each requirement applicable or excluded, and how it is implemented. */
const SOA_COLUMNS = [
  'requirement', 'title', 'parent', 'applicable', 'justification', 'implementation', 'srmap_status', 'responsibility', 'controls',
  'deciding_evidence_refs', 'reason', 'approver', 'approved_on', 'review_by',
] as const;

function soaSheet(input: PackInput, layout: WorkbookLayout, declared: WorkbookSheet, name: string): SheetSpec | undefined {
  const { result } = input;
  const listed = requirementsOf(result.requirements, declared.under).filter((r) => r.assessable);
  if (listed.length === 0) return undefined;
  const titles = new Map(result.requirements.map((r) => [r.requirementId, r.title]));
  const excludedTerm = result.reporting?.terms['not-applicable'] ?? 'Excluded';
  const rows = listed.map((req): SheetRow => {
    const d = req.declaration;
    const excluded = d?.decision === 'not-applicable';
    const refs = allRefs(toRequirementCitations(input, req).deciding);
    const cells = [
      req.requirementId,
      req.title,
      req.parent ? `${req.parent} ${titles.get(req.parent) ?? ''}`.trim() : '',
      excluded ? 'Excluded' : 'Applicable',
      excluded ? d.justification : d ? `Applicable; ${describeDeclaration(d)}` : 'Applicable: no exclusion declared in applicability.yaml.',
      excluded ? req.frameworkStatus || excludedTerm : req.frameworkStatus,
      req.status,
      req.responsibility,
      req.controls.join(LIST),
      refs.join(LIST),
      req.reasons.join(' | '),
      d?.approver ?? '',
      d?.approvedOn ?? '',
      d?.reviewBy ?? '',
    ];
    return { cells, links: links([[0, link(SHEET_NAMES.computed, layout.computedRow.get(req.requirementId))], [9, link(SHEET_NAMES.index, layout.indexRow.get(refs[0] ?? ''), 2)]]) ?? new Map() };
  });
  const headers = SOA_COLUMNS.map((c) => (c === 'requirement' ? declared.headers?.id ?? c : c === 'parent' ? declared.headers?.parent ?? c : c));
  return { name, columns: toColumns(headers, rows.map((r) => r.cells), { wrap: true }), rows, freezeColumns: 1 };
}

/** A responsibility summary: each requirement, who carries it, and what each side does, by section. */
const RESPONSIBILITY_COLUMNS = [
  'requirement', 'title', 'responsibility', 'what_aws_does', 'what_the_customer_does', 'by_kind_of_service', 'aws_attestations',
  'finding', 'srmap_status', 'deciding_evidence_refs',
] as const;

function responsibilitySheet(input: PackInput, layout: WorkbookLayout, declared: WorkbookSheet, name: string): SheetSpec {
  const { result } = input;
  const rows: SheetRow[] = [];
  for (const req of requirementsOf(result.requirements, declared.under)) {
    if (!req.assessable) {
      rows.push({ cells: [req.requirementId, req.title, '', '', '', '', '', '', '', ''], heading: true });
      continue;
    }
    const controls = req.controls.map((id) => result.controls.get(id)).filter((c): c is ControlResult => c !== undefined);
    const cited = toRequirementCitations(input, req);
    const refs = allRefs(cited.deciding);
    const aws = req.responsibility === 'customer' ? 'Nothing for this requirement beyond the platform it runs on.' : unique(controls.filter((c) => c.responsibility !== 'customer').map((c) => `${c.title}: ${c.aws}`)).join('\n');
    const customer = req.responsibility === 'inherited' ? 'Nothing beyond relying on AWS\'s attestation for the AWS-hosted scope.' : unique(controls.filter((c) => c.responsibility !== 'inherited').map((c) => `${c.title}: ${c.customer}`)).join('\n');
    const services = unique(controls.flatMap((c) => c.services.map((s) => `${s.service}: ${responsibilityWord(s.model)}`))).join(LIST);
    const attestations = unique(cited.deciding.filter((p) => p.part.kind === 'attestation').map((p) => `${attestationOf(input, p.part)?.title ?? p.part.id}${p.refs.length > 0 ? ` (${p.refs.join(', ')})` : ' (missing)'}`)).join(LIST);
    const cells = [req.requirementId, req.title, responsibilityWord(req.responsibility), aws, customer, services, attestations, req.frameworkStatus, req.status, refs.join(LIST)];
    rows.push({ cells, links: links([[0, link(SHEET_NAMES.computed, layout.computedRow.get(req.requirementId))], [9, link(SHEET_NAMES.index, layout.indexRow.get(refs[0] ?? ''), 2)]]) ?? new Map() });
  }
  const headers = RESPONSIBILITY_COLUMNS.map((c) => (c === 'requirement' ? declared.headers?.id ?? c : c));
  return { name, columns: toColumns(headers, rows.map((r) => r.cells), { wrap: true }), rows, freezeColumns: 1 };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

/** The requirements (headings included) under the given headings, in catalog order; all of them when none are given. */
function requirementsOf(requirements: readonly RequirementResult[], under: readonly string[] | undefined): RequirementResult[] {
  if (under === undefined) return [...requirements];
  const inside = new Set(under);
  return requirements.filter((r) => {
    if (inside.has(r.requirementId)) return true;
    if (r.parent === undefined || !inside.has(r.parent)) return false;
    inside.add(r.requirementId);
    return true;
  });
}

interface OwnSheet {
  spec: SheetSpec;
  description: string;
}

/** The sheets of its own the framework file asks for (workbookSheets), in its order; a sheet with no requirement to list is left out. */
function frameworkSheets(input: PackInput, layout: WorkbookLayout): OwnSheet[] {
  const own: OwnSheet[] = [];
  for (const declared of input.result.framework.workbookSheets ?? []) {
    const name = declared.name ?? OWN_SHEET_DEFAULTS[declared.kind].name;
    const spec = declared.kind === 'statement-of-applicability' ? soaSheet(input, layout, declared, name) : responsibilitySheet(input, layout, declared, name);
    if (spec) own.push({ spec, description: declared.description ?? OWN_SHEET_DEFAULTS[declared.kind].description });
  }
  return own;
}

export interface WorkbookPlan {
  /** Sheets written before the evidence rows, in order. */
  before: SheetSpec[];
  layout: WorkbookLayout;
}

/**
 * Every sheet but the evidence rows (streamed in from evidence.csv) and the index (toIndexSheet),
 * which follow them; `evidence` says how many rows the Evidence sheets hold (the About sheet says it).
 */
export function toWorkbookPlan(input: PackInput, tables: PackTables, generatedBy: string, evidence: EvidenceShown): WorkbookPlan {
  const layout = toWorkbookLayout(input);
  const table = (name: string): PackTable => tables[name] ?? { columns: [], rows: [] };
  const own = frameworkSheets(input, layout);
  const sheets: SheetSpec[] = [
    csvSheet(SHEET_NAMES.requirements, table('requirements.csv'), layout, { requirement_id: 'requirement', deciding_evidence_refs: 'refs', supporting_evidence_refs: 'refs' }),
    ...own.map((o) => o.spec),
    computedSheet(input, layout),
    csvSheet(SHEET_NAMES.matrix, table('responsibility-matrix.csv'), layout, { requirement_id: 'requirement' }),
    csvSheet(SHEET_NAMES.gaps, table('gaps.csv'), layout, { requirement_id: 'requirement', evidence_refs: 'refs' }),
    csvSheet(SHEET_NAMES.exceptions, table('exceptions.csv'), layout, {}),
    csvSheet(SHEET_NAMES.attestations, table('attestations.csv'), layout, { evidence_ref: 'ref' }),
    csvSheet(SHEET_NAMES.manual, table('manual-evidence.csv'), layout, { evidence_ref: 'ref' }),
  ];
  const evidenceSheets = Array.from({ length: Math.max(1, Math.ceil(evidence.shown / EVIDENCE_ROWS_PER_SHEET)) }, (_, i) => continuedSheetName(SHEET_NAMES.evidence, i));
  const names = [SHEET_NAMES.about, ...sheets.map((s) => s.name), ...evidenceSheets, SHEET_NAMES.index];
  return { before: [aboutSheet(input, generatedBy, names, evidence, own), ...sheets], layout };
}

/** Where the n-th (1-based) evidence row is: its sheet and row. */
export function evidenceTarget(n: number): SheetTarget {
  const sheet = Math.floor((n - 1) / EVIDENCE_ROWS_PER_SHEET);
  return { sheet: continuedSheetName(SHEET_NAMES.evidence, sheet), row: ((n - 1) % EVIDENCE_ROWS_PER_SHEET) + 2 };
}

/**
 * The evidence index sheet: the CSV's rows, each ref linked to its rows (evidence, manual evidence
 * or attestations). `evidenceRow` is, per ref, the Evidence sheets' first row of it (1-based among
 * the rows shown; a ref with none shown has no link).
 */
export function toIndexSheet(input: PackInput, table: PackTable, tables: PackTables, evidenceRow: ReadonlyMap<string, number>): SheetSpec {
  const rowOf = (name: string): Map<string, number> => {
    const t = tables[name];
    const col = t?.columns.indexOf('evidence_ref') ?? -1;
    const m = new Map<string, number>();
    t?.rows.forEach((r, i) => {
      const ref = r[col] ?? '';
      if (col >= 0 && ref !== '' && !m.has(ref)) m.set(ref, i + 2);
    });
    return m;
  };
  const manualRows = rowOf('manual-evidence.csv');
  const attestationRows = rowOf('attestations.csv');
  const refCol = table.columns.indexOf('evidence_ref');
  const kinds = new Map<string, EvidenceRefEntry['kind']>(input.refs.entries.map((e) => [e.ref, e.kind]));
  return {
    name: SHEET_NAMES.index,
    columns: toColumns(table.columns, table.rows),
    freezeColumns: 2,
    rows: table.rows.map((cells): SheetRow => {
      const ref = cells[refCol] ?? '';
      const kind = kinds.get(ref);
      const first = evidenceRow.get(ref);
      const target =
        kind === 'config-rule-results' ? (first === undefined ? undefined : evidenceTarget(first))
        : kind === 'manual-evidence' ? link(SHEET_NAMES.manual, manualRows.get(ref))
        : link(SHEET_NAMES.attestations, attestationRows.get(ref));
      const ls = links([[refCol, target]]);
      return { cells, ...(ls ? { links: ls } : {}) };
    }),
  };
}

