/**
 * Which evidence references a requirement cites: for each deciding part (a rule, a manual evidence
 * kind, an attestation) the pieces of evidence behind it inside the framework's scope, and the
 * same for the supporting rules. One derivation for the CSVs, the PDF and the workbook. Pure.
 */
import type { EvidenceRefs } from '../domain/evidence-refs.js';
import { compareRefs, manualKey, reportKey } from '../domain/evidence-refs.js';
import type { AttestationEvidence, EvidencePart, ManualEvidenceResult, PackInput, RequirementResult } from '../domain/result.js';
import { inScopeLocation, type FrameworkScope } from '../domain/scope.js';

export interface PartCitation {
  part: EvidencePart;
  /** The pieces behind the part, in ref order (empty: nothing to cite, e.g. a rule deployed nowhere in scope, missing evidence). */
  refs: string[];
}

export interface RequirementCitations {
  deciding: PartCitation[];
  supporting: PartCitation[];
}

/** The manual evidence result a deciding part stands for (the control's, with the record that decided it). */
export function manualOf(input: PackInput, part: EvidencePart): ManualEvidenceResult | undefined {
  return part.kind === 'manual' && part.controlId ? input.result.controls.get(part.controlId)?.manual.find((m) => m.kind === part.id) : undefined;
}

export function attestationOf(input: PackInput, part: EvidencePart): AttestationEvidence | undefined {
  return part.kind === 'attestation' && part.controlId ? input.result.controls.get(part.controlId)?.attestations.find((a) => a.kind === part.id) : undefined;
}

export function manualRef(refs: EvidenceRefs, m: ManualEvidenceResult | undefined): string | undefined {
  return m?.record ? refs.byManual.get(manualKey(m.record)) : undefined;
}

export function attestationRef(refs: EvidenceRefs, a: Pick<AttestationEvidence, 'report' | 'agreement'> | undefined): string | undefined {
  if (a?.report) return refs.byReport.get(reportKey(a.report));
  if (a?.agreement) return refs.byAgreement.get(a.agreement.id);
  return undefined;
}

/** A managed rule's pieces inside the scope's accounts and regions. */
export function ruleRefsInScope(refs: EvidenceRefs, scope: FrameworkScope, identifier: string): string[] {
  return (refs.byRule.get(identifier) ?? []).filter((ref) => {
    const e = refs.entries[refs.index.get(ref) as number];
    return e !== undefined && inScopeLocation(scope, e.account, e.region);
  });
}

function partRefs(input: PackInput, part: EvidencePart): string[] {
  const { refs } = input;
  if (part.kind === 'rule') return ruleRefsInScope(refs, input.evidence.scope, part.id);
  const ref = part.kind === 'manual' ? manualRef(refs, manualOf(input, part)) : attestationRef(refs, attestationOf(input, part));
  return ref === undefined ? [] : [ref];
}

export function toRequirementCitations(input: PackInput, req: RequirementResult): RequirementCitations {
  return {
    deciding: req.deciding.map((part) => ({ part, refs: partRefs(input, part) })),
    supporting: req.supporting.map((part) => ({ part, refs: partRefs(input, part) })),
  };
}

/** Every ref of a list of part citations, each once, in ref order. */
export function allRefs(citations: readonly PartCitation[]): string[] {
  return [...new Set(citations.flatMap((c) => c.refs))].sort(compareRefs);
}
