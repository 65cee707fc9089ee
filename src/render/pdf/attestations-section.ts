/**
 * The PDF section "AWS attestations relied upon": each attestation the AWS side of this
 * framework's requirements rests on, the report or agreement that provides it (name, id, version,
 * period, the document's SHA-256 where it was downloaded into the snapshot), its standing, and the
 * requirements that rely on it; then the closing note with the counts. Cites, never embeds: AWS
 * Artifact reports are AWS confidential. Pure; untrusted text only through toSafeText.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { toAttestationReliance, toRelianceNote } from '../attestation-reliance.js';
import type { AttestationReliance } from '../attestation-reliance.js';
import { daysBetween } from '../../domain/dates.js';
import { PORTRAIT_WIDTH, day, formatInt, heading, period, t, table, type Ctx } from './pdf-blocks.js';

const STATUS_COLOUR: Record<AttestationReliance['status'], string> = {
  current: '#2e7d32',
  stale: '#e65100',
  missing: '#e65100',
  inactive: '#c62828',
};

const STATUS_TEXT: Record<AttestationReliance['status'], string> = {
  current: 'current',
  stale: 'stale: needs evidence',
  missing: 'missing: needs evidence',
  inactive: 'not in force',
};

function citation(a: AttestationReliance): TableCell {
  if (a.report) {
    const r = a.report;
    const how = r.origin === 'import' ? '\nfrom a listing imported by hand' : '';
    return { text: [{ text: t(r.name), bold: true }, `\n${t(r.id)}${how}`] };
  }
  if (a.agreement) {
    const g = a.agreement;
    return { text: [{ text: t(g.name), bold: true }, `\n${t(g.id)}${g.awsAccountId ? `, account ${t(g.awsAccountId)}` : ''}`] };
  }
  return { text: `None found. ${t(a.reason)}`, italics: true };
}

function versionCell(a: AttestationReliance): string {
  if (a.report) return `v${t(a.report.version)}`;
  if (a.agreement) return t(a.agreement.state);
  return '—';
}

function periodCell(a: AttestationReliance): string {
  if (a.report) return period(a.report.periodStart, a.report.periodEnd);
  if (a.agreement) return period(a.agreement.effectiveStart, a.agreement.effectiveEnd);
  return '—';
}

function documentCell(a: AttestationReliance): TableCell {
  const r = a.report;
  if (!r) return { text: a.agreement ? 'agreement (no document)' : '—', color: '#777777' };
  if (!r.documentSha256) return { text: 'not downloaded', color: '#777777', italics: true };
  const who = r.downloadedAt ? `\ndownloaded ${day(r.downloadedAt)}${r.downloadedBy ? ` by ${t(r.downloadedBy)}` : ''}` : '';
  return { text: `${t(r.documentSha256)}${who}`, fontSize: 6 };
}

/** Months between a report's end and the as-of date past which the gap needs AWS's bridge letter. */
export const BRIDGE_LETTER_MONTHS = 3;

/**
 * A report relied upon whose period ended more than three months before the as-of date leaves a
 * gap its period does not cover: the note asks for the bridge (gap) letter AWS issues for it.
 */
function bridgeLetterNotes(ctx: Ctx, attestations: readonly AttestationReliance[]): string[] {
  const asOf = ctx.input.evidence.manifest.createdAt;
  const limit = new Date(asOf);
  if (Number.isNaN(limit.getTime())) return [];
  limit.setUTCMonth(limit.getUTCMonth() - BRIDGE_LETTER_MONTHS);
  const notes: string[] = [];
  for (const a of attestations) {
    const end = a.report?.periodEnd;
    if (!a.report || a.status !== 'current' || !end || Number.isNaN(new Date(end).getTime()) || new Date(end) >= limit) continue;
    notes.push(
      `${t(a.report.name)} covers up to ${day(end)}, ${formatInt(daysBetween(end, asOf))} days before the as-of date ${day(asOf)}. For the months between, obtain AWS's bridge letter (a letter from AWS stating that its controls did not change materially since the report's period ended) from AWS Artifact, or rely on the next report once it is issued; record it in the evidence register.`,
    );
  }
  return notes;
}

export function toAttestationsSection(ctx: Ctx): Content[] {
  const summary = toAttestationReliance(ctx.input);
  const fw = ctx.input.result.framework;
  const rows: TableCell[][] = summary.attestations.map((a) => [
    { text: t(a.title), bold: true },
    { text: STATUS_TEXT[a.status] ?? t(a.status), bold: true, color: STATUS_COLOUR[a.status] ?? '#000000' },
    citation(a),
    { text: versionCell(a) },
    { text: periodCell(a) },
    documentCell(a),
    { text: `${a.requirements.length}: ${a.requirements.map(t).join(', ')}`, fontSize: 6.5 },
  ]);
  const problems = summary.attestations.filter((a) => a.status !== 'current');
  const out: Content[] = [
    heading('AWS attestations relied upon', 'h1', 'sec-attestations', { toc: true, extra: { pageBreak: 'before' } }),
    {
      text: 'For the AWS-hosted scope, AWS carries the part of each requirement described in the responsibility matrix. An auditor accepts that only on AWS\'s own attestation, from AWS Artifact. Each attestation below is cited by name, id, version and period, with the SHA-256 of the document where it was downloaded into the snapshot under accepted terms. An attestation whose period ended more than 12 months before the snapshot is stale and leaves the requirements that rely on it needing evidence.',
      margin: [0, 0, 0, 4],
    },
    {
      text: 'Cited, not embedded: AWS Artifact reports are AWS confidential and their terms restrict redistribution. This pack identifies them and never includes them; obtain them from AWS Artifact.',
      style: 'notice',
      margin: [0, 0, 0, 6],
    },
  ];
  out.push(
    table(
      ctx,
      ['Attestation', 'Standing', 'Report or agreement', 'Version / state', 'Period', 'Document SHA-256', 'Requirements relying on it'],
      rows,
      [62, 48, 100, 34, 56, 85, 80],
      PORTRAIT_WIDTH,
      { empty: 'No requirement of this framework relies on an AWS attestation.' },
    ),
  );
  if (problems.length > 0) {
    out.push({ text: 'Missing, stale or not in force', style: 'h3' });
    out.push({ ul: problems.map((a): Content => ({ text: `${t(a.title)}: ${t(a.reason)} ${a.requirements.length} requirement(s) rely on it.` })), style: 'body', margin: [0, 1, 0, 4] });
  }
  const bridges = bridgeLetterNotes(ctx, summary.attestations);
  if (bridges.length > 0) {
    out.push({ text: 'Bridge letter', style: 'h3' });
    out.push({ ul: bridges.map((text): Content => ({ text })), style: 'body', margin: [0, 1, 0, 4] });
  }
  if (summary.uncited.length > 0) {
    out.push({ text: 'Requirements with an AWS side that name no attestation', style: 'h3' });
    out.push({ text: summary.uncited.map(t).join(', '), margin: [0, 0, 0, 4] });
  }
  out.push({ text: 'Closing note', style: 'h3' });
  out.push({ text: t(toRelianceNote(fw.name, summary)), margin: [0, 0, 0, 4] });
  out.push({ text: 'The same table, one row per attestation with every requirement id, is in attestations.csv.', style: 'small' });
  return out;
}
