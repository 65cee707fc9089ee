/**
 * The evidence pack as a pdfmake document definition. Pure: no file system, no clock; the only
 * date is the snapshot's, so the same PackInput gives the same bytes.
 *
 * Untrusted text (anything from AWS or the registers) only ever becomes the `text` of a node,
 * through toSafeText. Style names, ids, link targets and colours are ours. Tables use fixed
 * column widths so that pdfmake hard-wraps long tokens (ARNs) inside the cell instead of widening
 * the column past the page edge.
 *
 * pdfmake mutates the definition it renders: every call builds a fresh object.
 */
import type {
  Content,
  ContentText,
  CustomTableLayout,
  Margins,
  StyleDictionary,
  TableCell,
  TDocumentDefinitions,
} from 'pdfmake/interfaces.js';
import type {
  AttestationEvidence,
  ControlResult,
  ManualEvidenceResult,
  PackInput,
  RequirementResult,
  RuleEvidence,
} from '../../domain/result.js';
import type { Gap, OwnerRecord } from '../../domain/snapshot.js';
import {
  COMPLIANCE_TYPES,
  RESPONSIBILITIES,
  STATUS_DEFINITIONS,
  STATUS_SEVERITY,
  type Responsibility,
  type Status,
} from '../../domain/status.js';
import { toSafeMetadata, toSafeText } from './safe-text.js';
import { toAttestationsSection } from './attestations-section.js';
import { CELL_PADDING, LINE_WIDTH, makeGridLayout, makePlainLayout } from './table-layouts.js';
import { toExceptionSummaries, type ExceptionSummary } from '../exception-summary.js';
import { maxOf, pushAll } from '../../domain/arrays.js';

export interface PdfDocumentOptions {
  /** Shown on the cover, e.g. `srmap 0.1.0 report --framework hipaa-security`. */
  generatedBy?: string;
}

/** Order of the summary: good news first, then what needs work, then what is not ours. */
export const SUMMARY_STATUS_ORDER: readonly Status[] = [
  'met',
  'partial',
  'not-met',
  'accepted-risk',
  'needs-evidence',
  'inherited',
  'not-applicable',
];

export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  met: 'Met',
  'not-met': 'Not met',
  partial: 'Partial',
  inherited: 'Inherited',
  'needs-evidence': 'Needs evidence',
  'not-applicable': 'Not applicable',
  'accepted-risk': 'Accepted risk',
};

export const STATUS_COLOURS: Readonly<Record<Status, string>> = {
  met: '#2e7d32',
  partial: '#b8860b',
  'not-met': '#c62828',
  'accepted-risk': '#6a1b9a',
  'needs-evidence': '#e65100',
  inherited: '#1565c0',
  'not-applicable': '#757575',
};

const RESPONSIBILITY_LABELS: Readonly<Record<Responsibility, string>> = {
  inherited: 'Inherited (AWS)',
  shared: 'Shared',
  customer: 'Customer',
};
const RESPONSIBILITY_COLOURS: Readonly<Record<Responsibility, string>> = {
  inherited: '#1565c0',
  shared: '#00838f',
  customer: '#5d4037',
};
const RESPONSIBILITY_DEFINITIONS: Readonly<Record<Responsibility, string>> = {
  inherited: 'AWS alone carries it for the AWS-hosted scope; the customer cites the AWS attestation.',
  shared: 'AWS and the customer each carry a part; both parts are described and the customer part is evidenced.',
  customer: 'The customer alone carries it, whatever AWS provides.',
};

/** Statuses that put a requirement in "Gaps and remediation". */
const AT_FAULT: ReadonlySet<Status> = new Set<Status>(['not-met', 'partial', 'needs-evidence']);

const ARTIFACT_NOTICE = 'Cited, not embedded: AWS Artifact reports are AWS confidential.';

// A4 in points, and the page margins: the content width decides the fixed table column widths.
const A4 = { width: 595.28, height: 841.89 };
const MARGIN_X = 40;
const PORTRAIT_WIDTH = A4.width - 2 * MARGIN_X;
const LANDSCAPE_WIDTH = A4.height - 2 * MARGIN_X;

// ---------------------------------------------------------------------------------------------
// Small builders

function t(value: unknown): string {
  return toSafeText(value);
}

function txt(value: unknown, extra: Omit<ContentText, 'text'> = {}): ContentText {
  return { text: toSafeText(value), ...extra };
}

function formatInt(n: number): string {
  return Number.isFinite(n) ? String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : t(n);
}

function isStatus(s: unknown): s is Status {
  return typeof s === 'string' && Object.hasOwn(STATUS_LABELS, s);
}

function statusLabel(s: Status): string {
  return isStatus(s) ? STATUS_LABELS[s] : t(s);
}

function statusText(s: Status, extra: Omit<ContentText, 'text'> = {}): ContentText {
  return { text: statusLabel(s), bold: true, color: isStatus(s) ? STATUS_COLOURS[s] : '#000000', ...extra };
}

function responsibilityLabel(r: Responsibility): string {
  return Object.hasOwn(RESPONSIBILITY_LABELS, r) ? RESPONSIBILITY_LABELS[r] : t(r);
}

/** `2026-03-31T14:05:09Z` -> `2026-03-31`; invalid input is shown as given (safely). */
function day(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? t(iso) : d.toISOString().slice(0, 10);
}

function dayAndTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return t(iso);
  const s = d.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)} UTC`;
}

function period(start: string | undefined, end: string | undefined): string {
  return `${day(start)} to ${end ? day(end) : 'open'}`;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set([...values].map((v) => v.trim()).filter((v) => v.length > 0))];
}

/** Fixed widths in points from relative weights, leaving room for cell padding and lines. */
function fit(weights: readonly number[], available: number): number[] {
  const overhead = weights.length * (2 * CELL_PADDING + LINE_WIDTH) + LINE_WIDTH + 1;
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.floor(((available - overhead) * w) / total * 100) / 100);
}

interface Ctx {
  input: PackInput;
  grid: CustomTableLayout;
  plain: CustomTableLayout;
  /** Control id -> node id of its first full rendering (later mentions point to its page). */
  controlAnchors: Map<string, string>;
  nextId: () => string;
}

/** A grid table with one header row repeated across pages; `None recorded.` when empty. */
function table(
  ctx: Ctx,
  headers: readonly string[],
  rows: TableCell[][],
  weights: readonly number[],
  width: number,
  opts: { fontSize?: number; empty?: string } = {},
): Content {
  if (rows.length === 0) return { text: opts.empty ?? 'None recorded.', style: 'muted', margin: [0, 1, 0, 5] };
  return {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      widths: fit(weights, width),
      body: [headers.map((h): TableCell => ({ text: h, style: 'th' })), ...rows],
    },
    layout: ctx.grid,
    fontSize: opts.fontSize ?? 7.5,
    margin: [0, 2, 0, 6],
  };
}

/** Label/value pairs, two columns, no borders. */
function keyValues(ctx: Ctx, pairs: [string, ContentText | string][], width: number, labelWidth = 100): Content {
  return {
    table: {
      widths: [labelWidth, width - labelWidth - 4 * CELL_PADDING - 2],
      body: pairs.map(([k, v]): TableCell[] => [
        { text: k, style: 'label' },
        typeof v === 'string' ? { text: v } : v,
      ]),
    },
    layout: ctx.plain,
    margin: [0, 2, 0, 4],
  };
}

/** Label/value lines: cheaper to lay out than a table, for the many small blocks of the detail. */
function fields(pairs: [string, ContentText | string][]): Content {
  return {
    stack: pairs.map(([k, v]): Content => ({ text: [{ text: `${k}: `, bold: true, color: '#444444' }, v] })),
    margin: [0, 1, 0, 4],
  };
}

function bullets(items: readonly string[], style = 'body'): Content {
  return { ul: items.map((s): Content => ({ text: t(s) })), style, margin: [0, 1, 0, 4] };
}

function ownerText(owner: OwnerRecord | undefined): ContentText {
  if (!owner) return { text: 'Not assigned', color: STATUS_COLOURS['needs-evidence'] };
  const parts = [`Responsible: ${t(owner.responsible)}`, `Accountable: ${t(owner.accountable)}`];
  if (owner.consulted) parts.push(`Consulted: ${t(owner.consulted)}`);
  if (owner.informed) parts.push(`Informed: ${t(owner.informed)}`);
  return { text: parts.join('  ·  ') };
}

function gapLine(g: Gap): string {
  const where = [g.account, g.region].filter((x): x is string => !!x).map(t).join(' ');
  const action = g.action ? ` Missing IAM action: ${t(g.action)}.` : '';
  return `${t(g.code)} (${t(g.source)}${where ? `, ${where}` : ''}): ${t(g.message)}.${action}`;
}

/**
 * A section heading: PDF outline entry (nested under `parentId`), optional table-of-contents
 * entry, and a named destination `id`. The pdfmake typings split these over disjoint node types,
 * so the node is built as a plain object and handed over as Content.
 */
function heading(
  text: string,
  style: 'h1' | 'h2' | 'h3' | 'h4',
  id: string,
  opts: { toc?: boolean; tocMargin?: Margins; parentId?: string; extra?: Omit<ContentText, 'text'> } = {},
): Content {
  const node = {
    text,
    style,
    id,
    outline: true,
    outlineText: text,
    ...(opts.parentId ? { outlineParentId: opts.parentId } : {}),
    ...(opts.toc ? { tocItem: true, ...(opts.tocMargin ? { tocMargin: opts.tocMargin } : {}) } : {}),
    ...opts.extra,
  };
  return node;
}

/** A node that is also a named destination (for pageReference). */
function withId(node: ContentText, id: string): Content {
  const out = { ...node, id };
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sections

function cover(ctx: Ctx, options: PdfDocumentOptions): Content[] {
  const { manifest } = ctx.input.evidence;
  const fw = ctx.input.result.framework;
  const accounts = manifest.scope.accounts.map((a) => (a.name ? `${t(a.id)} (${t(a.name)})` : t(a.id)));
  const pairs: [string, ContentText | string][] = [
    ['Organisation', txt(manifest.organisation.name, { bold: true })],
    ['Framework', `${t(fw.name)}, ${t(fw.version)}`],
    ['Publisher', t(fw.publisher)],
    ['As of', dayAndTime(manifest.createdAt)],
    ['Snapshot', t(manifest.id)],
    ['Accounts', accounts.length > 0 ? accounts.join('\n') : 'None'],
    ['Regions', manifest.scope.regions.length > 0 ? manifest.scope.regions.map(t).join(', ') : 'None'],
    ['Tool', `${t(manifest.tool.name)} ${t(manifest.tool.version)}`],
  ];
  if (options.generatedBy) pairs.push(['Generated by', t(options.generatedBy)]);

  const out: Content[] = [
    { text: 'Evidence pack', style: 'kicker', margin: [0, 90, 0, 6] },
    { text: t(fw.name), style: 'title' },
    { text: `${t(fw.version)} · ${t(fw.publisher)}`, style: 'subtitle', margin: [0, 4, 0, 2] },
    { text: 'on the AWS shared responsibility model', style: 'subtitle', margin: [0, 0, 0, 28] },
    keyValues(ctx, pairs, PORTRAIT_WIDTH, 90),
  ];
  if (manifest.organisation.fictional) {
    const note = manifest.organisation.note ? ` ${t(manifest.organisation.note)}` : '';
    out.push({
      table: {
        widths: [PORTRAIT_WIDTH - 2 * 6 - 2],
        body: [[{ text: `Fictional organisation: sample data, not evidence about a real estate.${note}`, style: 'notice' }]],
      },
      layout: {
        hLineWidth: () => 1,
        vLineWidth: () => 1,
        hLineColor: () => '#e65100',
        vLineColor: () => '#e65100',
        paddingLeft: () => 6,
        paddingRight: () => 6,
        paddingTop: () => 4,
        paddingBottom: () => 4,
      },
      margin: [0, 14, 0, 0],
    });
  }
  out.push({
    text: [
      'How to read this pack. ',
      { text: 'Every status is decided by the evidence listed under it and never claims more than that evidence shows: ', color: '#444444' },
      { text: 'missing or uncollected evidence lowers a status (needs evidence), it never raises one. ', color: '#444444' },
      { text: 'The complete per-resource evidence is in evidence.csv in the same pack; this document lists a capped sample. ', color: '#444444' },
      { text: ARTIFACT_NOTICE, color: '#444444' },
    ],
    style: 'small',
    bold: false,
    margin: [0, 24, 0, 0],
  });
  return out;
}

function toc(): Content[] {
  return [
    {
      toc: {
        title: { text: 'Contents', style: 'h1' },
        textStyle: { fontSize: 9 },
        numberStyle: { fontSize: 9 },
      },
      pageBreak: 'before',
    },
  ];
}

/** A labelled horizontal bar: a grey track and a coloured rect proportional to the value. */
function barRow(label: ContentText, value: number, max: number, total: number, colour: string, barWidth: number): TableCell[] {
  const w = max > 0 ? Math.max(0, (value / max) * barWidth) : 0;
  const pct = total > 0 ? Math.round((value / total) * 100) : 0;
  return [
    label,
    {
      canvas: [
        { type: 'rect', x: 0, y: 1, w: barWidth, h: 9, color: '#f0f0f0' },
        ...(w > 0 ? [{ type: 'rect' as const, x: 0, y: 1, w, h: 9, color: colour }] : []),
      ],
    },
    { text: `${formatInt(value)} (${pct}%)`, alignment: 'right' },
  ];
}

function summary(ctx: Ctx): Content[] {
  const { result, evidence } = ctx.input;
  const { byStatus, byResponsibility, assessable } = result.counts;
  const barWidth = 260;
  const statusMax = maxOf(SUMMARY_STATUS_ORDER.map((s) => byStatus[s] ?? 0), 0);
  const respMax = maxOf(RESPONSIBILITIES.map((r) => byResponsibility[r] ?? 0), 0);
  const atFault = result.requirements.filter((r) => r.assessable && AT_FAULT.has(r.status)).length;
  const chart = (rows: TableCell[][]): Content => ({
    table: { widths: [110, barWidth, 70], body: rows },
    layout: ctx.plain,
    margin: [0, 2, 0, 10],
  });
  const totals = evidence.totals;
  return [
    heading('Summary', 'h1', 'sec-summary', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: [
        `${formatInt(assessable)} assessable requirements of ${t(result.framework.name)} ${t(result.framework.version)}, `,
        `evaluated against snapshot ${t(evidence.manifest.id)} as of ${dayAndTime(evidence.manifest.createdAt)}. `,
        { text: `${formatInt(atFault)} requirement${atFault === 1 ? '' : 's'} need${atFault === 1 ? 's' : ''} action`, bold: true },
        ' (not met, partial or needs evidence): see Gaps and remediation.',
      ],
      margin: [0, 0, 0, 8],
    },
    { text: 'Requirements by status', style: 'h3' },
    chart(
      SUMMARY_STATUS_ORDER.map((s) => barRow(statusText(s), byStatus[s] ?? 0, statusMax, assessable, STATUS_COLOURS[s], barWidth)),
    ),
    { text: 'Requirements by responsibility', style: 'h3' },
    chart(
      RESPONSIBILITIES.map((r) =>
        barRow(
          { text: RESPONSIBILITY_LABELS[r], bold: true, color: RESPONSIBILITY_COLOURS[r] },
          byResponsibility[r] ?? 0,
          respMax,
          assessable,
          RESPONSIBILITY_COLOURS[r],
          barWidth,
        ),
      ),
    ),
    { text: 'Evidence collected', style: 'h3' },
    keyValues(
      ctx,
      [
        ['AWS Config evaluations', formatInt(totals.evaluations)],
        ...COMPLIANCE_TYPES.map((c): [string, string] => [`· ${c}`, formatInt(totals.byCompliance[c] ?? 0)]),
        ['Managed rules evaluated', formatInt(evidence.rules.size)],
        ['Deployed Config rules', formatInt(evidence.configRules.length)],
        ['AWS Artifact reports cited', formatInt(evidence.artifactReports.length)],
        ['AWS agreements', formatInt(evidence.artifactAgreements.length)],
        ['Manual evidence records', formatInt(evidence.manualEvidence.length)],
        ['Approved exceptions', formatInt(evidence.exceptions.length)],
        [
          'Collection gaps',
          evidence.manifest.gaps.length > 0
            ? { text: `${formatInt(evidence.manifest.gaps.length)}: see Appendix A`, bold: true, color: STATUS_COLOURS['needs-evidence'] }
            : 'None',
        ],
      ],
      PORTRAIT_WIDTH,
      150,
    ),
  ];
}

function controlsOf(ctx: Ctx, r: RequirementResult): ControlResult[] {
  return r.controls.flatMap((id) => {
    const c = ctx.input.result.controls.get(id);
    return c ? [c] : [];
  });
}

function matrix(ctx: Ctx): Content[] {
  const rows: TableCell[][] = [];
  for (const r of ctx.input.result.requirements) {
    if (!r.assessable) {
      rows.push([
        { text: `${t(r.requirementId)}  ${t(r.title)}`, colSpan: 6, bold: true, fillColor: '#f3f3f3' },
        {},
        {},
        {},
        {},
        {},
      ]);
      continue;
    }
    const cs = controlsOf(ctx, r);
    const aws = unique(cs.map((c) => t(c.aws)));
    const customer = unique(cs.map((c) => t(c.customer)));
    rows.push([
      { text: t(r.requirementId), bold: true },
      { text: t(r.title) },
      { text: responsibilityLabel(r.responsibility) },
      { text: aws.length > 0 ? aws.join(' ') : 'No common control mapped.' },
      { text: customer.length > 0 ? customer.join(' ') : 'No common control mapped.' },
      statusText(r.status),
    ]);
  }
  return [
    heading('Shared-responsibility matrix', 'h1', 'sec-matrix', {
      toc: true,
      extra: { pageBreak: 'before', pageOrientation: 'landscape' },
    }),
    {
      text: 'One row per assessable requirement: who carries it for the AWS-hosted scope, what AWS does, what the customer does (from the mapped common controls), and the status decided by the evidence.',
      style: 'small',
      margin: [0, 0, 0, 6],
    },
    table(
      ctx,
      ['Requirement', 'Title', 'Responsibility', 'What AWS does', 'What the customer does', 'Status'],
      rows,
      [70, 110, 60, 200, 200, 55],
      LANDSCAPE_WIDTH,
      { fontSize: 7.5 },
    ),
  ];
}

function ruleTables(ctx: Ctx, c: ControlResult): Content[] {
  if (c.automated.length === 0) return [];
  const out: Content[] = [{ text: 'Automated evidence (AWS Config)', style: 'h5' }];
  out.push(
    table(
      ctx,
      ['Managed rule', 'Deployed', 'Compliant', 'Non-compliant', 'Not applicable', 'Insufficient data', 'Excepted'],
      c.automated.map((rule): TableCell[] => [
        { text: t(rule.identifier) },
        rule.ruleNames.length === 0
          ? { text: 'not deployed', color: STATUS_COLOURS['needs-evidence'], bold: true }
          : { text: `${formatInt(rule.ruleNames.length)} rule name${rule.ruleNames.length === 1 ? '' : 's'}, ${formatInt(rule.deployments)} account/region` },
        { text: formatInt(rule.counts.COMPLIANT ?? 0), alignment: 'right' },
        {
          text: formatInt(rule.counts.NON_COMPLIANT ?? 0),
          alignment: 'right',
          ...(rule.failingTotal > 0 ? { color: STATUS_COLOURS['not-met'], bold: true } : {}),
        },
        { text: formatInt(rule.counts.NOT_APPLICABLE ?? 0), alignment: 'right' },
        { text: formatInt(rule.counts.INSUFFICIENT_DATA ?? 0), alignment: 'right' },
        exceptedCell(rule),
      ]),
      [190, 75, 40, 45, 45, 45, 50],
      PORTRAIT_WIDTH,
    ),
  );
  for (const rule of c.automated) pushAll(out, failingTable(ctx, rule));
  return out;
}

/** Excepted count with the covering exception ids; lapsed exceptions are named but never applied. */
function exceptedCell(rule: RuleEvidence): TableCell {
  const parts: ContentText[] = [
    { text: rule.excepted > 0 ? `${formatInt(rule.excepted)} (${rule.exceptionIds.map(t).join(', ')})` : '0' },
  ];
  const lapsed = rule.lapsedExceptionIds ?? [];
  if (lapsed.length > 0) {
    parts.push({ text: `\nlapsed, not applied: ${lapsed.map(t).join(', ')}`, color: STATUS_COLOURS['not-met'] });
  }
  return { text: parts, alignment: 'right' };
}

function failingTable(ctx: Ctx, rule: RuleEvidence): Content[] {
  if (rule.failingTotal <= 0) return [];
  const cap = Math.max(0, Math.floor(ctx.input.failingCap));
  const shown = rule.failing.slice(0, cap);
  const more = rule.failingTotal - shown.length;
  const out: Content[] = [
    {
      text: [
        'Failing resources, not covered by an exception: ',
        { text: t(rule.identifier), bold: true },
        ` (${formatInt(rule.failingTotal)})`,
      ],
      style: 'small',
      margin: [0, 2, 0, 0],
    },
  ];
  if (shown.length > 0) {
    out.push(
      table(
        ctx,
        ['Account', 'Region', 'Resource type', 'Resource id', 'Annotation'],
        shown.map((f): TableCell[] => [
          { text: t(f.account) },
          { text: t(f.region) },
          { text: t(f.resourceType) },
          { text: t(f.resourceId) },
          { text: toSafeText(f.annotation ?? '', { multiline: true, maxLength: 500 }) },
        ]),
        [58, 50, 85, 170, 130],
        PORTRAIT_WIDTH,
        { fontSize: 7 },
      ),
    );
  }
  if (more > 0) {
    out.push({ text: `… and ${formatInt(more)} more: see evidence.csv`, style: 'small', italics: true, margin: [0, 0, 0, 6] });
  }
  return out;
}

function attestationTable(ctx: Ctx, items: readonly AttestationEvidence[]): Content[] {
  if (items.length === 0) return [];
  const statusColour = (s: AttestationEvidence['status']): string =>
    s === 'current' ? STATUS_COLOURS.met : s === 'missing' ? STATUS_COLOURS['needs-evidence'] : STATUS_COLOURS['not-met'];
  return [
    { text: 'Inherited evidence (AWS Artifact)', style: 'h5' },
    table(
      ctx,
      ['Attestation', 'Status', 'Report or agreement', 'Version / state', 'Period', 'Why'],
      items.map((a): TableCell[] => {
        const rep = a.report;
        const agr = a.agreement;
        return [
          { text: t(a.title) },
          { text: t(a.status), bold: true, color: statusColour(a.status) },
          { text: rep ? t(rep.name) : agr ? t(agr.name) : '—' },
          { text: rep ? `v${t(rep.version)}` : agr ? t(agr.state) : '—' },
          { text: rep ? period(rep.periodStart, rep.periodEnd) : agr ? period(agr.effectiveStart, agr.effectiveEnd) : '—' },
          { text: t(a.reason) },
        ];
      }),
      [90, 40, 130, 45, 80, 120],
      PORTRAIT_WIDTH,
    ),
    { text: ARTIFACT_NOTICE, style: 'small', italics: true, margin: [0, 0, 0, 4] },
  ];
}

function manualTable(ctx: Ctx, items: readonly ManualEvidenceResult[]): Content[] {
  if (items.length === 0) return [];
  const statusColour = (s: ManualEvidenceResult['status']): string =>
    s === 'current'
      ? STATUS_COLOURS.met
      : s === 'expiring'
        ? STATUS_COLOURS.partial
        : s === 'expired'
          ? STATUS_COLOURS['not-met']
          : STATUS_COLOURS['needs-evidence'];
  return [
    { text: 'Manual evidence', style: 'h5' },
    table(
      ctx,
      ['Evidence', 'Status', 'Collected on', 'Valid until', 'Location', 'Owner'],
      items.map((m): TableCell[] => [
        { text: m.record ? `${t(m.record.title)} (${t(m.record.id)})` : t(m.title) },
        { text: t(m.status), bold: true, color: statusColour(m.status) },
        { text: m.record ? t(m.record.collectedOn) : '—' },
        { text: m.record ? t(m.record.validUntil) : '—' },
        { text: m.record ? t(m.record.location) : 'Not recorded in the register' },
        { text: m.record ? t(m.record.owner) : '—' },
      ]),
      [120, 45, 55, 55, 150, 70],
      PORTRAIT_WIDTH,
    ),
  ];
}

function controlBlock(ctx: Ctx, c: ControlResult): Content[] {
  const anchor = ctx.controlAnchors.get(c.controlId);
  const title: ContentText = {
    text: [`Control: ${t(c.title)} `, { text: `(${t(c.controlId)})`, color: '#666666', bold: false }, '  ', statusText(c.status)],
    style: 'h4',
  };
  if (anchor) {
    // Already shown in full: status and reasons here, the evidence where it was first shown.
    return [
      title,
      ...(c.reasons.length > 0 ? [bullets(c.reasons)] : []),
      {
        text: ['Shown in full, with its evidence, implementation statement and owner, on page ', { pageReference: anchor }],
        style: 'small',
        italics: true,
        margin: [0, 0, 0, 4],
      },
    ];
  }
  const id = ctx.nextId();
  ctx.controlAnchors.set(c.controlId, id);
  const out: Content[] = [
    {
      // The control's heading never sits alone at the foot of a page.
      stack: [
        withId(title, id),
        fields([
          ['Responsibility', responsibilityLabel(c.responsibility)],
          ['What AWS does', t(c.aws)],
          ['What the customer does', t(c.customer)],
          ['Owner (RACI)', ownerText(c.owner)],
        ]),
      ],
      unbreakable: true,
    },
  ];
  if (c.services.length > 0) {
    out.push({ text: 'Split by kind of service', style: 'h5' });
    out.push(
      table(
        ctx,
        ['Service', 'Model', 'What AWS does', 'What the customer does'],
        c.services.map((s): TableCell[] => [
          { text: t(s.service) },
          { text: responsibilityLabel(s.model) },
          { text: t(s.aws) },
          { text: t(s.customer) },
        ]),
        [70, 60, 180, 180],
        PORTRAIT_WIDTH,
      ),
    );
  }
  if (c.reasons.length > 0) {
    out.push({ text: 'Why this status', style: 'h5' }, bullets(c.reasons));
  }
  const narrative = ctx.input.narratives.get(c.controlId);
  out.push({ text: 'Implementation statement', style: 'h5' });
  out.push(
    narrative
      ? { text: toSafeText(narrative, { multiline: true, maxLength: 6_000 }), margin: [0, 0, 0, 4] }
      : { text: 'No implementation statement.', style: 'muted', margin: [0, 0, 0, 4] },
  );
  pushAll(out, ruleTables(ctx, c));
  pushAll(out, attestationTable(ctx, c.attestations));
  pushAll(out, manualTable(ctx, c.manual));
  if (c.gaps.length > 0) {
    out.push({ text: 'Collection gaps that affected it', style: 'h5' }, bullets(c.gaps.map(gapLine)));
  }
  if (AT_FAULT.has(c.status)) {
    out.push({ text: [{ text: 'Remediation: ', bold: true }, t(c.remediation)], margin: [0, 2, 0, 4] });
  }
  return out;
}

function details(ctx: Ctx): Content[] {
  const out: Content[] = [
    heading('Requirement detail', 'h1', 'sec-detail', {
      toc: true,
      extra: { pageBreak: 'before', pageOrientation: 'portrait' },
    }),
    {
      text: 'In catalog order. Each requirement shows its status and why, then each mapped common control with its evidence. A control mapped to several requirements is shown in full once; later mentions point to that page.',
      style: 'small',
      margin: [0, 0, 0, 6],
    },
  ];
  const nodeIds = new Map<string, string>();
  let first = true;
  for (const r of ctx.input.result.requirements) {
    const id = ctx.nextId();
    nodeIds.set(r.requirementId, id);
    const parentId = (r.parent && nodeIds.get(r.parent)) || 'sec-detail';
    const depth = Math.max(0, Math.min(3, Math.floor(r.depth || 0)));
    const label = `${t(r.requirementId)}  ${t(r.title)}`;
    if (!r.assessable) {
      out.push(
        heading(label, depth === 0 ? 'h2' : 'h3', id, {
          toc: true,
          tocMargin: [8 * (depth + 1), 0, 0, 0],
          parentId,
          extra: first ? {} : { margin: [0, 14, 0, 4] },
        }),
      );
      if (r.description) out.push({ text: t(r.description), style: 'small', margin: [0, 0, 0, 4] });
      first = false;
      continue;
    }
    first = false;
    const pairs: [string, ContentText | string][] = [
      ['Status', statusText(r.status)],
      ['Responsibility', responsibilityLabel(r.responsibility)],
    ];
    if (r.hipaaType) pairs.push(['HIPAA specification', r.hipaaType === 'required' ? 'Required' : 'Addressable']);
    if (r.serviceProviderOnly) pairs.push(['PCI DSS', 'Applies to service providers only']);
    const block: Content[] = [
      {
        stack: [
          { canvas: [{ type: 'line', x1: 0, y1: 0, x2: PORTRAIT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: '#c8c8c8' }], margin: [0, 6, 0, 0] },
          heading(label, 'h3', id, { toc: true, tocMargin: [8 * (depth + 1), 0, 0, 0], parentId }),
          fields(pairs),
        ],
        unbreakable: true,
      },
    ];
    if (r.description) block.push({ text: t(r.description), style: 'small', margin: [0, 0, 0, 4] });
    if (r.reasons.length > 0) block.push(bullets(r.reasons));
    const cs = controlsOf(ctx, r);
    if (cs.length === 0) {
      block.push({ text: 'No common control is mapped to this requirement: it is assessed manually.', style: 'muted' });
    }
    for (const c of cs) pushAll(block, controlBlock(ctx, c));
    pushAll(out, block).push({ text: '', margin: [0, 0, 0, 6] });
  }
  return out;
}

function gapsAndRemediation(ctx: Ctx): Content[] {
  const reqs = ctx.input.result.requirements
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.assessable && AT_FAULT.has(r.status))
    .sort((a, b) => (STATUS_SEVERITY[a.r.status] ?? 9) - (STATUS_SEVERITY[b.r.status] ?? 9) || a.i - b.i);
  const rows: TableCell[][] = [];
  for (const { r } of reqs) {
    const cs = controlsOf(ctx, r);
    const faulty = cs.filter((c) => AT_FAULT.has(c.status));
    const list = faulty.length > 0 ? faulty : cs;
    if (list.length === 0) {
      rows.push([
        { text: t(r.requirementId), bold: true },
        statusText(r.status),
        { text: 'No common control mapped' },
        { text: 'Map a control or assess manually.' },
        { text: '—' },
      ]);
    }
    for (const c of list) {
      rows.push([
        { text: t(r.requirementId), bold: true },
        statusText(r.status),
        { text: [`${t(c.title)} `, { text: `(${t(c.controlId)}) `, color: '#666666' }, statusText(c.status, { fontSize: 6.5 })] },
        { text: t(c.remediation) },
        c.owner ? { text: `R: ${t(c.owner.responsible)}\nA: ${t(c.owner.accountable)}` } : { text: 'Not assigned', color: STATUS_COLOURS['needs-evidence'] },
      ]);
    }
  }
  return [
    heading('Gaps and remediation', 'h1', 'sec-gaps', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: 'Every assessable requirement that is not met, partial, or needs evidence, worst first; the controls at fault, what to do, and who fixes it (R: responsible, A: accountable).',
      style: 'small',
      margin: [0, 0, 0, 6],
    },
    table(ctx, ['Requirement', 'Status', 'Control at fault', 'Remediation', 'Who fixes it'], rows, [70, 55, 130, 170, 85], PORTRAIT_WIDTH, {
      empty: 'No requirement is not met, partial, or waiting for evidence.',
    }),
  ];
}

function appendixA(ctx: Ctx): Content[] {
  const m = ctx.input.evidence.manifest;
  const countsText = (c: Record<string, number> | undefined): string =>
    c ? Object.keys(c).sort().map((k) => `${t(k)} ${formatInt(c[k] ?? 0)}`).join(', ') : '—';
  const sources = [...m.sources].sort(
    (a, b) => a.source.localeCompare(b.source) || (a.account ?? '').localeCompare(b.account ?? '') || (a.region ?? '').localeCompare(b.region ?? ''),
  );
  return [
    heading('Appendix A. Collection scope and gaps', 'h1', 'sec-appendix-a', { toc: true, extra: { pageBreak: 'before' } }),
    { text: 'Scope', style: 'h3' },
    table(
      ctx,
      ['Account', 'Name'],
      m.scope.accounts.map((a): TableCell[] => [{ text: t(a.id) }, { text: a.name ? t(a.name) : '—' }]),
      [120, 300],
      PORTRAIT_WIDTH,
      { empty: 'No accounts in scope.' },
    ),
    { text: [{ text: 'Regions: ', bold: true }, m.scope.regions.length > 0 ? m.scope.regions.map(t).join(', ') : 'none'], margin: [0, 0, 0, 6] },
    { text: 'Sources', style: 'h3' },
    table(
      ctx,
      ['Source', 'Account', 'Region', 'Status', 'Records'],
      sources.map((s): TableCell[] => [
        { text: t(s.source) },
        { text: s.account ? t(s.account) : 'all' },
        { text: s.region ? t(s.region) : 'all' },
        s.status === 'collected'
          ? { text: 'collected', color: STATUS_COLOURS.met }
          : { text: t(s.status), bold: true, color: STATUS_COLOURS['needs-evidence'] },
        { text: countsText(s.counts) },
      ]),
      [70, 80, 70, 55, 200],
      PORTRAIT_WIDTH,
    ),
    { text: 'Collection gaps', style: 'h3' },
    {
      text: 'What could not be collected. A gap only ever lowers a status: what depends on it is needs evidence, never met.',
      style: 'small',
    },
    table(
      ctx,
      ['Code', 'Source', 'Account', 'Region', 'Message', 'Missing IAM action'],
      m.gaps.map((g): TableCell[] => [
        { text: t(g.code), bold: true },
        { text: t(g.source) },
        { text: g.account ? t(g.account) : '—' },
        { text: g.region ? t(g.region) : '—' },
        { text: t(g.message) },
        { text: g.action ? t(g.action) : '—' },
      ]),
      [100, 45, 60, 50, 130, 115],
      PORTRAIT_WIDTH,
      { empty: 'No collection gaps.' },
    ),
  ];
}

function appendixB(ctx: Ctx): Content[] {
  return [
    heading('Appendix B. Status definitions', 'h1', 'sec-appendix-b', { toc: true, extra: { pageBreak: 'before' } }),
    table(
      ctx,
      ['Status', 'Definition'],
      SUMMARY_STATUS_ORDER.map((s): TableCell[] => [statusText(s), { text: STATUS_DEFINITIONS[s] }]),
      [90, 400],
      PORTRAIT_WIDTH,
      { fontSize: 8.5 },
    ),
    { text: 'Responsibility', style: 'h3' },
    table(
      ctx,
      ['Responsibility', 'Definition'],
      RESPONSIBILITIES.map((r): TableCell[] => [
        { text: RESPONSIBILITY_LABELS[r], bold: true, color: RESPONSIBILITY_COLOURS[r] },
        { text: RESPONSIBILITY_DEFINITIONS[r] },
      ]),
      [90, 400],
      PORTRAIT_WIDTH,
      { fontSize: 8.5 },
    ),
  ];
}

function appendixC(ctx: Ctx): Content[] {
  const e = ctx.input.evidence;
  return [
    heading('Appendix C. Evidence inventory', 'h1', 'sec-appendix-c', { toc: true, extra: { pageBreak: 'before' } }),
    { text: 'Snapshot files', style: 'h3' },
    {
      text: `Snapshot ${t(e.manifest.id)}; each file's SHA-256 lets an auditor check the snapshot this pack was rebuilt from.`,
      style: 'small',
    },
    table(
      ctx,
      ['Path', 'Records', 'Bytes', 'SHA-256'],
      e.manifest.files.map((f): TableCell[] => [
        { text: t(f.path) },
        { text: formatInt(f.records), alignment: 'right' },
        { text: formatInt(f.bytes), alignment: 'right' },
        { text: t(f.sha256), fontSize: 6.5 },
      ]),
      [140, 45, 55, 250],
      PORTRAIT_WIDTH,
    ),
    { text: 'AWS Artifact reports cited', style: 'h3' },
    { text: `${ARTIFACT_NOTICE} Identified by id, version and period; the SHA-256 is shown where the document was downloaded into the snapshot.`, style: 'small' },
    table(
      ctx,
      ['Report', 'Id', 'Version', 'Period', 'Document SHA-256'],
      e.artifactReports.map((r): TableCell[] => [
        { text: t(r.name) },
        { text: t(r.id) },
        { text: t(r.version), alignment: 'right' },
        { text: period(r.periodStart, r.periodEnd) },
        r.documentSha256 ? { text: t(r.documentSha256), fontSize: 6.5 } : { text: 'not downloaded', style: 'muted' },
      ]),
      [130, 80, 35, 90, 160],
      PORTRAIT_WIDTH,
      { empty: 'No AWS Artifact reports were listed.' },
    ),
    { text: 'AWS agreements', style: 'h3' },
    table(
      ctx,
      ['Agreement', 'Id', 'Type', 'State', 'Account', 'Effective'],
      e.artifactAgreements.map((a): TableCell[] => [
        { text: t(a.name) },
        { text: t(a.id) },
        { text: t(a.type) },
        { text: t(a.state), bold: true, color: a.state === 'ACTIVE' ? STATUS_COLOURS.met : STATUS_COLOURS['not-met'] },
        { text: a.awsAccountId ? t(a.awsAccountId) : '—' },
        { text: period(a.effectiveStart, a.effectiveEnd) },
      ]),
      [130, 80, 55, 60, 65, 95],
      PORTRAIT_WIDTH,
      { empty: 'No AWS agreements were listed.' },
    ),
    { text: 'Manual evidence register', style: 'h3' },
    table(
      ctx,
      ['Id', 'Title', 'Kind', 'Owner', 'Collected on', 'Valid until', 'Location', 'SHA-256'],
      e.manualEvidence.map((m): TableCell[] => [
        { text: t(m.id) },
        { text: t(m.title) },
        { text: t(m.kind) },
        { text: t(m.owner) },
        { text: t(m.collectedOn) },
        { text: t(m.validUntil) },
        { text: t(m.location) },
        { text: m.sha256 ? t(m.sha256) : '—', fontSize: 6 },
      ]),
      [35, 85, 60, 50, 45, 45, 90, 80],
      PORTRAIT_WIDTH,
      { fontSize: 7, empty: 'No manual evidence recorded.' },
    ),
    { text: 'Approved exceptions: see the section Exceptions (risk acceptance).', style: 'muted' },
  ];
}

function styles(): StyleDictionary {
  return {
    kicker: { fontSize: 12, bold: true, color: '#1565c0', characterSpacing: 1 },
    title: { fontSize: 26, bold: true, color: '#1a1a1a' },
    subtitle: { fontSize: 12, color: '#444444' },
    h1: { fontSize: 16, bold: true, color: '#1a1a1a', margin: [0, 0, 0, 8] },
    h2: { fontSize: 13, bold: true, color: '#1a1a1a', margin: [0, 4, 0, 4] },
    h3: { fontSize: 11, bold: true, color: '#1a1a1a', margin: [0, 8, 0, 3] },
    h4: { fontSize: 9.5, bold: true, color: '#1a1a1a', margin: [0, 6, 0, 2] },
    h5: { fontSize: 8.5, bold: true, color: '#333333', margin: [0, 4, 0, 1] },
    th: { bold: true, fillColor: '#e8e8e8' },
    label: { bold: true, color: '#444444' },
    small: { fontSize: 7.5, color: '#333333' },
    muted: { fontSize: 8, color: '#777777', italics: true },
    notice: { fontSize: 9, bold: true, color: '#8a3a00' },
    body: { fontSize: 8.5 },
  };
}

// ---------------------------------------------------------------------------------------------

/** What an exception did in this pack: the failing results it accepted, or the requirement it made accepted-risk. */
function appliedTo(r: ExceptionSummary): string {
  if (r.status !== 'current') return 'not applied';
  if (r.exception.requirement) return r.requirements.length > 0 ? 'the requirement (accepted-risk)' : `the ${r.exception.requirement.split(':')[0] ?? ''} pack`;
  const results = `${formatInt(r.resultsCovered)} failing result${r.resultsCovered === 1 ? '' : 's'}`;
  // The requirement ids are in exceptions.csv: a rule can support dozens of them.
  return r.requirements.length > 0 ? `${results}, under ${formatInt(r.requirements.length)} requirement${r.requirements.length === 1 ? '' : 's'}` : results;
}

/** Every exception as of the snapshot date: what it covers, whether it is in force, what it was used for. */
function exceptionsSection(ctx: Ctx): Content[] {
  const rows = toExceptionSummaries(ctx.input);
  const colour = (s: string) => (s === 'current' ? STATUS_COLOURS['accepted-risk'] : STATUS_COLOURS['not-met']);
  return [
    heading('Exceptions (risk acceptance)', 'h1', 'sec-exceptions', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: 'A current exception turns the failing results or the requirement it covers into accepted-risk. An expired or not yet approved one is listed here and never applied: what it would cover counts as failing.',
      margin: [0, 0, 0, 6],
    },
    table(
      ctx,
      ['Id', 'Covers', 'Status', 'Applied to', 'Reason', 'Compensating control', 'Approver', 'Approved', 'Expires'],
      rows.map((r): TableCell[] => [
        { text: t(r.exception.id), bold: true },
        { text: t(r.covers) },
        { text: t(r.status), bold: true, color: colour(r.status) },
        { text: appliedTo(r) },
        { text: t(r.exception.reason) },
        { text: t(r.exception.compensatingControl) },
        { text: t(r.exception.approver) },
        { text: t(r.exception.approvedOn) },
        { text: t(r.exception.expiresOn) },
      ]),
      [56, 70, 38, 50, 76, 76, 53, 48, 48],
      PORTRAIT_WIDTH,
      { fontSize: 7, empty: 'No exceptions recorded.' },
    ),
  ];
}

/** "Changes since <date>" (report --previous): scope first, then requirements, resources, rules, evidence. */
function changesSince(ctx: Ctx): Content[] {
  const d = ctx.input.changes;
  if (!d) return [];
  const fwId = ctx.input.result.framework.id;
  const reqs = d.requirements.find((r) => r.framework === fwId)?.changes ?? [];
  const count = (k: string) => reqs.filter((c) => c.change === k).length;
  const listed = reqs.filter((c) => c.change !== 'unchanged');
  const order: Record<string, number> = { 'not-comparable': 0, regressed: 1, improved: 2, changed: 3, added: 4, removed: 5 };
  listed.sort((a, b) => (order[a.change] ?? 9) - (order[b.change] ?? 9));
  const statusCell = (s: string): TableCell => (isStatus(s) ? statusText(s) : { text: s || '—' });
  const tot = d.resources.totals;
  const byKind = (k: string) => d.resources.sample.filter((c) => c.change === k);
  const resourceRows = (k: string): TableCell[][] =>
    byKind(k).map((c) => [t(c.account), t(c.region), t(c.ruleIdentifier), t(c.resourceType), t(c.resourceId), t(c.before || '—'), t(c.annotation)]);
  const more = (shown: number, total: number) => (total > shown ? [{ text: `… and ${formatInt(total - shown)} more: see changes/resource-changes.csv`, style: 'muted' } as Content] : []);
  return [
    heading(`Changes since ${day(d.before.createdAt)}`, 'h1', 'sec-changes', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: `Snapshot ${t(d.before.id)} (${dayAndTime(d.before.createdAt)}) compared with ${t(d.after.id)} (${dayAndTime(d.after.createdAt)}), over the ${formatInt(d.commonScope.length)} account/region pairs whose AWS Config evidence was collected in both. A change of scope is listed first and never counted as an improvement; requirements whose evidence was not collected in both are marked not comparable.`,
      margin: [0, 0, 0, 6],
    },
    { text: 'Scope changes', style: 'h3' },
    table(ctx, ['Source', 'Account', 'Region', 'Before', 'Now', 'Detail'], d.scope.map((c) => [t(c.source), t(c.account), t(c.region), t(c.before), t(c.after), t(c.detail)]), [12, 14, 11, 9, 9, 45], PORTRAIT_WIDTH, { empty: 'None: the same accounts, regions and sources were collected.' }),
    { text: 'Requirements', style: 'h3' },
    keyValues(ctx, [
      ['Regressed', { text: formatInt(count('regressed')), bold: count('regressed') > 0, color: count('regressed') > 0 ? STATUS_COLOURS['not-met'] : undefined }],
      ['Improved', formatInt(count('improved'))],
      ['Changed (neither better nor worse)', formatInt(count('changed'))],
      ['Not comparable', formatInt(count('not-comparable'))],
      ['Added / removed', `${formatInt(count('added'))} / ${formatInt(count('removed'))}`],
      ['Unchanged', formatInt(count('unchanged'))],
    ], PORTRAIT_WIDTH, 170),
    table(ctx, ['Requirement', 'Title', 'Before', 'Now', 'Change', 'Why'], listed.map((c) => [t(c.requirementId), t(c.title), statusCell(c.before), statusCell(c.after), t(c.change), t(c.reason)]), [12, 22, 10, 10, 10, 36], PORTRAIT_WIDTH, { empty: 'No requirement changed status.' }),
    { text: 'Resources', style: 'h3' },
    { text: `${formatInt(tot.newlyFailing)} newly failing, ${formatInt(tot.newlyFixed)} newly fixed, ${formatInt(tot.noLongerEvaluated)} no longer evaluated (deleted or out of the rule's scope), ${formatInt(tot.stillFailing)} still failing.`, margin: [0, 0, 0, 4] },
    { text: 'Newly failing', style: 'h4' },
    table(ctx, ['Account', 'Region', 'Rule', 'Type', 'Resource', 'Before', 'Annotation'], resourceRows('newly-failing'), [12, 9, 18, 13, 20, 9, 19], PORTRAIT_WIDTH, { empty: 'None.' }),
    ...more(byKind('newly-failing').length, tot.newlyFailing),
    { text: 'Newly fixed', style: 'h4' },
    table(ctx, ['Account', 'Region', 'Rule', 'Type', 'Resource', 'Before', 'Annotation then'], resourceRows('newly-fixed'), [12, 9, 18, 13, 20, 9, 19], PORTRAIT_WIDTH, { empty: 'None.' }),
    ...more(byKind('newly-fixed').length, tot.newlyFixed),
    { text: 'Config rules added or removed', style: 'h3' },
    table(ctx, ['Change', 'Rule', 'Owner', 'Where'], d.rules.map((r) => [t(r.change), t(r.ruleIdentifier), t(r.sourceOwner), t(r.where.join(', '))]), [10, 35, 12, 43], PORTRAIT_WIDTH, { empty: 'None.' }),
    { text: 'Manual evidence and exceptions', style: 'h3' },
    table(ctx, ['Type', 'Subject', 'Change', 'Before', 'Now'], d.evidence.map((e) => [t(e.type), t(e.subject), t(e.change), t(e.before), t(e.after)]), [12, 18, 10, 30, 30], PORTRAIT_WIDTH, { empty: 'Nothing expired or was renewed between the two dates.' }),
  ];
}

/** "Trend" (report --history): requirements by status per snapshot, and failing results. */
function trend(ctx: Ctx): Content[] {
  const points = ctx.input.history;
  if (!points || points.length === 0) return [];
  const width = 300;
  const order = SUMMARY_STATUS_ORDER;
  const rows: TableCell[][] = points.map((p) => {
    const total = order.reduce((n, s) => n + (p.byStatus[s] ?? 0), 0);
    let x = 0;
    const rects = order.flatMap((s) => {
      const w = total > 0 ? ((p.byStatus[s] ?? 0) / total) * width : 0;
      const r = w > 0 ? [{ type: 'rect' as const, x, y: 1, w, h: 10, color: STATUS_COLOURS[s] }] : [];
      x += w;
      return r;
    });
    return [{ text: `${t(p.asOf)}\n${t(p.snapshotId)}`, fontSize: 7 }, { canvas: rects }, { text: `${formatInt(p.byStatus.met ?? 0)} met, ${formatInt(p.byStatus['not-met'] ?? 0)} not met`, fontSize: 7 }];
  });
  const maxFailing = maxOf(points.map((p) => p.failingResults), 0);
  const failingRows: TableCell[][] = points.map((p) => {
    const w = maxFailing > 0 ? (p.failingResults / maxFailing) * 260 : 0;
    return [
      { text: `${t(p.asOf)} ${t(p.snapshotId)}`, fontSize: 7 },
      { canvas: [{ type: 'rect', x: 0, y: 1, w: 260, h: 9, color: '#f0f0f0' }, ...(w > 0 ? [{ type: 'rect' as const, x: 0, y: 1, w, h: 9, color: STATUS_COLOURS['not-met'] }] : [])] },
      { text: formatInt(p.failingResults), alignment: 'right' },
    ];
  });
  return [
    heading(`Trend over the last ${points.length} snapshots`, 'h1', 'sec-trend', { toc: true, extra: { pageBreak: 'before' } }),
    { text: 'Requirements by status in each snapshot (as reported, each over its own scope; see the collection gaps column).', margin: [0, 0, 0, 4] },
    { table: { widths: [90, width, 100], body: rows }, layout: ctx.plain, margin: [0, 2, 0, 4] },
    { columns: order.map((s) => ({ text: [{ text: '■ ', color: STATUS_COLOURS[s] }, STATUS_LABELS[s]], fontSize: 7 })), margin: [0, 0, 0, 8] },
    table(ctx, ['As of', 'Snapshot', ...order.map((s) => STATUS_LABELS[s]), 'Gaps'], points.map((p) => [t(p.asOf), t(p.snapshotId), ...order.map((s) => formatInt(p.byStatus[s] ?? 0)), formatInt(p.gaps)]), [12, 18, 8, 8, 8, 8, 9, 8, 9, 6], PORTRAIT_WIDTH),
    { text: 'Failing results (NON_COMPLIANT, not covered by an exception)', style: 'h3' },
    { table: { widths: [110, 260, 70], body: failingRows }, layout: ctx.plain, margin: [0, 2, 0, 10] },
  ];
}

/**
 * The pdfmake document definition of one framework's evidence pack. Fresh object per call.
 */
export function toPdfDocument(input: PackInput, options: PdfDocumentOptions = {}): TDocumentDefinitions {
  let counter = 0;
  const ctx: Ctx = {
    input,
    grid: makeGridLayout(),
    plain: makePlainLayout(),
    controlAnchors: new Map(),
    nextId: () => `n${++counter}`,
  };
  const m = input.evidence.manifest;
  const fw = input.result.framework;
  const headerLeft = `${t(fw.name)} ${t(fw.version)}`;
  const headerRight = t(m.organisation.name);
  const snapshotId = t(m.id);
  const created = new Date(m.createdAt);

  const content: Content[] = [
    ...cover(ctx, options),
    ...toc(),
    ...summary(ctx),
    ...changesSince(ctx),
    ...trend(ctx),
    ...matrix(ctx),
    ...details(ctx),
    ...gapsAndRemediation(ctx),
    ...toAttestationsSection(input),
    ...exceptionsSection(ctx),
    ...appendixA(ctx),
    ...appendixB(ctx),
    ...appendixC(ctx),
  ];

  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [MARGIN_X, 52, MARGIN_X, 44],
    info: {
      title: toSafeMetadata(`${fw.name} ${fw.version} evidence pack: ${m.organisation.name}`),
      author: 'srmap',
      subject: toSafeMetadata(
        `Shared-responsibility compliance evidence for ${fw.name} as of ${dayAndTime(m.createdAt)}, snapshot ${m.id}`,
      ),
      keywords: toSafeMetadata(`${fw.id}, ${fw.name}, AWS shared responsibility model, compliance evidence, audit`),
      creator: toSafeMetadata(`${m.tool.name} ${m.tool.version}`),
      producer: 'srmap (pdfmake)',
      ...(Number.isNaN(created.getTime()) ? {} : { creationDate: created }),
    },
    defaultStyle: { font: 'Roboto', fontSize: 8.5, lineHeight: 1.15 },
    styles: styles(),
    header: (currentPage, _pageCount, pageSize) => {
      if (currentPage === 1) return null;
      const half = (pageSize.width - 2 * MARGIN_X) / 2;
      return {
        columns: [
          { text: headerLeft, width: half },
          { text: headerRight, width: half, alignment: 'right' },
        ],
        fontSize: 7.5,
        color: '#666666',
        margin: [MARGIN_X, 24, MARGIN_X, 0],
      };
    },
    footer: (currentPage, pageCount, pageSize) => {
      const half = (pageSize.width - 2 * MARGIN_X) / 2;
      return {
        columns: [
          { text: `Snapshot ${snapshotId}`, width: half },
          { text: `Page ${currentPage} of ${pageCount}`, width: half, alignment: 'right' },
        ],
        fontSize: 7.5,
        color: '#666666',
        margin: [MARGIN_X, 16, MARGIN_X, 0],
      };
    },
    content,
  };
}
