/** The console table of OSCAL sets: per framework, what the documents hold. */
import type { OscalSummary } from '../render/oscal/to-oscal-summary.js';
import type { Io } from './command-context.js';

export function printOscalTable(sets: readonly { id: string; summary: OscalSummary }[], io: Io): void {
  if (sets.length === 0) return;
  const header = ['OSCAL 1.1.2', 'implemented-reqs', 'implemented', 'by-comp inherited', 'shared', 'customer', 'findings satisfied', 'not-satisfied', 'POA&M reqs', 'exceptions'];
  const rows = sets.map(({ id, summary: s }) => [
    id,
    String(s.implementedRequirements),
    String(s.implementationStatus.implemented ?? 0),
    String(s.byComponents.inherited),
    String(s.byComponents.shared),
    String(s.byComponents.customer),
    String(s.findings.satisfied),
    String(s.findings['not-satisfied']),
    String(s.poamItems.requirements),
    String(s.poamItems.exceptions),
  ]);
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  io.out(fmt(header));
  for (const r of rows) io.out(fmt(r));
}
