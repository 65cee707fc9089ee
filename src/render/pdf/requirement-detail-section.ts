/**
 * The PDF section "Requirement detail": each requirement with its status in srmap's and the
 * framework's words, why, the evidence that DECIDED it (rules with their counts and failing
 * resources, manual evidence, AWS attestations), the related evidence that only supports it, and
 * the controls that implement it. A control or a rule's failing resources shown once in full; later
 * mentions point to that page. Pure; untrusted text only through toSafeText.
 */
import type { Content, ContentText, TableCell } from 'pdfmake/interfaces.js';
import type { AttestationEvidence, ControlResult, EvidencePart, ManualEvidenceResult, RequirementResult, RuleEvidence } from '../../domain/result.js';
import { SHORTFALL_STATUSES, STATUS_COLOURS, STATUS_LABELS } from '../../domain/status.js';
import { pushAll } from '../../domain/arrays.js';
import { emptyRuleEvidence } from '../../domain/rule-evidence.js';
import { toPropertyLabels } from '../../domain/requirement-properties.js';
import {
  ARTIFACT_NOTICE,
  PORTRAIT_WIDTH,
  bullets,
  fields,
  formatInt,
  heading,
  ownerText,
  period,
  responsibilityLabel,
  statusText,
  t,
  table,
  token,
  withId,
  type Ctx,
} from './pdf-blocks.js';
import { toSafeText } from './safe-text.js';
import { attestationRef, manualRef, ruleRefsInScope } from '../evidence-citations.js';
import { toRefRanges } from '../../domain/evidence-refs.js';

/** `Not met · Not in Place`: srmap's status, and the framework's own term when it says it differently. */
export function statusWithTerm(r: Pick<RequirementResult, 'status' | 'frameworkStatus'>, extra: Omit<ContentText, 'text'> = {}): ContentText {
  const own = statusText(r.status, extra);
  if (!r.frameworkStatus || r.frameworkStatus === STATUS_LABELS[r.status]) return own;
  return { text: [own, { text: `  ·  ${t(r.frameworkStatus)}`, bold: false, color: '#333333' }] };
}

/**
 * One rule as two rows: its identifier and control across the full width (an identifier never
 * breaks inside the token), then its counts and status.
 */
function ruleRows(rule: RuleEvidence, part: EvidencePart, controlTitle: string, refs: string): TableCell[][] {
  const span = 7;
  return [
    [
      {
        text: [token(rule.identifier, { bold: true }), { text: controlTitle ? `   ${t(controlTitle)}` : '', color: '#666666' }, ...(refs ? ['   ', token(refs, { color: '#1565c0' })] : [])],
        colSpan: span,
        fillColor: '#f7f7f7',
      },
      ...Array.from({ length: span - 1 }, (): TableCell => ({})),
    ],
    [
      rule.ruleNames.length === 0
        ? { text: 'not deployed', color: STATUS_COLOURS['needs-evidence'], bold: true }
        : { text: `${formatInt(rule.deployments)} account/region${rule.ruleNames.length > rule.deployments ? `, ${formatInt(rule.ruleNames.length)} names` : ''}` },
      { text: formatInt(rule.counts.COMPLIANT ?? 0), alignment: 'right' },
      { text: formatInt(rule.counts.NON_COMPLIANT ?? 0), alignment: 'right', ...(rule.failingTotal > 0 ? { color: STATUS_COLOURS['not-met'], bold: true } : {}) },
      { text: formatInt(rule.counts.NOT_APPLICABLE ?? 0), alignment: 'right' },
      { text: formatInt(rule.counts.INSUFFICIENT_DATA ?? 0), alignment: 'right' },
      exceptedCell(rule),
      statusText(part.status, { fontSize: 7 }),
    ],
  ];
}

/** Excepted count with the covering exception ids; lapsed exceptions are named but never applied. */
function exceptedCell(rule: RuleEvidence): TableCell {
  const parts: ContentText[] = [{ text: rule.excepted > 0 ? `${formatInt(rule.excepted)} (${rule.exceptionIds.map(t).join(', ')})` : '0' }];
  if (rule.lapsedExceptionIds.length > 0) parts.push({ text: `\nlapsed, not applied: ${rule.lapsedExceptionIds.map(t).join(', ')}`, color: STATUS_COLOURS['not-met'] });
  return { text: parts, alignment: 'right' };
}

/** The failing resources of a rule: in full the first time, then a pointer to that page. */
function failing(ctx: Ctx, rule: RuleEvidence): Content[] {
  if (rule.failingTotal <= 0) return [];
  const seen = ctx.ruleAnchors.get(rule.identifier);
  if (seen) {
    return [{ text: [`${t(rule.identifier)}: ${formatInt(rule.failingTotal)} failing resources, listed on page `, { pageReference: seen }, '.'], style: 'small', italics: true, margin: [0, 0, 0, 3] }];
  }
  const id = ctx.nextId();
  ctx.ruleAnchors.set(rule.identifier, id);
  const cap = Math.max(0, Math.floor(ctx.input.failingCap));
  const shown = rule.failing.slice(0, cap);
  const more = rule.failingTotal - shown.length;
  const out: Content[] = [
    withId({ text: [{ text: 'Failing resources, not covered by an exception: ' }, token(rule.identifier, { bold: true }), ` (${formatInt(rule.failingTotal)})`], style: 'small', margin: [0, 2, 0, 0] }, id),
  ];
  if (shown.length > 0) {
    out.push(
      table(
        ctx,
        ['Account', 'Region', 'Resource type', 'Resource id', 'Annotation'],
        shown.map((f): TableCell[] => [
          token(f.account),
          token(f.region),
          token(f.resourceType),
          token(f.resourceId),
          { text: toSafeText(f.annotation ?? '', { multiline: true, maxLength: 500 }) },
        ]),
        [58, 50, 85, 170, 130],
        PORTRAIT_WIDTH,
        { fontSize: 7 },
      ),
    );
  }
  if (more > 0) out.push({ text: `… and ${formatInt(more)} more: see evidence.csv`, style: 'small', italics: true, margin: [0, 0, 0, 6] });
  return out;
}

/** A piece of evidence's name, with its reference on a line of its own when it has one. */
function withRef(name: string | (string | ContentText)[], ref: string | undefined): TableCell {
  return { text: [...(typeof name === 'string' ? [{ text: name }] : name), ...(ref ? ['\n', token(ref, { color: '#1565c0' })] : [])] };
}

function manualTable(ctx: Ctx, items: readonly ManualEvidenceResult[]): Content[] {
  if (items.length === 0) return [];
  const colour = (s: ManualEvidenceResult['status']): string =>
    s === 'current' ? STATUS_COLOURS.met : s === 'expiring' ? STATUS_COLOURS.partial : s === 'expired' ? STATUS_COLOURS['not-met'] : STATUS_COLOURS['needs-evidence'];
  return [
    table(
      ctx,
      ['Manual evidence', 'Status', 'Collected on', 'Valid until', 'Location', 'Owner'],
      items.map((m): TableCell[] => [
        m.record ? withRef([{ text: `${t(m.record.title)} (` }, token(m.record.id), ')'], manualRef(ctx.input.refs, m)) : { text: t(m.title) },
        { text: t(m.status), bold: true, color: colour(m.status) },
        { text: m.record ? t(m.record.collectedOn) : '—' },
        { text: m.record ? t(m.record.validUntil) : '—' },
        m.record ? token(m.record.location) : { text: 'Not recorded in the register' },
        { text: m.record ? t(m.record.owner) : '—' },
      ]),
      [120, 45, 55, 55, 150, 70],
      PORTRAIT_WIDTH,
    ),
  ];
}

function attestationTable(ctx: Ctx, items: readonly AttestationEvidence[]): Content[] {
  if (items.length === 0) return [];
  const colour = (s: AttestationEvidence['status']): string => (s === 'current' ? STATUS_COLOURS.met : s === 'missing' ? STATUS_COLOURS['needs-evidence'] : STATUS_COLOURS['not-met']);
  return [
    table(
      ctx,
      ['AWS attestation', 'Status', 'Report or agreement', 'Version / state', 'Period', 'Why'],
      items.map((a): TableCell[] => {
        const rep = a.report;
        const agr = a.agreement;
        return [
          withRef(t(a.title), attestationRef(ctx.input.refs, a)),
          { text: t(a.status), bold: true, color: colour(a.status) },
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

function decidingEvidence(ctx: Ctx, r: RequirementResult): Content[] {
  const { result, evidence } = ctx.input;
  const control = (id: string | undefined): ControlResult | undefined => (id ? result.controls.get(id) : undefined);
  const rules = r.deciding.filter((p) => p.kind === 'rule');
  const manual = r.deciding.filter((p) => p.kind === 'manual').map((p) => control(p.controlId)?.manual.find((m) => m.kind === p.id)).filter((m): m is ManualEvidenceResult => m !== undefined);
  const attestations = r.deciding.filter((p) => p.kind === 'attestation').map((p) => control(p.controlId)?.attestations.find((a) => a.kind === p.id)).filter((a): a is AttestationEvidence => a !== undefined);
  const out: Content[] = [{ text: 'Deciding evidence: what tests this requirement (EV- references: evidence-index.csv)', style: 'h5' }];
  if (rules.length > 0) {
    const shown = rules.map((p) => ({ p, rule: evidence.rules.get(p.id) ?? emptyRuleEvidence(p.id) }));
    out.push(
      table(
        ctx,
        ['Deployed', 'Compliant', 'Non-compliant', 'Not applicable', 'Insufficient data', 'Excepted', 'Status'],
        shown.flatMap(({ p, rule }) => ruleRows(rule, p, control(p.controlId)?.title ?? '', toRefRanges(ruleRefsInScope(ctx.input.refs, evidence.scope, p.id)))),
        [110, 55, 60, 55, 60, 80, 70],
        PORTRAIT_WIDTH,
      ),
    );
    for (const { rule } of shown) pushAll(out, failing(ctx, rule));
  }
  pushAll(out, manualTable(ctx, manual));
  pushAll(out, attestationTable(ctx, attestations));
  if (rules.length + manual.length + attestations.length === 0) out.push({ text: 'Nothing that tests it is mapped: it is assessed by hand.', style: 'muted' });
  return out;
}

/** Related rules, one line: shown so an assessor sees them, never part of the status. */
function supportingEvidence(r: RequirementResult): Content[] {
  if (r.supporting.length === 0) return [];
  const items: ContentText[] = r.supporting.flatMap((p, i): ContentText[] => [
    ...(i > 0 ? [{ text: ', ' }] : []),
    token(p.id),
    { text: ` (${STATUS_LABELS[p.status].toLowerCase()})`, color: STATUS_COLOURS[p.status] },
  ]);
  return [
    { text: 'Supporting evidence: related, never decides', style: 'h5' },
    { text: items, style: 'small', margin: [0, 0, 0, 4] },
  ];
}

/** A control already shown in full: one line, ending with the page it is on. */
function controlLine(c: ControlResult, anchor: string): Content {
  return {
    text: [{ text: 'Control: ', bold: true }, `${t(c.title)} `, { text: `(${t(c.controlId)})`, color: '#666666' }, ' ', statusText(c.status, { fontSize: 7.5 }), ': responsibility, statement and owner on page ', { pageReference: anchor }],
    style: 'small',
    margin: [0, 1, 0, 1],
  };
}

/** A control that implements the requirement: shown in full once, later one line and a page reference. */
function controlBlock(ctx: Ctx, c: ControlResult): Content[] {
  const anchor = ctx.controlAnchors.get(c.controlId);
  if (anchor) return [controlLine(c, anchor)];
  const title: ContentText = { text: [`Control: ${t(c.title)} `, { text: `(${t(c.controlId)})`, color: '#666666', bold: false }, '  ', statusText(c.status)], style: 'h4' };
  const id = ctx.nextId();
  ctx.controlAnchors.set(c.controlId, id);
  const out: Content[] = [
    {
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
        c.services.map((s): TableCell[] => [{ text: t(s.service) }, { text: responsibilityLabel(s.model) }, { text: t(s.aws) }, { text: t(s.customer) }]),
        [70, 60, 180, 180],
        PORTRAIT_WIDTH,
      ),
    );
  }
  const narrative = ctx.input.narratives.get(c.controlId);
  out.push({ text: 'Implementation statement', style: 'h5' });
  out.push(narrative ? { text: toSafeText(narrative, { multiline: true, maxLength: 6_000 }), margin: [0, 0, 0, 4] } : { text: 'No implementation statement.', style: 'muted', margin: [0, 0, 0, 4] });
  if (SHORTFALL_STATUSES.has(c.status)) out.push({ text: [{ text: 'Remediation: ', bold: true }, t(c.remediation)], margin: [0, 2, 0, 4] });
  return out;
}

function declarationText(r: RequirementResult): string | undefined {
  const d = r.declaration;
  if (!d) return undefined;
  const what = d.decision === 'alternative' ? `Alternative measure: ${t(d.alternative ?? '')}` : 'Not applicable';
  return `${what}. ${t(d.justification)} Approved by ${t(d.approver)} on ${t(d.approvedOn)}${d.reviewBy ? `, review by ${t(d.reviewBy)}` : ''}.`;
}

/**
 * A requirement takes a compact entry when nothing in it needs an assessor's attention beyond the
 * facts: met (or declared not applicable) with no exception, applied or lapsed, on what decides it.
 */
export function isCompact(ctx: Ctx, r: RequirementResult): boolean {
  if (r.status !== 'met' && r.status !== 'not-applicable') return false;
  if (r.exceptionId) return false;
  return r.deciding.every((p) => {
    if (p.kind !== 'rule') return true;
    const rule = ctx.input.evidence.rules.get(p.id);
    return !rule || (rule.excepted === 0 && rule.lapsedExceptionIds.length === 0);
  });
}

/** A piece of a line of text. */
type Inline = ContentText | string;

/** One deciding rule in one line: where it is deployed and its counts (the table of a full entry, folded). */
function ruleLine(rule: RuleEvidence, controlTitle: string): Inline[] {
  const c = rule.counts;
  const where = rule.ruleNames.length === 0 ? 'not deployed' : `${formatInt(rule.deployments)} account/region${rule.deployments === 1 ? '' : 's'}`;
  return [
    token(rule.identifier, { bold: true }),
    { text: controlTitle ? ` (${t(controlTitle)})` : '', color: '#666666' },
    { text: `: ${where}; ${formatInt(c.COMPLIANT ?? 0)} compliant, ${formatInt(c.NON_COMPLIANT ?? 0)} non-compliant, ${formatInt(c.NOT_APPLICABLE ?? 0)} not applicable, ${formatInt(c.INSUFFICIENT_DATA ?? 0)} insufficient data` },
  ];
}

/** One deciding manual evidence record in one line: every field of the full entry's table. */
function manualLine(m: ManualEvidenceResult): Inline[] {
  if (!m.record) return [{ text: `${t(m.title)}: ` }, { text: t(m.status), bold: true }, ', not recorded in the register'];
  const r = m.record;
  return [
    { text: `${t(r.title)} (` },
    token(r.id),
    '): ',
    { text: t(m.status), bold: true },
    { text: `, collected ${t(r.collectedOn)}, valid until ${t(r.validUntil)}, owner ${t(r.owner)}, ` },
    token(r.location),
  ];
}

function attestationLine(a: AttestationEvidence): Inline[] {
  const rep = a.report;
  const agr = a.agreement;
  const source = rep ? `${t(rep.name)} v${t(rep.version)}, ${period(rep.periodStart, rep.periodEnd)}` : agr ? `${t(agr.name)} (${t(agr.state)}), ${period(agr.effectiveStart, agr.effectiveEnd)}` : 'none found';
  return [{ text: `${t(a.title)}: ` }, { text: t(a.status), bold: true }, { text: `, ${source}` }];
}

/** The deciding evidence of a compact entry, one line per piece. */
function compactEvidence(ctx: Ctx, r: RequirementResult): Content[] {
  const { result, evidence } = ctx.input;
  const control = (id: string | undefined): ControlResult | undefined => (id ? result.controls.get(id) : undefined);
  const lines: Content[] = [];
  // Each line ends with the piece's evidence reference(s), as in a full entry.
  const cite = (refs: string): Inline[] => (refs ? ['  ', token(refs, { color: '#1565c0' })] : []);
  for (const p of r.deciding) {
    if (p.kind === 'rule') {
      const rule = evidence.rules.get(p.id) ?? emptyRuleEvidence(p.id);
      lines.push({ text: [{ text: 'Rule ', color: '#444444' }, ...ruleLine(rule, control(p.controlId)?.title ?? ''), ...cite(toRefRanges(ruleRefsInScope(ctx.input.refs, evidence.scope, p.id)))] });
    } else if (p.kind === 'manual') {
      const m = control(p.controlId)?.manual.find((x) => x.kind === p.id);
      if (m) lines.push({ text: [{ text: 'Manual evidence ', color: '#444444' }, ...manualLine(m), ...cite(manualRef(ctx.input.refs, m) ?? '')] });
    } else {
      const a = control(p.controlId)?.attestations.find((x) => x.kind === p.id);
      if (a) lines.push({ text: [{ text: 'AWS attestation ', color: '#444444' }, ...attestationLine(a), ...cite(attestationRef(ctx.input.refs, a) ?? '')] });
    }
  }
  if (lines.length === 0) return [{ text: 'Nothing that tests it is mapped: it is assessed by hand.', style: 'muted' }];
  return [{ text: 'Deciding evidence', style: 'h5' }, { stack: lines, style: 'small', margin: [0, 0, 0, 3] }];
}

/** The reasons, less the one that restates the declaration already shown. */
function reasonsOf(r: RequirementResult): string[] {
  return r.declaration ? r.reasons.filter((x) => !/^Declared (not applicable|an alternative|alternative)/i.test(x)) : r.reasons;
}

export function toRequirementDetailSection(ctx: Ctx): Content[] {
  const out: Content[] = [
    heading('Requirement detail', 'h1', 'sec-detail', { toc: true, extra: { pageBreak: 'before', pageOrientation: 'portrait' } }),
    {
      text: 'In catalog order. Each requirement shows its status (srmap\'s, and the framework\'s own term), why, the evidence that decides it, the related evidence that only supports it, and the controls that implement it. A requirement met (or declared not applicable) with no exception takes a compact entry: its deciding evidence one line each. A control, a rule\'s failing resources, or a declaration is shown in full once; later mentions point to that page. The contents list the families; the PDF outline (bookmarks) lists every requirement.',
      style: 'small',
      margin: [0, 0, 0, 6],
    },
  ];
  const nodeIds = new Map<string, string>();
  /** Declaration text -> node id of its first full statement. */
  const declared = new Map<string, string>();
  let first = true;
  for (const r of ctx.input.result.requirements) {
    const id = ctx.nextId();
    nodeIds.set(r.requirementId, id);
    const parentId = (r.parent && nodeIds.get(r.parent)) || 'sec-detail';
    const depth = Math.max(0, Math.min(3, Math.floor(r.depth || 0)));
    const label = `${t(r.requirementId)}  ${t(r.title)}`;
    // The contents list the families (depth 0); the outline keeps every requirement.
    const toc = depth === 0 ? { toc: true, tocMargin: [8, 0, 0, 0] as [number, number, number, number] } : {};
    if (!r.assessable) {
      out.push(heading(label, depth === 0 ? 'h2' : 'h3', id, { ...toc, parentId, extra: first ? {} : { margin: [0, 10, 0, 3] } }));
      if (r.description) out.push({ text: t(r.description), style: 'small', margin: [0, 0, 0, 4] });
      first = false;
      continue;
    }
    first = false;
    const compact = isCompact(ctx, r);
    const facts: ContentText[] = [statusWithTerm(r), { text: `  ·  ${responsibilityLabel(r.responsibility)}` }];
    for (const label of toPropertyLabels(ctx.input.result.framework.properties, r.properties)) facts.push({ text: `  ·  ${t(label)}` });
    const pairs: [string, ContentText | string][] = [['Status', { text: facts }]];
    const declaration = declarationText(r);
    if (declaration) {
      const seen = declared.get(declaration);
      if (seen) {
        pairs.push(['Declaration', { text: ['The same declaration as stated on page ', { pageReference: seen }] }]);
      } else {
        const did = ctx.nextId();
        declared.set(declaration, did);
        pairs.push(['Declaration', withId({ text: declaration }, did) as ContentText]);
      }
    }
    const block: Content[] = [
      {
        stack: [
          { canvas: [{ type: 'line', x1: 0, y1: 0, x2: PORTRAIT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: '#c8c8c8' }], margin: [0, compact ? 3 : 6, 0, 0] },
          heading(label, 'h3', id, { ...toc, parentId }),
          fields(pairs),
        ],
        unbreakable: true,
      },
    ];
    if (r.description) block.push({ text: t(r.description), style: 'small', margin: [0, 0, 0, 4] });
    const reasons = reasonsOf(r);
    if (reasons.length > 0) block.push(bullets(reasons));
    pushAll(block, compact ? compactEvidence(ctx, r) : decidingEvidence(ctx, r));
    pushAll(block, supportingEvidence(r));
    for (const cid of r.controls) {
      const c = ctx.input.result.controls.get(cid);
      if (c) pushAll(block, controlBlock(ctx, c));
    }
    const supporting = r.supportingControls.map((cid) => ctx.input.result.controls.get(cid)).filter((c): c is ControlResult => c !== undefined);
    if (supporting.length > 0) {
      block.push({
        text: [{ text: 'Related controls (support it, do not decide it): ', bold: true }, ...supporting.flatMap((c, i): ContentText[] => [{ text: `${i > 0 ? ', ' : ''}${t(c.title)} ` }, statusText(c.status, { fontSize: 7 })])],
        style: 'small',
        margin: [0, 2, 0, 4],
      });
    }
    pushAll(out, block).push({ text: '', margin: [0, 0, 0, compact ? 2 : 6] });
  }
  return out;
}
