/**
 * "Gaps and remediation": every requirement that needs action, worst first, with the deciding
 * evidence at fault, the fix and who fixes it. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { ControlResult } from '../../domain/result.js';
import { SHORTFALL_STATUSES, STATUS_COLOURS, STATUS_SEVERITY } from '../../domain/status.js';
import { statusWithTerm } from './requirement-detail-section.js';
import { PORTRAIT_WIDTH, heading, t, token, table, unique, type Ctx } from './pdf-blocks.js';

export function toGapsSection(ctx: Ctx): Content[] {
  const { result } = ctx.input;
  const reqs = result.requirements
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.assessable && SHORTFALL_STATUSES.has(r.status))
    .sort((a, b) => (STATUS_SEVERITY[a.r.status] ?? 9) - (STATUS_SEVERITY[b.r.status] ?? 9) || a.i - b.i);
  const rows: TableCell[][] = [];
  const who = (c: ControlResult | undefined): TableCell =>
    c?.owner ? { text: `R: ${t(c.owner.responsible)}\nA: ${t(c.owner.accountable)}` } : { text: 'Not assigned', color: STATUS_COLOURS['needs-evidence'] };
  for (const { r } of reqs) {
    const atFault = r.deciding.filter((p) => SHORTFALL_STATUSES.has(p.status));
    if (atFault.length === 0) {
      rows.push([token(r.requirementId, { bold: true }), statusWithTerm(r), { text: t(r.reasons[0] ?? 'Nothing that tests it is mapped') }, { text: 'Map the evidence that tests it, or assess it by hand.' }, { text: '—' }]);
      continue;
    }
    // One row per control at fault, listing what of it fails: the evidence and the fix stay together.
    const byControl = new Map<string, typeof atFault>();
    for (const p of atFault) byControl.set(p.controlId ?? '', [...(byControl.get(p.controlId ?? '') ?? []), p]);
    for (const [controlId, parts] of byControl) {
      const c = result.controls.get(controlId);
      rows.push([
        token(r.requirementId, { bold: true }),
        statusWithTerm(r, { fontSize: 7 }),
        { text: [{ text: `${t(c?.title ?? controlId)}\n`, bold: true }, ...unique(parts.map((p) => p.reason)).map((reason) => ({ text: `${t(reason)}\n` }))] },
        { text: t(c?.remediation ?? '') },
        who(c),
      ]);
    }
  }
  return [
    heading('Gaps and remediation', 'h1', 'sec-gaps', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: 'Every assessable requirement that is not met, partial, or needs evidence, worst first; the deciding evidence at fault with its control, what to do, and who fixes it (R: responsible, A: accountable).',
      style: 'small',
      margin: [0, 0, 0, 6],
    },
    table(ctx, ['Requirement', 'Status', 'Deciding evidence at fault', 'Remediation', 'Who fixes it'], rows, [72, 58, 165, 125, 75], PORTRAIT_WIDTH, {
      empty: 'No requirement is not met, partial, or waiting for evidence.',
    }),
  ];
}
