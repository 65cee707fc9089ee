/**
 * The PDF's scope statement: which accounts, regions and tagged resources this framework was
 * assessed over (the cardholder-data or ePHI environment), what the snapshot held outside it (listed,
 * deciding nothing), and the collection gaps inside and outside it. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { FrameworkResult, PackInput } from '../../domain/result.js';
import { LIMIT_EFFECT_LABELS, type CollectionLimit, type Gap } from '../../domain/snapshot.js';
import { STATUS_COLOURS } from '../../domain/status.js';
import { PORTRAIT_WIDTH, formatInt, heading, keyValues, t, token, table, type Ctx } from './pdf-blocks.js';

/** The scope in one line, for the cover and the header of the scope page. */
export function scopeLine(input: PackInput): string {
  const s = input.result.scope.scope;
  const m = input.evidence.manifest;
  const names = new Map(m.scope.accounts.map((a) => [a.id, a.name]));
  if (!s.declared) {
    const accounts = m.scope.accounts.map((a) => (a.name ? `${t(a.id)} (${t(a.name)})` : t(a.id))).join(', ') || 'none';
    return `Not declared in srmap.yaml: every collected account (${accounts}) in ${m.scope.regions.map(t).join(', ') || 'no region'} counts.`;
  }
  const parts = [
    s.description ? t(s.description) : undefined,
    s.accounts ? `accounts ${s.accounts.map((a) => (names.get(a) ? `${t(a)} (${t(names.get(a))})` : t(a))).join(', ')}` : 'every collected account',
    s.regions ? `regions ${s.regions.map(t).join(', ')}` : 'every collected region',
    s.tags ? `resources tagged ${Object.entries(s.tags).map(([k, v]) => `${t(k)}=${t(v)}`).join(', ')}` : undefined,
  ].filter((x): x is string => x !== undefined);
  return parts.join('; ');
}

function gapRows(gaps: readonly Gap[], inside: boolean): TableCell[][] {
  return gaps.map((g): TableCell[] => [
    token(g.code, { bold: true }),
    token(g.source),
    g.account ? token(g.account) : { text: '—' },
    g.region ? token(g.region) : { text: '—' },
    { text: t(g.message) },
    g.action ? token(g.action) : { text: '—' },
    inside ? { text: 'in scope: lowers statuses', color: STATUS_COLOURS['needs-evidence'], bold: true } : { text: 'out of scope: decides nothing', color: '#757575' },
  ]);
}

/** Both tables of collection gaps, shared with Appendix A. */
export function scopeGapTable(ctx: Ctx, result: FrameworkResult): Content {
  return table(
    ctx,
    ['Code', 'Source', 'Account', 'Region', 'What could not be collected', 'Missing IAM action', 'Scope'],
    [...gapRows(result.scope.gaps.inScope, true), ...gapRows(result.scope.gaps.outOfScope, false)],
    [100, 40, 58, 46, 110, 100, 56],
    PORTRAIT_WIDTH,
    { fontSize: 7, empty: 'No collection gaps.' },
  );
}

/** The stated limits of the route the snapshot was collected by: what its APIs cannot give. */
function limitsTable(ctx: Ctx, limits: readonly CollectionLimit[]): Content {
  return table(
    ctx,
    ['Code', 'Route', 'Effect', 'Compliance types', 'What the route cannot give'],
    limits.map((l): TableCell[] => [
      token(l.code, { bold: true }),
      { text: `${t(l.source)}, ${t(l.route)}` },
      { text: LIMIT_EFFECT_LABELS[l.effect], ...(l.effect === 'not-checked' ? {} : { color: STATUS_COLOURS['needs-evidence'], bold: true }) },
      { text: l.complianceTypes && l.complianceTypes.length > 0 ? l.complianceTypes.map(t).join(', ') : '—' },
      { text: t(l.message) },
    ]),
    [110, 70, 70, 70, 190],
    PORTRAIT_WIDTH,
    { fontSize: 7, empty: 'No stated limits.' },
  );
}

/** `EC2 (120), S3 (23)`: resources in scope per AWS service, from the resource types Config recorded. */
function servicesInScope(ctx: Ctx): string {
  const byService = new Map<string, number>();
  for (const [type, n] of ctx.input.evidence.resourceCounts) {
    const service = /^AWS::([^:]+)::/.exec(type)?.[1] ?? type;
    byService.set(service, (byService.get(service) ?? 0) + n);
  }
  if (byService.size === 0) return 'None recorded (no resource counts in the snapshot)';
  return [...byService].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${t(s)} (${formatInt(n)})`).join(', ');
}

export function toScopeSection(ctx: Ctx): Content[] {
  const { result, evidence } = ctx.input;
  const sc = result.scope;
  const s = sc.scope;
  const names = new Map(evidence.manifest.scope.accounts.map((a) => [a.id, a.name]));
  const account = (id: string) => (names.get(id) ? `${t(id)} (${t(names.get(id))})` : t(id));
  const pairs: [string, string][] = [
    ['Declared in srmap.yaml', s.declared ? 'Yes' : 'No: every collected account and region counts'],
    ...(s.description ? [['Environment', t(s.description)] as [string, string]] : []),
    ['Accounts in scope', s.accounts ? s.accounts.map(account).join('\n') : 'Every collected account'],
    ['Regions in scope', s.regions ? s.regions.map(t).join(', ') : 'Every collected region'],
    ...(s.tags
      ? [
          ['Resources in scope', `Those tagged ${Object.entries(s.tags).map(([k, v]) => `${t(k)}=${t(v)}`).join(' and ')}; account-wide types (${s.accountWideTypes.map(t).join(', ')}) count in every in-scope account`] as [string, string],
        ]
      : []),
    ['AWS services with resources in scope', servicesInScope(ctx)],
    ['Collected accounts out of scope', sc.accountsOutOfScope.length > 0 ? sc.accountsOutOfScope.map(account).join('\n') : 'None'],
    ['Collected regions out of scope', sc.regionsOutOfScope.length > 0 ? sc.regionsOutOfScope.map(t).join(', ') : 'None'],
    ['Evaluation results in scope', formatInt(sc.results.inScope)],
    ['Evaluation results out of scope', `${formatInt(sc.results.outOfScope)} (listed in evidence.csv with in_scope false; they decide nothing)`],
    ['Collection gaps', `${formatInt(sc.gaps.inScope.length)} in scope (each lowers what it could hide), ${formatInt(sc.gaps.outOfScope.length)} out of scope (decide nothing)`],
  ];
  return [
    heading('Scope', 'h1', 'sec-scope', { toc: true, extra: { pageBreak: 'before' } }),
    { text: 'What this pack assesses. Only evidence from inside the scope decides a status; what the snapshot holds outside it is listed and decides nothing. What the scope names but the snapshot does not hold is a collection gap.', style: 'small', margin: [0, 0, 0, 6] },
    keyValues(ctx, pairs, PORTRAIT_WIDTH, 150),
    { text: 'Collection gaps', style: 'h3' },
    scopeGapTable(ctx, result),
    ...limitsBlock(ctx, evidence.manifest.limits ?? []),
  ];
}

function limitsBlock(ctx: Ctx, limits: readonly CollectionLimit[]): Content[] {
  if (limits.length === 0) return [];
  const notCollected = limits.filter((l) => l.effect !== 'not-checked').length;
  return [
    { text: 'Limits of the collection route', style: 'h3' },
    {
      text: `What the APIs this snapshot was collected by cannot give, as the AWS API reference states it: ${formatInt(notCollected)} of ${formatInt(limits.length)} leave data out of the snapshot or a state unseen, so a status is decided without it; the others only could not be counted against AWS.`,
      style: 'small',
      margin: [0, 0, 0, 4],
    },
    limitsTable(ctx, limits),
  ];
}
