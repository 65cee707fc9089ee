/**
 * Appendix "Evidence inventory": the snapshot's files with their SHA-256, the AWS Artifact reports
 * and agreements cited (never embedded), and the manual evidence register. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { ARTIFACT_NOTICE, PORTRAIT_WIDTH, STATUS_COLOURS, formatInt, heading, period, t, table, type Ctx } from './pdf-blocks.js';

export function toInventoryAppendixSection(ctx: Ctx): Content[] {
  const e = ctx.input.evidence;
  return [
    heading('Appendix C. Evidence inventory', 'h1', 'sec-appendix-c', { toc: true, extra: { pageBreak: 'before' } }),
    { text: 'Snapshot files', style: 'h3' },
    {
      text: `Snapshot ${t(e.manifest.id)}; each file's SHA-256 lets an auditor check the snapshot this pack was rebuilt from.`,
      style: 'small',
    },
    table(
      ctx,
      ['Path', 'Records', 'Bytes', 'SHA-256'],
      e.manifest.files.map((f): TableCell[] => [
        { text: t(f.path) },
        { text: formatInt(f.records), alignment: 'right' },
        { text: formatInt(f.bytes), alignment: 'right' },
        { text: t(f.sha256), fontSize: 6.5 },
      ]),
      [140, 45, 55, 250],
      PORTRAIT_WIDTH,
    ),
    { text: 'AWS Artifact reports cited', style: 'h3' },
    { text: `${ARTIFACT_NOTICE} Identified by id, version and period; the SHA-256 is shown where the document was downloaded into the snapshot.`, style: 'small' },
    table(
      ctx,
      ['Report', 'Id', 'Version', 'Period', 'Document SHA-256'],
      e.artifactReports.map((r): TableCell[] => [
        { text: t(r.name) },
        { text: t(r.id) },
        { text: t(r.version), alignment: 'right' },
        { text: period(r.periodStart, r.periodEnd) },
        r.documentSha256 ? { text: t(r.documentSha256), fontSize: 6.5 } : { text: 'not downloaded', style: 'muted' },
      ]),
      [130, 80, 35, 90, 160],
      PORTRAIT_WIDTH,
      { empty: 'No AWS Artifact reports were listed.' },
    ),
    { text: 'AWS agreements', style: 'h3' },
    table(
      ctx,
      ['Agreement', 'Id', 'Type', 'State', 'Account', 'Effective'],
      e.artifactAgreements.map((a): TableCell[] => [
        { text: t(a.name) },
        { text: t(a.id) },
        { text: t(a.type) },
        { text: t(a.state), bold: true, color: a.state === 'ACTIVE' ? STATUS_COLOURS.met : STATUS_COLOURS['not-met'] },
        { text: a.awsAccountId ? t(a.awsAccountId) : '—' },
        { text: period(a.effectiveStart, a.effectiveEnd) },
      ]),
      [130, 80, 55, 60, 65, 95],
      PORTRAIT_WIDTH,
      { empty: 'No AWS agreements were listed.' },
    ),
    { text: 'Manual evidence register', style: 'h3' },
    table(
      ctx,
      ['Id', 'Title', 'Kind', 'Owner', 'Collected on', 'Valid until', 'Location', 'SHA-256'],
      e.manualEvidence.map((m): TableCell[] => [
        { text: t(m.id) },
        { text: t(m.title) },
        { text: t(m.kind) },
        { text: t(m.owner) },
        { text: t(m.collectedOn) },
        { text: t(m.validUntil) },
        { text: t(m.location) },
        { text: m.sha256 ? t(m.sha256) : '—', fontSize: 6 },
      ]),
      [62, 80, 62, 50, 45, 45, 80, 66],
      PORTRAIT_WIDTH,
      { fontSize: 7, empty: 'No manual evidence recorded.' },
    ),
    { text: 'Approved exceptions: see the section Exceptions (risk acceptance).', style: 'muted' },
  ];
}
