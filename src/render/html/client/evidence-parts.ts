/** Tables of a requirement's evidence parts and of failing results, shared by the requirement and rule views. */
import type { EvidencePart } from '../../../domain/result.js';
import type { PageFailing } from '../page-data.js';
import { h, link, type Child } from './dom.js';
import type { PageIndex } from './page-index.js';
import { toRoute } from './page-state.js';
import { pagedTable } from './paged-table.js';
import { statusBadge } from './widgets.js';

const KIND_LABELS: Record<EvidencePart['kind'], string> = { rule: 'Config rule', manual: 'Manual evidence', attestation: 'AWS attestation' };

export function partsTable(index: PageIndex, caption: string, parts: readonly EvidencePart[], testId: string): Child {
  if (parts.length === 0) return h('p', { 'data-testid': testId }, `${caption}: none.`);
  return h(
    'table',
    { 'data-testid': testId },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['Kind', 'Evidence', 'Control', 'Status', 'Why'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      parts.map((p) =>
        h(
          'tr',
          {},
          h('td', {}, KIND_LABELS[p.kind] ?? p.kind),
          h('td', { class: 'wrap' }, p.kind === 'rule' ? link(toRoute('rule', {}, p.id), p.id) : p.id),
          h('td', {}, p.controlId ? (index.data.controls[p.controlId]?.title ?? p.controlId) : ''),
          h('td', {}, statusBadge(index, p.status)),
          h('td', { class: 'wrap' }, p.reason),
        ),
      ),
    ),
  );
}

/**
 * Failing results, paged: rule, account, region, resource, annotation, when, exception; with the
 * requirements each result affects when `withRequirements` (the rule view).
 */
export function failingTable(index: PageIndex, caption: string, rows: readonly PageFailing[], withRequirements: boolean): HTMLElement {
  const columns = ['Rule', 'Account', 'Region', 'Resource type', 'Resource id', 'Annotation', 'Recorded', 'Exception'];
  if (withRequirements) columns.push('Requirements decided');
  return pagedTable({
    caption,
    columns: columns.map((label) => ({ label })),
    count: rows.length,
    pageSize: 25,
    testId: 'failing',
    row: (i) => {
      const f = rows[i];
      if (!f) return h('tr');
      const [rule, account, region, type, id, annotation, recordedAt, exception] = f;
      const cells = [
        h('td', {}, link(toRoute('rule', {}, rule), rule)),
        h('td', {}, account),
        h('td', {}, region),
        h('td', {}, type),
        h('td', { class: 'wrap mono', 'data-testid': 'resource-id' }, id),
        h('td', { class: 'wrap', 'data-testid': 'annotation' }, annotation),
        h('td', {}, recordedAt),
        h('td', {}, exception),
      ];
      if (withRequirements) {
        const reqs = index.rule.get(rule)?.deciding ?? [];
        const links: Child[] = [];
        reqs.forEach((r, n) => links.push(n > 0 ? ', ' : null, link(toRoute('requirement', {}, r), r)));
        cells.push(h('td', {}, links));
      }
      return h('tr', {}, cells);
    },
  });
}
