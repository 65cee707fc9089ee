/**
 * "Trend" (report --history): requirements by status per snapshot, and failing results. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { maxOf } from '../../domain/arrays.js';
import { STATUS_COLOURS, STATUS_DISPLAY_ORDER, STATUS_LABELS } from '../../domain/status.js';
import { PORTRAIT_WIDTH, formatInt, heading, t, table, type Ctx } from './pdf-blocks.js';

/** "Trend" (report --history): requirements by status per snapshot, and failing results. */
export function toTrendSection(ctx: Ctx): Content[] {
  const points = ctx.input.history;
  if (!points || points.length === 0) return [];
  const width = 300;
  const order = STATUS_DISPLAY_ORDER;
  const rows: TableCell[][] = points.map((p) => {
    const total = order.reduce((n, s) => n + (p.byStatus[s] ?? 0), 0);
    let x = 0;
    const rects = order.flatMap((s) => {
      const w = total > 0 ? ((p.byStatus[s] ?? 0) / total) * width : 0;
      const r = w > 0 ? [{ type: 'rect' as const, x, y: 1, w, h: 10, color: STATUS_COLOURS[s] }] : [];
      x += w;
      return r;
    });
    return [{ text: `${t(p.asOf)}\n${t(p.snapshotId)}`, fontSize: 7 }, { canvas: rects }, { text: `${formatInt(p.byStatus.met ?? 0)} met, ${formatInt(p.byStatus['not-met'] ?? 0)} not met`, fontSize: 7 }];
  });
  const maxFailing = maxOf(points.map((p) => p.failingResults), 0);
  const failingRows: TableCell[][] = points.map((p) => {
    const w = maxFailing > 0 ? (p.failingResults / maxFailing) * 260 : 0;
    return [
      { text: `${t(p.asOf)} ${t(p.snapshotId)}`, fontSize: 7 },
      { canvas: [{ type: 'rect', x: 0, y: 1, w: 260, h: 9, color: '#f0f0f0' }, ...(w > 0 ? [{ type: 'rect' as const, x: 0, y: 1, w, h: 9, color: STATUS_COLOURS['not-met'] }] : [])] },
      { text: formatInt(p.failingResults), alignment: 'right' },
    ];
  });
  return [
    heading(`Trend over the last ${points.length} snapshots`, 'h1', 'sec-trend', { toc: true, extra: { pageBreak: 'before' } }),
    { text: 'Requirements by status in each snapshot (as reported, each over its own scope; see the collection gaps column).', margin: [0, 0, 0, 4] },
    { table: { widths: [90, width, 100], body: rows }, layout: ctx.plain, margin: [0, 2, 0, 4] },
    { columns: order.map((s) => ({ text: [{ text: '■ ', color: STATUS_COLOURS[s] }, STATUS_LABELS[s]], fontSize: 7 })), margin: [0, 0, 0, 8] },
    table(ctx, ['As of', 'Snapshot', ...order.map((s) => STATUS_LABELS[s]), 'Gaps'], points.map((p) => [t(p.asOf), t(p.snapshotId), ...order.map((s) => formatInt(p.byStatus[s] ?? 0)), formatInt(p.gaps)]), [12, 18, 8, 8, 8, 8, 9, 8, 9, 6], PORTRAIT_WIDTH),
    { text: 'Failing results (NON_COMPLIANT, not covered by an exception)', style: 'h3' },
    { table: { widths: [110, 260, 70], body: failingRows }, layout: ctx.plain, margin: [0, 2, 0, 10] },
  ];
}
