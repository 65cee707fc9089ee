/**
 * The shared-responsibility matrix: one row per assessable requirement (who carries it, the common
 * controls that implement it, its status), then each of those controls once, with what AWS does
 * and what the customer does. A control serves many requirements: its two sentences are printed
 * once, in the control table, instead of again in every row that maps it (the PCI DSS matrix was
 * 24 pages of repeated sentences). responsibility-matrix.csv keeps one row per requirement, control
 * and service. Pure.
 */
import type { Content, ContentText, TableCell } from 'pdfmake/interfaces.js';
import type { ControlResult } from '../../domain/result.js';
import { statusWithTerm } from './requirement-detail-section.js';
import { LANDSCAPE_WIDTH, formatInt, heading, responsibilityLabel, statusLabel, statusText, t, token, table, type Ctx } from './pdf-blocks.js';

/** The controls named in a cell: each id whole, comma-separated, wrapping between ids. */
function controlIds(ids: readonly string[]): TableCell {
  if (ids.length === 0) return { text: 'No common control mapped.', italics: true, color: '#777777' };
  const parts: (ContentText | string)[] = [];
  ids.forEach((id, i) => {
    if (i > 0) parts.push(', ');
    parts.push(token(id));
  });
  return { text: parts } as TableCell;
}

export function toMatrixSection(ctx: Ctx): Content[] {
  const { result } = ctx.input;
  const rows: TableCell[][] = [];
  const used = new Map<string, ControlResult>();
  const mappedBy = new Map<string, number>();
  for (const r of result.requirements) {
    if (!r.assessable) {
      rows.push([{ text: `${t(r.requirementId)}  ${t(r.title)}`, colSpan: 5, bold: true, fillColor: '#f3f3f3' }, {}, {}, {}, {}]);
      continue;
    }
    const ids = r.controls.filter((id) => result.controls.has(id));
    for (const id of ids) {
      used.set(id, result.controls.get(id) as ControlResult);
      mappedBy.set(id, (mappedBy.get(id) ?? 0) + 1);
    }
    // The framework's term only where it says more than srmap's label ("Not Applicable" does not).
    const status = r.frameworkStatus.toLowerCase() === statusLabel(r.status).toLowerCase() ? statusText(r.status) : statusWithTerm(r);
    rows.push([token(r.requirementId, { bold: true }), { text: t(r.title) }, { text: responsibilityLabel(r.responsibility) }, controlIds(ids), status]);
  }
  const controls = [...used.values()].sort((a, b) => (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0));
  const controlRows: TableCell[][] = controls.map((c) => [
    { text: [token(c.controlId, { bold: true }), `\n${t(c.title)}`] } as TableCell,
    { text: responsibilityLabel(c.responsibility) },
    { text: t(c.aws) },
    { text: t(c.customer) },
    { text: formatInt(mappedBy.get(c.controlId) ?? 0), alignment: 'right' },
  ]);
  return [
    heading('Shared-responsibility matrix', 'h1', 'sec-matrix', {
      toc: true,
      extra: { pageBreak: 'before', pageOrientation: 'landscape' },
    }),
    {
      text: 'One row per assessable requirement: who carries it for the AWS-hosted scope, the common controls that implement it, and the status decided by the evidence. What AWS does and what the customer does for each control follows the requirements, once per control (the table "Controls in the matrix"); where a control\'s split differs by kind of service, the requirement detail and responsibility-matrix.csv give each service\'s.',
      style: 'small',
      margin: [0, 0, 0, 6],
    },
    table(ctx, ['Requirement', 'Title', 'Responsibility', 'Common controls', 'Status'], rows, [76, 280, 52, 196, 120], LANDSCAPE_WIDTH, { fontSize: 7 }),
    heading('Controls in the matrix', 'h2', 'sec-matrix-controls', { parentId: 'sec-matrix' }),
    {
      text: `Each of the ${formatInt(controls.length)} common controls the requirements above name, by id: who carries it, what AWS does, what the customer does, and how many requirements map it.`,
      style: 'small',
      margin: [0, 0, 0, 4],
    },
    table(ctx, ['Control', 'Responsibility', 'What AWS does', 'What the customer does', 'Requirements'], controlRows, [130, 50, 270, 270, 42], LANDSCAPE_WIDTH, { fontSize: 7 }),
  ];
}
