/**
 * "Population": for every AWS Config rule that decides a requirement of this framework, the
 * resources it evaluated in scope (every one: srmap does not sample), where it is deployed, and the
 * account/region pairs whose evaluations were not collected. The figures are the evaluation's
 * (evidence.rules), as evidence.csv lists them result by result. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { emptyRuleEvidence } from '../../domain/rule-evidence.js';
import { COMPLIANCE_TYPES, STATUS_COLOURS } from '../../domain/status.js';
import { PORTRAIT_WIDTH, formatInt, heading, t, table, token, type Ctx } from './pdf-blocks.js';

export function toPopulationSection(ctx: Ctx): Content[] {
  const { result, evidence } = ctx.input;
  const ids = [...new Set(result.requirements.flatMap((r) => r.deciding.filter((p) => p.kind === 'rule').map((p) => p.id)))].sort();
  const rules = ids.map((id) => evidence.rules.get(id) ?? emptyRuleEvidence(id));
  const evaluated = (rule: (typeof rules)[number]) => COMPLIANCE_TYPES.reduce((sum, k) => sum + (rule.counts[k] ?? 0), 0);
  const all = rules.reduce((sum, rule) => sum + evaluated(rule), 0);
  const rows = rules.map((rule): TableCell[] => {
    const c = rule.counts;
    const total = evaluated(rule);
    const n = (v: number | undefined, colour?: string): TableCell => ({ text: formatInt(v ?? 0), alignment: 'right', ...(colour && (v ?? 0) > 0 ? { color: colour, bold: true } : {}) });
    return [
      token(rule.identifier, { bold: true, fontSize: 6.5 }),
      rule.ruleNames.length === 0 ? { text: '0', alignment: 'right', color: STATUS_COLOURS['needs-evidence'], bold: true } : { text: formatInt(rule.deployments), alignment: 'right' },
      { text: formatInt(total), alignment: 'right', bold: true },
      n(c.COMPLIANT),
      n(c.NON_COMPLIANT, STATUS_COLOURS['not-met']),
      n(c.NOT_APPLICABLE),
      n(c.INSUFFICIENT_DATA, STATUS_COLOURS['needs-evidence']),
      n(rule.excepted),
    ];
  });
  const missing = result.scope.gaps.inScope.filter((g) => g.source === 'aws-config');
  const pairs = [...new Set(missing.map((g) => [g.account, g.region].filter((x): x is string => !!x).map(t).join(' ') || 'every account and region'))];
  return [
    heading('Population', 'h1', 'sec-population', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: `No sampling: every resource in scope that a deciding rule evaluated counts, ${formatInt(all)} evaluation results over ${formatInt(ids.length)} rules. Deployed is the number of account/region pairs that run the rule (0: deployed nowhere, so nothing it would test is evidenced); a resource evaluated by a rule deployed twice counts twice. Excepted results are counted under non-compliant too. evidence.csv lists every result.`,
      margin: [0, 0, 0, 4],
    },
    {
      text: pairs.length > 0 ? [{ text: 'Not collected (in scope): ', bold: true, color: STATUS_COLOURS['needs-evidence'] }, { text: `${pairs.join('; ')}. The requirements these results could decide are lowered, never raised (see Scope).` }] : 'AWS Config evaluations were collected in every account and region in scope.',
      margin: [0, 0, 0, 4],
    },
    table(ctx, ['Deciding rule', 'Deployed', 'Evaluated', 'Compliant', 'Non-compliant', 'Not applicable', 'Insufficient data', 'Excepted'], rows, [258, 34, 40, 40, 40, 40, 40, 40], PORTRAIT_WIDTH, {
      fontSize: 7,
      headerFontSize: 5.5,
      empty: 'No AWS Config rule decides a requirement of this framework: its requirements are decided by manual evidence and AWS attestations.',
    }),
  ];
}
