/**
 * One requirement: its status in srmap's and the framework's words, why (the deciding evidence and,
 * apart, the supporting evidence that never decides), the shared-responsibility split of its
 * controls, every failing result of its deciding rules (paged), the manual evidence with its dates
 * and hash, the AWS attestation relied on, owner, remediation, exception and declaration.
 */
import type { PageControl } from '../page-data.js';
import { facts, formatNumber, h, link, type Child } from './dom.js';
import { evidenceFacts } from './control-evidence.js';
import { failingTable, partsTable } from './evidence-parts.js';
import { failingOf, type PageIndex } from './page-index.js';
import { toRoute } from './page-state.js';
import { responsibilityLabel } from './overview-view.js';
import { statusBadge } from './widgets.js';

function splitTable(controls: readonly PageControl[]): Child {
  if (controls.length === 0) return h('p', {}, 'No control decides it.');
  const rows: HTMLTableRowElement[] = [];
  for (const c of controls) {
    rows.push(h('tr', {}, h('th', { scope: 'row' }, c.title), h('td', {}, 'All services'), h('td', {}, responsibilityLabel(c.responsibility)), h('td', { class: 'wrap' }, c.aws), h('td', { class: 'wrap' }, c.customer)));
    for (const s of c.services) rows.push(h('tr', {}, h('th', { scope: 'row' }, c.title), h('td', {}, s.service), h('td', {}, responsibilityLabel(s.model)), h('td', { class: 'wrap' }, s.aws), h('td', { class: 'wrap' }, s.customer)));
  }
  return h(
    'table',
    { 'data-testid': 'split' },
    h('caption', {}, 'Who does what (the deciding controls)'),
    h('thead', {}, h('tr', {}, ['Control', 'Service', 'Responsibility', 'AWS does', 'The organisation does'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows),
  );
}

export function requirementView(index: PageIndex, id: string): Child {
  const r = index.requirement.get(id);
  if (!r) return [h('h1', { tabindex: -1 }, 'Requirement not found'), h('p', {}, `This pack has no requirement ${id}. `, link('requirements', 'All requirements'))];
  const controls = r.controls.flatMap((c) => (index.data.controls[c] ? [index.data.controls[c]] : []));
  const rules = r.deciding.filter((p) => p.kind === 'rule').map((p) => p.id);
  const failing = failingOf(index, rules);
  const excepted = failing.filter((f) => f[7] !== '').length;
  const owners = controls.flatMap((c) => (c.owner ? [`${c.owner.responsible} (accountable: ${c.owner.accountable})`] : []));
  const remediation = [...new Set(controls.map((c) => c.remediation).filter((t) => t !== ''))];
  return [
    h('p', {}, link(toRoute('requirements'), 'All requirements')),
    h('h1', { tabindex: -1 }, `${r.id} ${r.title}`),
    facts([
      ['Status', statusBadge(index, r.status)],
      [index.data.reporting ? index.data.reporting.vocabulary : 'In the framework\'s words', r.frameworkStatus],
      ['Responsibility', responsibilityLabel(r.responsibility)],
      ...r.properties.map((p): [string, string] => [p.title, p.value]),
      ['Part of', r.parent],
      ['Owner', [...new Set(owners)].join('; ')],
      ['Exception', r.exceptionId],
      ['Applicability', r.declaration],
    ]),
    h('h2', {}, 'Why'),
    h('ul', { 'data-testid': 'reasons' }, r.reasons.map((reason) => h('li', {}, reason))),
    partsTable(index, 'Deciding evidence (decides the status)', r.deciding, 'deciding'),
    partsTable(index, 'Supporting evidence (shown, never decides)', r.supporting, 'supporting'),
    h('h2', {}, 'Shared responsibility'),
    splitTable(controls),
    h('h2', {}, 'Failing resources'),
    h(
      'p',
      { 'data-testid': 'failing-count', 'data-count': failing.length },
      failing.length === 0
        ? 'No failing result of its deciding rules in scope.'
        : `${formatNumber(failing.length)} failing results of its deciding rules in scope${excepted > 0 ? `, ${formatNumber(excepted)} of them covered by an exception` : ''} (evidence.csv).`,
    ),
    failing.length > 0 ? failingTable(index, 'Failing results (NON_COMPLIANT, in scope)', failing, false) : null,
    evidenceFacts(r, controls),
    h('h2', {}, 'Remediation'),
    remediation.length === 0 ? h('p', {}, 'None recorded.') : h('ul', {}, remediation.map((t) => h('li', {}, t))),
  ];
}
