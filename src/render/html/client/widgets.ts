/** Small pieces every view uses: a status in words (and colour), and a bar chart that is a table. */
import { formatNumber, h, link } from './dom.js';
import type { PageIndex } from './page-index.js';

export function statusBadge(index: PageIndex, status: string): HTMLElement {
  return h('span', { class: `status s-${status.replace(/[^a-z-]/g, '')}` }, index.statusLabel(status));
}

export interface Bar {
  key: string;
  label: HTMLElement | string;
  value: number;
  /** A view to open for this bar (e.g. the requirements with that status). */
  route?: string;
}

/**
 * A chart that is also a table: one row per bar with its label, its figure and a bar drawn to
 * scale (the width set through the CSSOM, which the page's CSP allows), so it reads without colour
 * or sight and prints. It is named by the heading above it (`labelledBy`, that heading's id), not by a
 * caption repeating the heading's words.
 */
export function barTable(labelledBy: string, head: [string, string], bars: readonly Bar[], testId: string): HTMLTableElement {
  let max = 0;
  for (const b of bars) if (b.value > max) max = b.value;
  const rows = bars.map((b) => {
    const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
    bar.style.width = `${max === 0 ? 0 : Math.round((b.value / max) * 100)}%`;
    const figure = b.route && b.value > 0 ? link(b.route, formatNumber(b.value)) : formatNumber(b.value);
    return h('tr', { 'data-key': b.key }, h('th', { scope: 'row' }, b.label), h('td', { class: 'num', 'data-testid': 'count' }, figure), h('td', { class: 'bar-cell' }, bar));
  });
  return h(
    'table',
    { 'data-testid': testId, 'aria-labelledby': labelledBy },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, head[0]), h('th', { scope: 'col', class: 'num' }, head[1]), h('th', { scope: 'col' }, h('span', { class: 'skip' }, 'Bar')))),
    h('tbody', {}, rows),
  );
}
