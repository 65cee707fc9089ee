/**
 * "Complementary user entity controls": the controls AWS's SOC 2 report expects its customers to
 * operate (the catalog's list, cuecs/*.yaml, in srmap's words: the report is AWS confidential),
 * each with the organisation's common controls that operate it and its status from this pack's
 * evaluation (evaluate-cuecs.ts; cuecs.csv has the same rows). Pure; untrusted text only through
 * toSafeText.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { CuecResult } from '../../domain/cuec.js';
import type { AttestationEvidence } from '../../domain/result.js';
import { STATUS_DISPLAY_ORDER, type Status } from '../../domain/status.js';
import { toAttestationReliance } from '../attestation-reliance.js';
import { PORTRAIT_WIDTH, formatInt, heading, period, statusLabel, statusText, t, table, token, type Ctx } from './pdf-blocks.js';

/** The report the CUECs come from, as this pack's evidence found it (the same finding as "AWS attestations relied upon"). */
function reportFinding(ctx: Ctx, kind: string): Pick<AttestationEvidence, 'title' | 'status' | 'reason' | 'report'> | undefined {
  const relied = toAttestationReliance(ctx.input).attestations.find((a) => a.kind === kind);
  if (relied) return relied;
  for (const c of ctx.input.result.controls.values()) {
    const a = c.attestations.find((x) => x.kind === kind);
    if (a) return a;
  }
  return undefined;
}

function reportLine(ctx: Ctx, kind: string): Content {
  const a = reportFinding(ctx, kind);
  if (!a) return { text: `Report: the attestation ${t(kind)} is not part of this framework's evidence; obtain it from AWS Artifact to compare its CUEC section with this list.`, style: 'small', margin: [0, 0, 0, 4] };
  const r = a.report;
  const cited = r ? `${t(r.name)} (${t(r.id)}, v${t(r.version)}, period ${period(r.periodStart, r.periodEnd)})` : 'none found';
  return {
    text: [{ text: `${t(a.title)}: `, bold: true }, `${cited}; standing: ${t(a.status)}. `, a.status === 'current' ? '' : t(a.reason)],
    style: 'small',
    margin: [0, 0, 0, 4],
  };
}

/** "20 CUECs: 3 Met, 12 Partial, ..." in the vocabulary's display order, statuses with none left out. */
export function cuecCountsLine(cuecs: readonly CuecResult[]): string {
  const counts = new Map<Status, number>();
  for (const c of cuecs) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const parts = STATUS_DISPLAY_ORDER.filter((s) => counts.has(s)).map((s) => `${formatInt(counts.get(s) ?? 0)} ${statusLabel(s)}`);
  return `${formatInt(cuecs.length)} CUEC${cuecs.length === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}

function controlsCell(c: CuecResult): TableCell {
  // One line per control, in a single text node so that table() can keep each id whole where it fits.
  const parts: Content[] = [];
  c.controls.forEach((k, i) => {
    if (i > 0) parts.push('\n');
    parts.push(`${t(k.title)} `, token(`(${k.controlId})`, { color: '#666666' }), k.inFramework ? ': ' : '*: ', statusText(k.status, { noWrap: true }));
  });
  return { text: parts } as TableCell;
}

export function toCuecsSection(ctx: Ctx): Content[] {
  const cuecs = ctx.input.cuecs ?? [];
  const fw = ctx.input.result.framework;
  const out: Content[] = [
    heading('Complementary user entity controls', 'h1', 'sec-cuecs', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: 'AWS\'s SOC 2 report describes controls AWS expects each customer (a "user entity") to operate for itself: AWS\'s controls achieve their objectives for the customer\'s accounts and content only together with them. An auditor relying on that report checks that the organisation operates them. Below, each is given in srmap\'s own words (the report is AWS confidential and is cited, never reproduced: compare this list with the CUEC section of the report version you rely on), with the organisation\'s common controls that operate it and its status in this pack: the controls\' statuses, combined by the rule that combines a requirement\'s controls.',
      margin: [0, 0, 0, 4],
    },
  ];
  if (cuecs.length === 0) {
    out.push({ text: 'The catalog this pack was built with lists no complementary user entity controls (a cuecs/ folder in the catalog folder or in an overlay folder holds them).', style: 'muted', margin: [0, 1, 0, 5] });
    return out;
  }
  for (const kind of [...new Set(cuecs.map((c) => c.attestation))]) out.push(reportLine(ctx, kind));
  out.push({ text: cuecCountsLine(cuecs), bold: true, margin: [0, 2, 0, 2] });
  out.push(
    table(
      ctx,
      ['Id', 'Area', 'What the customer operates', 'Status', 'The organisation\'s controls (status)'],
      cuecs.map((c): TableCell[] => [token(c.id, { bold: true }), { text: t(c.area) }, { text: t(c.topic) }, statusText(c.status, { noWrap: true }), controlsCell(c)]),
      [34, 50, 164, 36, 166],
      PORTRAIT_WIDTH,
    ),
  );
  const outside = cuecs.some((c) => c.controls.some((k) => !k.inFramework));
  if (outside) {
    out.push({ text: `* No ${t(fw.name)} requirement names this control: it is evaluated over this pack's scope all the same, and its detail is not in this pack's requirement pages.`, style: 'small', margin: [0, 0, 0, 2] });
  }
  out.push({ text: 'The same rows, with each control\'s status, are in cuecs.csv.', style: 'small' });
  return out;
}
