/**
 * The overview: requirements by status and by responsibility (each figure opens the filtered list),
 * the collection scope, the collection gaps, the stated limits of the route the snapshot was collected
 * by, and the changes since the previous snapshot and the trend when the pack has them. Every figure
 * is the pack's own (requirements.csv, gaps.csv).
 */
import { facts, formatNumber, h, link, type Child } from './dom.js';
import type { PageIndex } from './page-index.js';
import { toRoute } from './page-state.js';
import { pagedTable } from './paged-table.js';
import { barTable, statusBadge } from './widgets.js';

const RESPONSIBILITY_LABELS: Record<string, string> = { inherited: 'Inherited from AWS', shared: 'Shared', customer: 'Customer' };

export function responsibilityLabel(r: string): string {
  return RESPONSIBILITY_LABELS[r] ?? r;
}

function scopeSection(index: PageIndex): Child {
  const s = index.data.scope;
  const inScopeGaps = index.data.gaps.filter((g) => g.inScope).length;
  return [
    h('h2', {}, 'Scope'),
    facts([
      ['Declared', s.declared ? 'Yes (srmap.yaml scope:)' : 'No: every collected account and region counts'],
      ['Description', s.description],
      ['Accounts', s.accounts?.join(', ')],
      ['Regions', s.regions?.join(', ')],
      ['Tags', s.tags?.join(', ')],
      ['Results in scope', formatNumber(s.results.inScope)],
      ['Results out of scope', formatNumber(s.results.outOfScope)],
      ['Accounts out of scope', s.accountsOutOfScope.join(', ')],
      ['Regions out of scope', s.regionsOutOfScope.join(', ')],
      ['Collection gaps', `${formatNumber(inScopeGaps)} in scope (they lower statuses), ${formatNumber(index.data.gaps.length - inScopeGaps)} outside it (they decide nothing)`],
      ['Limits of the collection route', limitsLine(index)],
    ]),
  ];
}

function gapsSection(index: PageIndex): Child {
  const gaps = index.data.gaps;
  if (gaps.length === 0) return [h('h2', {}, 'Collection gaps'), h('p', {}, 'None: everything in scope was collected.')];
  return [
    h('h2', {}, 'Collection gaps'),
    pagedTable({
      caption: 'What could not be collected (gaps.csv, gap_type collection)',
      columns: [{ label: 'Source' }, { label: 'Account' }, { label: 'Region' }, { label: 'Code' }, { label: 'What happened' }, { label: 'Missing permission' }, { label: 'In scope' }],
      count: gaps.length,
      pageSize: 20,
      testId: 'gaps',
      row: (i) => {
        const g = gaps[i];
        if (!g) return h('tr');
        return h('tr', {}, h('td', {}, g.source), h('td', {}, g.account), h('td', {}, g.region), h('td', {}, g.code), h('td', { class: 'wrap' }, g.message), h('td', {}, g.action), h('td', {}, g.inScope ? 'Yes' : 'No'));
      },
    }),
  ];
}

function limitsLine(index: PageIndex): string {
  const limits = index.data.limits;
  if (limits.length === 0) return 'None stated by the snapshot';
  return `${formatNumber(limits.length)} stated, ${formatNumber(limits.filter((l) => l.leavesOut).length)} leaving data out of the snapshot or a state unseen`;
}

/** What the APIs the snapshot was collected by cannot give (manifest.limits, gaps.csv gap_type limit), as the PDF's scope section states it. */
function limitsSection(index: PageIndex): Child {
  const limits = index.data.limits;
  if (limits.length === 0) return null;
  const leavesOut = limits.filter((l) => l.leavesOut).length;
  return [
    h('h2', {}, 'Limits of the collection route'),
    h(
      'p',
      {},
      `What the APIs this snapshot was collected by cannot give, as the AWS API reference states it: ${formatNumber(leavesOut)} of ${formatNumber(limits.length)} leave data out of the snapshot or a state unseen, so a status is decided without it; the others only could not be counted against AWS.`,
    ),
    h(
      'table',
      { 'data-testid': 'limits' },
      h('caption', {}, 'Stated limits (gaps.csv, gap_type limit)'),
      h('thead', {}, h('tr', {}, ['Code', 'Route', 'Effect', 'Compliance types', 'What the route cannot give'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        limits.map((l) =>
          h(
            'tr',
            { 'data-key': l.code },
            h('th', { scope: 'row', 'data-testid': 'limit-code' }, l.code),
            h('td', {}, `${l.source}, ${l.route}`),
            h('td', {}, l.leavesOut ? h('strong', {}, l.effectLabel) : l.effectLabel),
            h('td', {}, l.complianceTypes.length > 0 ? l.complianceTypes.join(', ') : '—'),
            h('td', { class: 'wrap' }, l.message),
          ),
        ),
      ),
    ),
  ];
}

function changesSection(index: PageIndex): Child {
  const c = index.data.changes;
  if (!c) return null;
  const r = c.resources;
  return [
    h('h2', {}, `Changes since ${c.since}`),
    facts([
      ['Previous snapshot', c.previousSnapshotId],
      ['Newly failing results', formatNumber(r.newlyFailing)],
      ['Newly fixed results', formatNumber(r.newlyFixed)],
      ['Still failing', formatNumber(r.stillFailing)],
      ['No longer evaluated', formatNumber(r.noLongerEvaluated)],
    ]),
    pagedTable({
      caption: 'Requirements whose status changed',
      columns: [{ label: 'Requirement' }, { label: 'Before' }, { label: 'After' }, { label: 'Change' }, { label: 'Why' }],
      count: c.requirements.length,
      pageSize: 20,
      testId: 'changes',
      row: (i) => {
        const x = c.requirements[i];
        if (!x) return h('tr');
        return h('tr', {}, h('td', {}, index.requirement.has(x.id) ? link(toRoute('requirement', {}, x.id), x.id) : x.id, ` ${x.title}`), h('td', {}, x.before ? statusBadge(index, x.before) : 'none'), h('td', {}, x.after ? statusBadge(index, x.after) : 'none'), h('td', {}, x.change), h('td', { class: 'wrap' }, x.reason));
      },
    }),
  ];
}

function trendSection(index: PageIndex): Child {
  const points = index.data.history;
  if (!points || points.length === 0) return null;
  const statuses = index.data.statuses;
  return [
    h('h2', {}, 'Trend'),
    h(
      'table',
      { 'data-testid': 'trend' },
      h('caption', {}, 'Requirements by status in each snapshot, oldest first'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'As of'), statuses.map((s) => h('th', { scope: 'col', class: 'num' }, s.label)), h('th', { scope: 'col', class: 'num' }, 'Failing results'), h('th', { scope: 'col', class: 'num' }, 'Gaps'))),
      h('tbody', {}, points.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.asOf), statuses.map((s) => h('td', { class: 'num' }, formatNumber(p.byStatus[s.id]))), h('td', { class: 'num' }, formatNumber(p.failingResults)), h('td', { class: 'num' }, formatNumber(p.gaps))))),
    ),
  ];
}

export function overviewView(index: PageIndex): Child {
  const { data } = index;
  const byStatus = data.statuses.map((s) => ({ key: s.id, label: statusBadge(index, s.id), value: data.counts.byStatus[s.id], route: toRoute('requirements', { status: s.id }) }));
  const byResponsibility = data.responsibilities.map((r) => ({ key: r, label: responsibilityLabel(r), value: data.counts.byResponsibility[r], route: toRoute('requirements', { responsibility: r }) }));
  return [
    h('h1', { tabindex: -1 }, `${data.framework.name}: overview`),
    h('p', { class: 'note' }, `${data.organisation}, evidence as of ${data.asOf} (snapshot ${data.snapshotId}). ${formatNumber(data.counts.assessable)} requirements. Written by ${data.generatedBy}.`),
    h(
      'div',
      { class: 'cards' },
      h('section', { class: 'card' }, h('h2', { id: 'by-status-heading' }, 'Requirements by status'), barTable('by-status-heading', ['Status', 'Requirements'], byStatus, 'by-status')),
      h('section', { class: 'card' }, h('h2', { id: 'by-responsibility-heading' }, 'Requirements by responsibility'), barTable('by-responsibility-heading', ['Responsibility', 'Requirements'], byResponsibility, 'by-responsibility')),
    ),
    scopeSection(index),
    gapsSection(index),
    limitsSection(index),
    changesSection(index),
    trendSection(index),
  ];
}
