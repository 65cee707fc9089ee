/**
 * The shared-responsibility matrix: one row per assessable requirement, who carries it, what AWS
 * and the customer each do, and its status. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { ControlResult, RequirementResult } from '../../domain/result.js';
import { statusWithTerm } from './requirement-detail-section.js';
import { LANDSCAPE_WIDTH, heading, responsibilityLabel, t, token, table, unique, type Ctx } from './pdf-blocks.js';

function controlsOf(ctx: Ctx, r: RequirementResult): ControlResult[] {
  return r.controls.flatMap((id) => {
    const c = ctx.input.result.controls.get(id);
    return c ? [c] : [];
  });
}

export function toMatrixSection(ctx: Ctx): Content[] {
  const rows: TableCell[][] = [];
  for (const r of ctx.input.result.requirements) {
    if (!r.assessable) {
      rows.push([
        { text: `${t(r.requirementId)}  ${t(r.title)}`, colSpan: 6, bold: true, fillColor: '#f3f3f3' },
        {},
        {},
        {},
        {},
        {},
      ]);
      continue;
    }
    const cs = controlsOf(ctx, r);
    const aws = unique(cs.map((c) => t(c.aws)));
    const customer = unique(cs.map((c) => t(c.customer)));
    rows.push([
      token(r.requirementId, { bold: true }),
      { text: t(r.title) },
      { text: responsibilityLabel(r.responsibility) },
      { text: aws.length > 0 ? aws.join(' ') : 'No common control mapped.' },
      { text: customer.length > 0 ? customer.join(' ') : 'No common control mapped.' },
      statusWithTerm(r),
    ]);
  }
  return [
    heading('Shared-responsibility matrix', 'h1', 'sec-matrix', {
      toc: true,
      extra: { pageBreak: 'before', pageOrientation: 'landscape' },
    }),
    {
      text: 'One row per assessable requirement: who carries it for the AWS-hosted scope, what AWS does, what the customer does (from the mapped common controls), and the status decided by the evidence.',
      style: 'small',
      margin: [0, 0, 0, 6],
    },
    table(
      ctx,
      ['Requirement', 'Title', 'Responsibility', 'What AWS does', 'What the customer does', 'Status'],
      rows,
      [70, 110, 60, 200, 200, 55],
      LANDSCAPE_WIDTH,
      { fontSize: 7.5 },
    ),
  ];
}
