/**
 * attestations.csv: one row per AWS attestation the framework's requirements rely on (the PDF
 * section "AWS attestations relied upon"), with every requirement id. Columns are only ever added
 * at the end. Cites the report or agreement; never its content.
 */
import { toDay } from '../../domain/dates.js';
import type { PackInput } from '../../domain/result.js';
import { toAttestationReliance } from '../attestation-reliance.js';
import { attestationRef } from '../evidence-citations.js';

export const ATTESTATIONS_COLUMNS = [
  'framework', 'attestation_kind', 'attestation_title', 'standing', 'reason', 'source_type', 'name', 'id',
  'version_or_state', 'period_start', 'period_end', 'document_sha256', 'downloaded_at', 'downloaded_by', 'origin',
  'requirement_count', 'requirement_ids', 'controls', 'as_of', 'snapshot_id', 'evidence_ref',
] as const;

const LIST = ';';

export function toAttestationRows(input: PackInput): string[][] {
  const { result, evidence } = input;
  const asOf = toDay(evidence.manifest.createdAt);
  return toAttestationReliance(input).attestations.map((a) => {
    const r = a.report;
    const g = a.agreement;
    return [
      result.framework.id,
      a.kind,
      a.title,
      a.status,
      a.reason,
      r ? 'report' : g ? 'agreement' : '',
      r?.name ?? g?.name ?? '',
      r?.id ?? g?.id ?? '',
      r ? String(r.version) : (g?.state ?? ''),
      r ? toDay(r.periodStart) : g ? toDay(g.effectiveStart) : '',
      r ? toDay(r.periodEnd) : g?.effectiveEnd ? toDay(g.effectiveEnd) : '',
      r?.documentSha256 ?? '',
      r?.downloadedAt ?? '',
      r?.downloadedBy ?? '',
      r?.origin ?? g?.origin ?? '',
      String(a.requirements.length),
      a.requirements.join(LIST),
      a.controls.join(LIST),
      asOf,
      evidence.manifest.id,
      attestationRef(input.refs, a) ?? '',
    ];
  });
}
