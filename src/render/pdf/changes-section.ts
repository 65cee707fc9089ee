/**
 * "Changes since <date>" (report --previous): scope, requirements, resources, rules and evidence
 * that changed between two snapshots. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { STATUS_COLOURS, isStatus } from '../../domain/status.js';
import { PORTRAIT_WIDTH, day, dayAndTime, formatInt, heading, keyValues, statusText, t, table, type Ctx } from './pdf-blocks.js';

/** "Changes since <date>" (report --previous): scope first, then requirements, resources, rules, evidence. */
export function toChangesSection(ctx: Ctx): Content[] {
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
