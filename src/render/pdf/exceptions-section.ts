/**
 * "Exceptions": every exception as of the snapshot date, whether it is in force, and what it was
 * applied to. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { toExceptionSummaries, type ExceptionSummary } from '../exception-summary.js';
import { STATUS_COLOURS } from '../../domain/status.js';
import { PORTRAIT_WIDTH, formatInt, heading, t, token, table, type Ctx } from './pdf-blocks.js';

/** What an exception did in this pack: the failing results it accepted, or the requirement it made accepted-risk. */
function appliedTo(r: ExceptionSummary): string {
  if (r.status !== 'current') return 'not applied';
  if (r.exception.requirement) return r.requirements.length > 0 ? 'the requirement (accepted-risk)' : `the ${r.exception.requirement.split(':')[0] ?? ''} pack`;
  const results = `${formatInt(r.resultsCovered)} failing result${r.resultsCovered === 1 ? '' : 's'}`;
  // The requirement ids are in exceptions.csv: a rule can support dozens of them.
  return r.requirements.length > 0 ? `${results}, under ${formatInt(r.requirements.length)} requirement${r.requirements.length === 1 ? '' : 's'}` : results;
}

/** Every exception as of the snapshot date: what it covers, whether it is in force, what it was used for. */
export function toExceptionsSection(ctx: Ctx): Content[] {
  const rows = toExceptionSummaries(ctx.input);
  const colour = (s: string) => (s === 'current' ? STATUS_COLOURS['accepted-risk'] : STATUS_COLOURS['not-met']);
  return [
    heading('Exceptions (risk acceptance)', 'h1', 'sec-exceptions', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: 'A current exception turns the failing results or the requirement it covers into accepted-risk. An expired or not yet approved one is listed here and never applied: what it would cover counts as failing.',
      margin: [0, 0, 0, 6],
    },
    table(
      ctx,
      ['Id', 'Covers', 'Status', 'Applied to', 'Reason', 'Compensating control', 'Approver', 'Approved', 'Expires'],
      rows.map((r): TableCell[] => [
        token(r.exception.id, { bold: true }),
        token(r.covers),
        { text: t(r.status), bold: true, color: colour(r.status) },
        { text: appliedTo(r) },
        { text: t(r.exception.reason) },
        { text: t(r.exception.compensatingControl) },
        { text: t(r.exception.approver) },
        token(r.exception.approvedOn),
        token(r.exception.expiresOn),
      ]),
      [56, 70, 38, 50, 76, 76, 53, 48, 48],
      PORTRAIT_WIDTH,
      { fontSize: 7, empty: 'No exceptions recorded.' },
    ),
  ];
}
