/**
 * A table that puts one page of rows in the document at a time (PAGE_SIZE rows, built on demand),
 * so 100,000 failing results are never 100,000 DOM rows. Previous / Next buttons, and a live
 * "Rows a-b of n" line for screen readers.
 */
import { formatNumber, h, replaceChildren } from './dom.js';

export interface Column {
  label: string;
  numeric?: boolean;
}

export interface PagedTableOptions {
  /** The table's caption: says what the rows are. */
  caption: string;
  columns: readonly Column[];
  /** A header row of its own (e.g. with sort buttons) instead of one made from `columns`. */
  head?: HTMLTableRowElement;
  count: number;
  row: (index: number) => HTMLTableRowElement;
  pageSize?: number;
  /** First page shown (0-based); clamped. */
  page?: number;
  /** Told when the page changes (e.g. to keep it in the URL). */
  onPage?: (page: number) => void;
  /** data-testid of the section. */
  testId?: string;
}

export const PAGE_SIZE = 50;

export function pagedTable(o: PagedTableOptions): HTMLElement {
  const size = o.pageSize ?? PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(o.count / size));
  let page = Math.min(Math.max(0, o.page ?? 0), pages - 1);
  const tbody = h('tbody');
  const status = h('p', { class: 'summary', 'aria-live': 'polite', 'data-testid': 'rows' });
  const prev = h('button', { type: 'button' }, 'Previous page');
  const next = h('button', { type: 'button' }, 'Next page');
  const where = h('span');
  const show = () => {
    const first = page * size;
    const last = Math.min(o.count, first + size);
    const rows: HTMLTableRowElement[] = [];
    for (let i = first; i < last; i++) rows.push(o.row(i));
    replaceChildren(tbody, rows);
    status.textContent = o.count === 0 ? 'No rows.' : `Rows ${formatNumber(first + 1)}-${formatNumber(last)} of ${formatNumber(o.count)}`;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    where.textContent = `Page ${formatNumber(page + 1)} of ${formatNumber(pages)}`;
  };
  prev.addEventListener('click', () => {
    page = Math.max(0, page - 1);
    show();
    o.onPage?.(page);
  });
  next.addEventListener('click', () => {
    page = Math.min(pages - 1, page + 1);
    show();
    o.onPage?.(page);
  });
  const head = o.head ?? h('tr', {}, o.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label)));
  const table = h('table', {}, h('caption', {}, o.caption), h('thead', {}, head), tbody);
  show();
  return h('section', { 'data-testid': o.testId }, status, table, pages > 1 ? h('div', { class: 'pager' }, prev, next, where) : null);
}
