/**
 * The PDF section "Requirement detail": each requirement with its status in srmap's and the
 * framework's words, why, the evidence that DECIDED it (rules with their counts and failing
 * resources, manual evidence, AWS attestations), the related evidence that only supports it, and
 * the controls that implement it. A control or a rule's failing resources shown once in full; later
 * mentions point to that page. Pure; untrusted text only through toSafeText.
 */
import type { Content, ContentText, TableCell } from 'pdfmake/interfaces.js';
import type { AttestationEvidence, ControlResult, EvidencePart, ManualEvidenceResult, RequirementResult, RuleEvidence } from '../../domain/result.js';
import { STATUS_LABELS } from '../../domain/status.js';
import { pushAll } from '../../domain/arrays.js';
import { emptyRuleEvidence } from '../../domain/rule-evidence.js';
import {
  ARTIFACT_NOTICE,
  AT_FAULT,
  PORTRAIT_WIDTH,
  STATUS_COLOURS,
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
  withId,
  type Ctx,
} from './pdf-blocks.js';
import { toSafeText } from './safe-text.js';

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
function ruleRows(rule: RuleEvidence, part: EvidencePart, controlTitle: string): TableCell[][] {
  const span = 7;
  return [
    [
      { text: [{ text: t(rule.identifier), bold: true }, { text: controlTitle ? `   ${t(controlTitle)}` : '', color: '#666666' }], colSpan: span, fillColor: '#f7f7f7' },
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
    withId({ text: [{ text: 'Failing resources, not covered by an exception: ' }, { text: t(rule.identifier), bold: true }, ` (${formatInt(rule.failingTotal)})`], style: 'small', margin: [0, 2, 0, 0] }, id),
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
  if (more > 0) out.push({ text: `… and ${formatInt(more)} more: see evidence.csv`, style: 'small', italics: true, margin: [0, 0, 0, 6] });
  return out;
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
        { text: m.record ? `${t(m.record.title)} (${t(m.record.id)})` : t(m.title) },
        { text: t(m.status), bold: true, color: colour(m.status) },
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
          { text: t(a.title) },
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
  const out: Content[] = [{ text: 'Deciding evidence: what tests this requirement', style: 'h5' }];
  if (rules.length > 0) {
    const shown = rules.map((p) => ({ p, rule: evidence.rules.get(p.id) ?? emptyRuleEvidence(p.id) }));
    out.push(
      table(
        ctx,
        ['Deployed', 'Compliant', 'Non-compliant', 'Not applicable', 'Insufficient data', 'Excepted', 'Status'],
        shown.flatMap(({ p, rule }) => ruleRows(rule, p, control(p.controlId)?.title ?? '')),
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
    { text: t(p.id) },
    { text: ` (${STATUS_LABELS[p.status].toLowerCase()})`, color: STATUS_COLOURS[p.status] },
  ]);
  return [
    { text: 'Supporting evidence: related, never decides', style: 'h5' },
    { text: items, style: 'small', margin: [0, 0, 0, 4] },
  ];
}

/** A control that implements the requirement: shown in full once, later a line and a page reference. */
function controlBlock(ctx: Ctx, c: ControlResult): Content[] {
  const anchor = ctx.controlAnchors.get(c.controlId);
  const title: ContentText = { text: [`Control: ${t(c.title)} `, { text: `(${t(c.controlId)})`, color: '#666666', bold: false }, '  ', statusText(c.status)], style: 'h4' };
  if (anchor) {
    return [title, { text: ['Responsibility, implementation statement and owner on page ', { pageReference: anchor }, '.'], style: 'small', italics: true, margin: [0, 0, 0, 4] }];
  }
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
  if (AT_FAULT.has(c.status)) out.push({ text: [{ text: 'Remediation: ', bold: true }, t(c.remediation)], margin: [0, 2, 0, 4] });
  return out;
}

function declarationText(r: RequirementResult): string | undefined {
  const d = r.declaration;
  if (!d) return undefined;
  const what = d.decision === 'alternative' ? `Alternative measure: ${t(d.alternative ?? '')}` : 'Not applicable';
  return `${what}. ${t(d.justification)} Approved by ${t(d.approver)} on ${t(d.approvedOn)}${d.reviewBy ? `, review by ${t(d.reviewBy)}` : ''}.`;
}

export function toRequirementDetailSection(ctx: Ctx): Content[] {
  const out: Content[] = [
    heading('Requirement detail', 'h1', 'sec-detail', { toc: true, extra: { pageBreak: 'before', pageOrientation: 'portrait' } }),
    {
      text: 'In catalog order. Each requirement shows its status (srmap\'s, and the framework\'s own term), why, the evidence that decides it, the related evidence that only supports it, and the controls that implement it. A control, or a rule\'s failing resources, is shown in full once; later mentions point to that page.',
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
      out.push(heading(label, depth === 0 ? 'h2' : 'h3', id, { toc: true, tocMargin: [8 * (depth + 1), 0, 0, 0], parentId, extra: first ? {} : { margin: [0, 14, 0, 4] } }));
      if (r.description) out.push({ text: t(r.description), style: 'small', margin: [0, 0, 0, 4] });
      first = false;
      continue;
    }
    first = false;
    const pairs: [string, ContentText | string][] = [
      ['Status', statusWithTerm(r)],
      ['Responsibility', responsibilityLabel(r.responsibility)],
    ];
    if (r.hipaaType) pairs.push(['HIPAA specification', r.hipaaType === 'required' ? 'Required' : 'Addressable']);
    if (r.serviceProviderOnly) pairs.push(['PCI DSS', 'Applies to service providers only']);
    const declared = declarationText(r);
    if (declared) pairs.push(['Declaration', declared]);
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
    pushAll(block, decidingEvidence(ctx, r));
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
    pushAll(out, block).push({ text: '', margin: [0, 0, 0, 6] });
  }
  return out;
}
