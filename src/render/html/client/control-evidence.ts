/** The manual evidence and AWS attestations that decide a requirement, as the pack recorded them. */
import type { PageControl, PageRequirement } from '../page-data.js';
import { h, type Child } from './dom.js';

export function evidenceFacts(r: PageRequirement, controls: readonly PageControl[]): Child {
  const manualKinds = new Set(r.deciding.filter((p) => p.kind === 'manual').map((p) => p.id));
  const attestationKinds = new Set(r.deciding.filter((p) => p.kind === 'attestation').map((p) => p.id));
  const manual = new Map<string, PageControl['manual'][number]>();
  const attestations = new Map<string, PageControl['attestations'][number]>();
  for (const c of controls) {
    for (const m of c.manual) if (manualKinds.has(m.kind) && !manual.has(m.kind)) manual.set(m.kind, m);
    for (const a of c.attestations) if (attestationKinds.has(a.kind) && !attestations.has(a.kind)) attestations.set(a.kind, a);
  }
  const out: Child[] = [];
  if (manual.size > 0) {
    out.push(
      h('h2', {}, 'Manual evidence'),
      h(
        'table',
        { 'data-testid': 'manual' },
        h('caption', {}, 'Manual evidence that decides it (manual-evidence.csv)'),
        h('thead', {}, h('tr', {}, ['Kind', 'Status', 'Record', 'Owner', 'Collected', 'Valid until', 'Location', 'sha256', 'Integrity'].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          [...manual.values()].map((m) => {
            const rec = m.record;
            return h(
              'tr',
              {},
              h('td', {}, m.title),
              h('td', {}, m.status),
              h('td', { class: 'wrap' }, rec ? `${rec.id}: ${rec.title}` : 'missing'),
              h('td', {}, rec?.owner),
              h('td', {}, rec?.collectedOn),
              h('td', {}, rec?.validUntil),
              h('td', { class: 'wrap' }, rec?.location),
              h('td', { class: 'wrap mono' }, rec?.sha256),
              h('td', {}, rec?.integrity),
            );
          }),
        ),
      ),
    );
  }
  if (attestations.size > 0) {
    out.push(
      h('h2', {}, 'AWS attestations relied on'),
      h(
        'table',
        { 'data-testid': 'attestations' },
        h('caption', {}, 'Cited, never embedded: AWS Artifact reports are AWS confidential'),
        h('thead', {}, h('tr', {}, ['Attestation', 'Status', 'Report', 'Period', 'Why'].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          [...attestations.values()].map((a) =>
            h(
              'tr',
              {},
              h('td', {}, a.title),
              h('td', {}, a.status),
              h('td', { class: 'wrap' }, a.report ? `${a.report.name} (id ${a.report.id}, version ${a.report.version})` : a.agreement ? `${a.agreement.name} (${a.agreement.state})` : 'none'),
              h('td', {}, a.report ? `${a.report.periodStart.slice(0, 10)} to ${a.report.periodEnd.slice(0, 10)}` : ''),
              h('td', { class: 'wrap' }, a.reason),
            ),
          ),
        ),
      ),
    );
  }
  return out;
}
