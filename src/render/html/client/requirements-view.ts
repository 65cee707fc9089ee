/**
 * The requirements list: filters by status, responsibility, owner and control family, a word
 * search, sorting, and a paged table. The counts beside every option follow the other filters;
 * the whole state is kept in the URL fragment (replaced, not pushed, as the user types).
 */
import { formatNumber, h, link, replaceChildren, type Child } from './dom.js';
import type { PageIndex } from './page-index.js';
import { toRoute, type Route } from './page-state.js';
import { pagedTable } from './paged-table.js';
import { FILTER_KEYS, filterFromParams, matches, SORTS, sortRequirements, valuesOf, type Filter, type FilterKey, type Sort } from './requirement-filter.js';
import { responsibilityLabel } from './overview-view.js';
import { statusBadge } from './widgets.js';

const FILTER_LABELS: Record<FilterKey, string> = { status: 'Status', responsibility: 'Responsibility', owner: 'Owner', family: 'Control family' };

export function requirementsView(index: PageIndex, route: Route): Child {
  const { data } = index;
  const all = data.requirements;
  const filter: Filter = filterFromParams(route.params);
  const sortParam = route.params.get('sort') ?? 'catalog';
  let sort: Sort = (SORTS as readonly string[]).includes(sortParam) ? (sortParam as Sort) : 'catalog';
  let descending = route.params.get('dir') === 'desc';
  let page = Math.max(0, Number.parseInt(route.params.get('page') ?? '1', 10) - 1 || 0);

  const optionValues: Record<FilterKey, string[]> = {
    status: data.statuses.map((s) => s.id),
    responsibility: [...data.responsibilities],
    owner: [...new Set(all.flatMap((r) => r.owners))].sort(),
    family: [...new Set(all.flatMap((r) => r.families))].sort(),
  };
  const optionLabel = (key: FilterKey, v: string) => (key === 'status' ? index.statusLabel(v) : key === 'responsibility' ? responsibilityLabel(v) : v);

  const selects = new Map<FilterKey, HTMLSelectElement>();
  const search = h('input', { type: 'search', id: 'filter-q', value: filter.q, placeholder: 'id or words' });
  const summary = h('p', { class: 'summary', id: 'match-count', 'aria-live': 'polite' });
  const results = h('div');

  const saveState = () => {
    const hash = `#/${toRoute('requirements', { ...filter, sort: sort === 'catalog' ? undefined : sort, dir: descending ? 'desc' : undefined, page: page > 0 ? page + 1 : undefined })}`;
    history.replaceState(null, '', hash);
  };

  const refreshOptions = () => {
    for (const key of FILTER_KEYS) {
      const select = selects.get(key);
      if (!select) continue;
      const counts = new Map<string, number>();
      let any = 0;
      for (const r of all) {
        if (!matches(r, filter, key)) continue;
        any += 1;
        for (const v of valuesOf(r, key)) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const options = [h('option', { value: '' }, `All (${formatNumber(any)})`)];
      for (const v of optionValues[key]) options.push(h('option', { value: v, 'data-count': counts.get(v) ?? 0 }, `${optionLabel(key, v)} (${formatNumber(counts.get(v) ?? 0)})`));
      replaceChildren(select, options);
      select.value = filter[key];
    }
  };

  const sortButton = (key: Sort, label: string): HTMLElement => {
    const active = sort === key;
    const button = h('button', { type: 'button', class: 'sort' }, label, active ? (descending ? ' ▼' : ' ▲') : '');
    button.addEventListener('click', () => {
      if (sort === key) descending = !descending;
      else {
        sort = key;
        descending = false;
      }
      page = 0;
      show();
    });
    return h('th', { scope: 'col', 'aria-sort': active ? (descending ? 'descending' : 'ascending') : undefined }, button);
  };

  const show = () => {
    const rows = sortRequirements(all.filter((r) => matches(r, filter)), sort, descending, data.statuses.map((s) => s.id));
    summary.textContent = `${formatNumber(rows.length)} of ${formatNumber(all.length)} requirements`;
    summary.setAttribute('data-count', String(rows.length));
    const head = h('tr', {}, sortButton('id', 'Requirement'), sortButton('title', 'Title'), sortButton('status', 'Status'), h('th', { scope: 'col' }, data.reporting ? data.reporting.vocabulary : 'Framework term'), sortButton('responsibility', 'Responsibility'), h('th', { scope: 'col' }, 'Owner'));
    const table = pagedTable({
      caption: 'Requirements',
      columns: [],
      head,
      count: rows.length,
      page,
      testId: 'requirements',
      onPage: (p) => {
        page = p;
        saveState();
      },
      row: (i) => {
        const r = rows[i];
        if (!r) return h('tr');
        return h(
          'tr',
          { 'data-id': r.id },
          h('td', {}, link(toRoute('requirement', {}, r.id), r.id)),
          h('td', { class: 'wrap' }, r.title),
          h('td', {}, statusBadge(index, r.status)),
          h('td', {}, r.frameworkStatus),
          h('td', {}, responsibilityLabel(r.responsibility)),
          h('td', {}, r.owners.join(', ')),
        );
      },
    });
    replaceChildren(results, table);
    refreshOptions();
    saveState();
  };

  const controls: HTMLElement[] = FILTER_KEYS.map((key) => {
    const select = h('select', { id: `filter-${key}`, name: key });
    selects.set(key, select);
    select.addEventListener('change', () => {
      filter[key] = select.value;
      page = 0;
      show();
    });
    return h('label', { for: `filter-${key}` }, FILTER_LABELS[key], select);
  });
  search.addEventListener('input', () => {
    filter.q = search.value;
    page = 0;
    show();
  });
  const clear = h('button', { type: 'button' }, 'Clear filters');
  clear.addEventListener('click', () => {
    for (const key of FILTER_KEYS) filter[key] = '';
    filter.q = '';
    search.value = '';
    page = 0;
    show();
  });

  show();
  return [
    h('h1', { tabindex: -1 }, `${data.framework.name}: requirements`),
    h('div', { class: 'filters', role: 'search' }, controls, h('label', { for: 'filter-q' }, 'Search', search), clear),
    summary,
    results,
  ];
}
