/**
 * The evidence: every managed rule the framework names or that has results in scope, with its
 * results by compliance type (a paged, searchable table); and one rule's view: its results by
 * account and region, and every failing result, each linking to the requirements it decides.
 */
import { facts, formatNumber, h, link, replaceChildren, type Child } from './dom.js';
import { failingTable } from './evidence-parts.js';
import { failingOf, type PageIndex } from './page-index.js';
import { toRoute, type Route } from './page-state.js';
import { pagedTable } from './paged-table.js';

export function evidenceView(index: PageIndex, route: Route): Child {
  const rules = index.data.rules;
  const search = h('input', { type: 'search', id: 'rule-q', value: route.params.get('q') ?? '', placeholder: 'rule identifier' });
  const summary = h('p', { class: 'summary', 'aria-live': 'polite' });
  const results = h('div');
  const show = () => {
    const q = search.value.trim().toLowerCase();
    const rows = q === '' ? rules : rules.filter((r) => r.id.toLowerCase().includes(q) || r.ruleNames.some((n) => n.toLowerCase().includes(q)));
    summary.textContent = `${formatNumber(rows.length)} of ${formatNumber(rules.length)} rules`;
    history.replaceState(null, '', `#/${toRoute('evidence', { q: search.value })}`);
    replaceChildren(
      results,
      pagedTable({
        caption: 'Managed rules: results in scope by compliance type',
        columns: [{ label: 'Rule' }, { label: 'Decides', numeric: true }, { label: 'Supports', numeric: true }, { label: 'Compliant', numeric: true }, { label: 'Non-compliant', numeric: true }, { label: 'Not applicable', numeric: true }, { label: 'Insufficient data', numeric: true }],
        count: rows.length,
        testId: 'rules',
        row: (i) => {
          const r = rows[i];
          if (!r) return h('tr');
          const c = r.counts;
          return h(
            'tr',
            { 'data-id': r.id },
            h('td', { class: 'wrap' }, link(toRoute('rule', {}, r.id), r.id)),
            h('td', { class: 'num' }, formatNumber(r.deciding.length)),
            h('td', { class: 'num' }, formatNumber(r.supporting.length)),
            h('td', { class: 'num' }, formatNumber(c.COMPLIANT)),
            h('td', { class: 'num' }, formatNumber(c.NON_COMPLIANT)),
            h('td', { class: 'num' }, formatNumber(c.NOT_APPLICABLE)),
            h('td', { class: 'num' }, formatNumber(c.INSUFFICIENT_DATA)),
          );
        },
      }),
    );
  };
  search.addEventListener('input', show);
  show();
  return [
    h('h1', { tabindex: -1 }, `${index.data.framework.name}: evidence`),
    h('p', { class: 'note' }, 'Every AWS Config managed rule this framework names, with its results inside the framework\'s scope (evidence.csv rows with in_scope true).'),
    h('div', { class: 'filters', role: 'search' }, h('label', { for: 'rule-q' }, 'Search', search)),
    summary,
    results,
  ];
}

export function ruleView(index: PageIndex, id: string): Child {
  const r = index.rule.get(id);
  if (!r) return [h('h1', { tabindex: -1 }, 'Rule not found'), h('p', {}, `This pack has no rule ${id}. `, link('evidence', 'All rules'))];
  const failing = failingOf(index, [r.id]);
  const reqLinks = (ids: readonly string[]): Child => (ids.length === 0 ? 'none' : ids.map((x, n) => [n > 0 ? ', ' : null, link(toRoute('requirement', {}, x), x)]));
  return [
    h('p', {}, link('evidence', 'All rules')),
    h('h1', { tabindex: -1 }, r.id),
    facts([
      ['Deployed as', r.ruleNames.join(', ') || 'not deployed in scope'],
      ['Decides', reqLinks(r.deciding)],
      ['Supports (never decides)', reqLinks(r.supporting)],
    ]),
    h('h2', {}, 'Results by account and region'),
    r.locations.length === 0
      ? h('p', {}, 'No result in scope.')
      : pagedTable({
          caption: 'Results in scope by account and region',
          columns: [{ label: 'Account' }, { label: 'Region' }, { label: 'Compliant', numeric: true }, { label: 'Non-compliant', numeric: true }, { label: 'Not applicable', numeric: true }, { label: 'Insufficient data', numeric: true }],
          count: r.locations.length,
          testId: 'locations',
          row: (i) => {
            const l = r.locations[i];
            if (!l) return h('tr');
            return h('tr', {}, h('td', {}, l[0]), h('td', {}, l[1]), h('td', { class: 'num' }, formatNumber(l[2])), h('td', { class: 'num' }, formatNumber(l[3])), h('td', { class: 'num' }, formatNumber(l[4])), h('td', { class: 'num' }, formatNumber(l[5])));
          },
        }),
    h('h2', {}, 'Failing resources'),
    h('p', { 'data-testid': 'failing-count', 'data-count': failing.length }, `${formatNumber(failing.length)} failing results in scope.`),
    failing.length > 0 ? failingTable(index, 'Failing results (NON_COMPLIANT, in scope) and the requirements each affects', failing, true) : null,
  ];
}
