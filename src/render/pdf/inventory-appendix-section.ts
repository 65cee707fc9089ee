/**
 * Appendix "Evidence inventory": the snapshot's files with their SHA-256, the AWS Artifact reports
 * and agreements cited (never embedded), and the manual evidence register. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { STATUS_COLOURS } from '../../domain/status.js';
import { ARTIFACT_NOTICE, PORTRAIT_WIDTH, formatInt, heading, period, t, token, table, type Ctx } from './pdf-blocks.js';

export function toInventoryAppendixSection(ctx: Ctx): Content[] {
  const e = ctx.input.evidence;
  return [
    heading('Appendix B. Evidence inventory', 'h1', 'sec-appendix-b', { toc: true, extra: { pageBreak: 'before' } }),
    { text: 'Snapshot files', style: 'h3' },
    {
      text: `Snapshot ${t(e.manifest.id)}; each file's SHA-256 lets an auditor check the snapshot this pack was rebuilt from.`,
      style: 'small',
    },
    table(
      ctx,
      ['Path', 'Records', 'Bytes', 'SHA-256'],
      e.manifest.files.map((f): TableCell[] => [
        token(f.path),
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
        token(r.id),
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
        token(a.id),
        token(a.type),
        token(a.state, { bold: true, color: a.state === 'ACTIVE' ? STATUS_COLOURS.met : STATUS_COLOURS['not-met'] }),
        { text: a.awsAccountId ? t(a.awsAccountId) : '—' },
        { text: period(a.effectiveStart, a.effectiveEnd) },
      ]),
      [105, 80, 50, 90, 60, 95],
      PORTRAIT_WIDTH,
      { empty: 'No AWS agreements were listed.' },
    ),
    { text: 'Manual evidence register', style: 'h3' },
    table(
      ctx,
      ['Id', 'Title', 'Kind', 'Owner', 'Collected on', 'Valid until'],
      // Two rows per record: its fields, then its location and SHA-256 across the full width, so
      // that neither an id nor a path breaks inside.
      e.manualEvidence.flatMap((m): TableCell[][] => [
        [token(m.id, { bold: true }), { text: t(m.title) }, token(m.kind), { text: t(m.owner) }, token(m.collectedOn), token(m.validUntil)],
        [
          { text: ['Location ', token(m.location), m.sha256 ? '   SHA-256 ' : '', m.sha256 ? token(m.sha256, { fontSize: 6 }) : ''], colSpan: 6, color: '#444444' },
          {},
          {},
          {},
          {},
          {},
        ],
      ]),
      [95, 120, 105, 85, 48, 48],
      PORTRAIT_WIDTH,
      { fontSize: 7, empty: 'No manual evidence recorded.' },
    ),
    { text: 'Approved exceptions: see the section Exceptions (risk acceptance).', style: 'muted' },
  ];
}
