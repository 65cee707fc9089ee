/**
 * The summary: requirements by status (srmap's words and the framework's), by responsibility, and
 * the evidence collected, all from the one evaluation. Pure.
 */
import type { Content, ContentText, TableCell } from 'pdfmake/interfaces.js';
import { maxOf } from '../../domain/arrays.js';
import { COMPLIANCE_TYPES, RESPONSIBILITIES, RESPONSIBILITY_COLOURS, RESPONSIBILITY_LABELS, SHORTFALL_STATUSES, STATUS_COLOURS, STATUS_DISPLAY_ORDER, STATUS_LABELS } from '../../domain/status.js';
import {
  PORTRAIT_WIDTH,
  dayAndTime,
  formatInt,
  heading,
  keyValues,
  statusText,
  t,
  table,
  type Ctx,
} from './pdf-blocks.js';

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

/** The same counts in the framework's own reporting vocabulary, where its file declares one. */
function frameworkTerms(ctx: Ctx): Content[] {
  const { result } = ctx.input;
  if (!result.reporting) return [];
  const counts = new Map<string, number>();
  for (const r of result.requirements) if (r.assessable) counts.set(r.frameworkStatus, (counts.get(r.frameworkStatus) ?? 0) + 1);
  return [
    { text: `In ${t(result.framework.name)}'s own words (${t(result.reporting.vocabulary)})`, style: 'h3' },
    table(
      ctx,
      ['Term', 'Requirements', 'srmap statuses it stands for'],
      [...counts].map(([term, n]): TableCell[] => [
        { text: t(term), bold: true },
        { text: formatInt(n), alignment: 'right' },
        { text: STATUS_DISPLAY_ORDER.filter((st) => result.requirements.some((r) => r.assessable && r.status === st && r.frameworkStatus === term)).map((st) => STATUS_LABELS[st]).join(', ') },
      ]),
      [200, 55, 235],
      PORTRAIT_WIDTH,
    ),
  ];
}

export function toSummarySection(ctx: Ctx): Content[] {
  const { result, evidence } = ctx.input;
  const { byStatus, byResponsibility, assessable } = result.counts;
  const barWidth = 260;
  const statusMax = maxOf(STATUS_DISPLAY_ORDER.map((s) => byStatus[s] ?? 0), 0);
  const respMax = maxOf(RESPONSIBILITIES.map((r) => byResponsibility[r] ?? 0), 0);
  const atFault = result.requirements.filter((r) => r.assessable && SHORTFALL_STATUSES.has(r.status)).length;
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
      STATUS_DISPLAY_ORDER.map((s) => barRow(statusText(s), byStatus[s] ?? 0, statusMax, assessable, STATUS_COLOURS[s], barWidth)),
    ),
    ...frameworkTerms(ctx),
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
        ['AWS Config evaluations in scope', formatInt(totals.evaluations)],
        ...COMPLIANCE_TYPES.map((c): [string, string] => [`· ${c}`, formatInt(totals.byCompliance[c] ?? 0)]),
        ['Out of scope (decide nothing)', formatInt(evidence.outOfScopeResults)],
        ['Managed rules evaluated', formatInt(evidence.rules.size)],
        ['Deployed Config rules', formatInt(evidence.configRules.length)],
        ['AWS Artifact reports cited', formatInt(evidence.artifactReports.length)],
        ['AWS agreements', formatInt(evidence.artifactAgreements.length)],
        ['Manual evidence records', formatInt(evidence.manualEvidence.length)],
        ['Approved exceptions', formatInt(evidence.exceptions.length)],
        [
          'Collection gaps in scope',
          result.scope.gaps.inScope.length > 0
            ? { text: `${formatInt(result.scope.gaps.inScope.length)}: see Scope`, bold: true, color: STATUS_COLOURS['needs-evidence'] }
            : 'None',
        ],
        ['Collection gaps out of scope', formatInt(result.scope.gaps.outOfScope.length)],
      ],
      PORTRAIT_WIDTH,
      150,
    ),
  ];
}
