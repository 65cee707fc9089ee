/**
 * Appendix "Status definitions": srmap's statuses (domain/status.ts) beside the framework's own
 * reporting terms, and the responsibility model. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { RESPONSIBILITIES, RESPONSIBILITY_DEFINITIONS, RESPONSIBILITY_LABELS, STATUS_DEFINITIONS } from '../../domain/status.js';
import { PORTRAIT_WIDTH, RESPONSIBILITY_COLOURS, SUMMARY_STATUS_ORDER, heading, statusText, t, table, type Ctx } from './pdf-blocks.js';

export function toDefinitionsAppendixSection(ctx: Ctx): Content[] {
  return [
    heading('Appendix B. Status definitions', 'h1', 'sec-appendix-b', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: 'Only deciding evidence (the rules, manual evidence and AWS attestations that test a requirement) makes a requirement met or not met; supporting evidence (related rules and controls) is shown beside it and never changes it. Collection gaps inside the scope lower a status; nothing outside the scope decides anything.',
      style: 'small',
      margin: [0, 0, 0, 6],
    },
    table(
      ctx,
      ctx.input.result.reporting ? ['Status', `${t(ctx.input.result.framework.name)} term`, 'Definition'] : ['Status', 'Definition'],
      SUMMARY_STATUS_ORDER.map((s): TableCell[] =>
        ctx.input.result.reporting
          ? [statusText(s), { text: t(ctx.input.result.reporting.terms[s]) }, { text: STATUS_DEFINITIONS[s] }]
          : [statusText(s), { text: STATUS_DEFINITIONS[s] }],
      ),
      ctx.input.result.reporting ? [80, 110, 300] : [90, 400],
      PORTRAIT_WIDTH,
      { fontSize: 8.5 },
    ),
    ...(ctx.input.result.reporting?.notes ? [{ text: t(ctx.input.result.reporting.notes), style: 'small', margin: [0, 0, 0, 6] } as Content] : []),
    { text: 'Responsibility', style: 'h3' },
    table(
      ctx,
      ['Responsibility', 'Definition'],
      RESPONSIBILITIES.map((r): TableCell[] => [
        { text: RESPONSIBILITY_LABELS[r], bold: true, color: RESPONSIBILITY_COLOURS[r] },
        { text: RESPONSIBILITY_DEFINITIONS[r] },
      ]),
      [90, 400],
      PORTRAIT_WIDTH,
      { fontSize: 8.5 },
    ),
  ];
}
