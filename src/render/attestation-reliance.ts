/**
 * "AWS attestations relied upon": for one framework's pack, each AWS attestation the AWS side of
 * its requirements rests on (the SOC 2 report, the PCI DSS AOC, the BAA...), what the snapshot
 * found for it (report or agreement, version, period, document sha256, or why it is missing or
 * stale), and the requirements that rely on it. Pure; shared by the PDF section and
 * attestations.csv.
 */
import type { AttestationEvidence, PackInput } from '../domain/result.js';

export interface AttestationReliance {
  /** Attestation kind id (frameworks/evidence-kinds.yaml). */
  kind: string;
  title: string;
  status: AttestationEvidence['status'];
  reason: string;
  report?: AttestationEvidence['report'];
  agreement?: AttestationEvidence['agreement'];
  /** Assessable requirements of this framework whose AWS side rests on it, in catalog order. */
  requirements: string[];
  /** The common controls that name it. */
  controls: string[];
}

export interface AttestationRelianceSummary {
  attestations: AttestationReliance[];
  /** Assessable requirements with an AWS side (inherited or shared) whose controls name no attestation. */
  uncited: string[];
  /** Requirements with an AWS side that rely on at least one attestation. */
  relying: number;
}

/** Does the requirement count for reliance? Assessable and not out of scope. */
function counts(status: string, assessable: boolean): boolean {
  return assessable && status !== 'not-applicable';
}

export function toAttestationReliance(input: PackInput): AttestationRelianceSummary {
  const { result } = input;
  const byKind = new Map<string, AttestationReliance>();
  const uncited: string[] = [];
  let relying = 0;
  for (const req of result.requirements) {
    if (!counts(req.status, req.assessable)) continue;
    if (req.responsibility === 'customer') continue;
    let cited = 0;
    for (const p of req.deciding) {
      if (p.kind !== 'attestation') continue;
      const c = p.controlId ? result.controls.get(p.controlId) : undefined;
      const a = c?.attestations.find((x) => x.kind === p.id);
      if (!c || !a) continue;
      cited += 1;
      let entry = byKind.get(a.kind);
      if (!entry) {
        entry = {
          kind: a.kind,
          title: a.title,
          status: a.status,
          reason: a.reason,
          ...(a.report ? { report: a.report } : {}),
          ...(a.agreement ? { agreement: a.agreement } : {}),
          requirements: [],
          controls: [],
        };
        byKind.set(a.kind, entry);
      }
      if (!entry.controls.includes(c.controlId)) entry.controls.push(c.controlId);
      if (!entry.requirements.includes(req.requirementId)) entry.requirements.push(req.requirementId);
    }
    if (cited === 0) uncited.push(req.requirementId);
    else relying += 1;
  }
  const attestations = [...byKind.values()]
    .map((a) => ({ ...a, controls: [...a.controls].sort() }))
    .sort((a, b) => b.requirements.length - a.requirements.length || a.title.localeCompare(b.title));
  return { attestations, uncited, relying };
}

/** One sentence per framework: how many requirements rely on which attestation. */
export function toRelianceNote(frameworkName: string, s: AttestationRelianceSummary): string {
  if (s.attestations.length === 0) return `No ${frameworkName} requirement in this pack relies on an AWS attestation.`;
  const parts = s.attestations.map((a) => `${a.requirements.length} on the ${a.title} (${a.status})`);
  const uncited = s.uncited.length > 0 ? ` ${s.uncited.length} requirement(s) with an AWS side name no attestation: ${s.uncited.join(', ')}.` : '';
  return `${s.relying} ${frameworkName} requirement${s.relying === 1 ? '' : 's'} rely on AWS attestations for the AWS side: ${parts.join('; ')}.${uncited}`;
}
