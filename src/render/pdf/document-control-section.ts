/**
 * "Document control" and "Period covered", on the page after the cover: what this document is,
 * which version (the snapshot and the tool that built it), who prepared it, blanks for the reviewer,
 * approver and distribution, and the period the evidence covers: a point in time, or an observation
 * window over the snapshots of `--history`, each with its date. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { PORTRAIT_WIDTH, day, dayAndTime, heading, keyValues, t, table, token, type Ctx } from './pdf-blocks.js';

/** A line to write on by hand. */
const BLANK = '______________________________________________';

export function toDocumentControlSection(ctx: Ctx): Content[] {
  const m = ctx.input.evidence.manifest;
  const fw = ctx.input.result.framework;
  const generatedBy = ctx.options.generatedBy ? t(ctx.options.generatedBy) : `${t(m.tool.name)} ${t(m.tool.version)}`;
  const history = ctx.input.history ?? [];
  const previous = ctx.input.changes?.before;
  const out: Content[] = [
    heading('Document control', 'h1', 'sec-document-control', { toc: true, extra: { pageBreak: 'before' } }),
    keyValues(
      ctx,
      [
        ['Document', `${t(fw.name)} ${t(fw.version)} evidence pack for ${t(m.organisation.name)}`],
        ['Version', `Built from snapshot ${t(m.id)} by ${t(m.tool.name)} ${t(m.tool.version)}. The same snapshot and working folder give the same document, byte for byte: a changed pack is a new snapshot or a changed working folder.`],
        ['Date', `${day(m.createdAt)} (the snapshot's as-of date)`],
        ['Prepared by', `${generatedBy}, for ${t(m.organisation.name)}`],
        ['Reviewed by', `Name and role ${BLANK}   Date __________`],
        ['Approved by', `Name and role ${BLANK}   Date __________`],
        ['Distribution', `Restricted. It names AWS accounts, resources and open findings of ${t(m.organisation.name)}. Recipients: ${BLANK}`],
      ],
      PORTRAIT_WIDTH,
      100,
    ),
    { text: 'Period covered', style: 'h3' },
  ];
  if (history.length > 1) {
    const first = history[0];
    const last = history.at(-1);
    out.push({
      text: `Observation window: ${day(first?.asOf)} to ${day(last?.asOf)}, over ${history.length} snapshots. Each snapshot is evaluated on its own; the status of this pack is the one as of the last. The Trend section gives each snapshot's figures.`,
      margin: [0, 0, 0, 4],
    });
    out.push(
      table(
        ctx,
        ['As of', 'Snapshot'],
        history.map((p): TableCell[] => [token(day(p.asOf)), token(p.snapshotId)]),
        [80, 300],
        PORTRAIT_WIDTH,
      ),
    );
  } else {
    out.push({ text: `Point in time: the estate as collected on ${dayAndTime(m.createdAt)} (snapshot ${t(m.id)}). Manual evidence and AWS attestations are judged current or not on that date.`, margin: [0, 0, 0, 4] });
  }
  if (previous) {
    out.push({ text: `Compared with snapshot ${t(previous.id)} of ${dayAndTime(previous.createdAt)}: see Changes since ${day(previous.createdAt)}.`, margin: [0, 0, 0, 4] });
  }
  return out;
}
