/**
 * One requirement from the evidence that tests it (ARCHITECTURE "Deciding and supporting
 * evidence"). Only the deciding rules, manual evidence kinds and attestations combine into its
 * status; the related rules are evaluated too, and shown, but never lower or raise it. Pure.
 */
import type { Requirement } from '../domain/catalog.js';
import { toRequirementEvidence, type RequirementEvidence } from '../domain/requirement-evidence.js';
import type { EvidencePart } from '../domain/result.js';
import type { Responsibility, Status } from '../domain/status.js';
import { emptyRuleEvidence } from './accumulate-evidence.js';
import { combineStatuses } from './combine-statuses.js';
import {
  attestationPart,
  automatedParts,
  controlSpecificKinds,
  evaluateRule,
  manualPart,
  manualResult,
  matchAttestation,
  toReasons,
  type ControlContext,
} from './evaluate-control.js';

export interface RequirementEvaluation {
  status: Status;
  reasons: string[];
  responsibility: Responsibility;
  deciding: EvidencePart[];
  supporting: EvidencePart[];
  evidence: RequirementEvidence;
}

export function evaluateRequirement(req: Requirement, ctx: ControlContext): RequirementEvaluation {
  const evidence = toRequirementEvidence(ctx.catalog, req);
  const ruleOf = (id: string) => ctx.evidence.rules.get(id) ?? emptyRuleEvidence(id);

  const rules = automatedParts(evidence.rules.map((r) => ruleOf(r.id)), ctx);
  const deciding: EvidencePart[] = rules.parts.map(({ identifier, part }, i) => ({
    kind: 'rule',
    id: identifier,
    controlId: evidence.rules[i]?.controlId ?? '',
    ...part,
  }));

  const manual = [...evidence.manual];
  if (req.decides?.manual === undefined) {
    // A register row written against a deciding control (kind `control:<id>`) decides it too.
    for (const controlId of evidence.controls) {
      const control = ctx.catalog.controls.get(controlId);
      if (control) for (const kind of controlSpecificKinds(control, ctx)) manual.push({ id: kind, controlId });
    }
  }
  for (const m of manual) deciding.push({ kind: 'manual', id: m.id, controlId: m.controlId, ...manualPart(manualResult(m.id, ctx)) });
  for (const a of evidence.attestations) deciding.push({ kind: 'attestation', id: a.id, controlId: a.controlId, ...attestationPart(matchAttestation(a.id, ctx)) });
  if (evidence.responsibility !== 'customer' && evidence.attestations.length === 0) {
    const aws = evidence.controls.find((id) => ctx.catalog.controls.get(id)?.responsibility.model !== 'customer') ?? '';
    deciding.push({ kind: 'attestation', id: 'none', controlId: aws, status: 'needs-evidence', reason: 'The AWS side of this requirement names no attestation to rely on.' });
  }

  const supportingOwner = new Map<string, string>();
  for (const controlId of [...evidence.controls, ...evidence.supportingControls]) {
    for (const r of ctx.catalog.controls.get(controlId)?.evidence.configRules ?? []) if (!supportingOwner.has(r)) supportingOwner.set(r, controlId);
  }
  const supporting: EvidencePart[] = ctx.configCollected
    ? evidence.supportingRules.map((id) => {
        const controlId = supportingOwner.get(id);
        return { kind: 'rule', id, ...(controlId ? { controlId } : {}), ...evaluateRule(ruleOf(id), ctx) };
      })
    : [];

  if (deciding.length === 0) {
    return {
      status: 'needs-evidence',
      reasons: ['No evidence that tests this requirement is mapped: it must be assessed by hand.'],
      responsibility: evidence.responsibility,
      deciding,
      supporting,
      evidence,
    };
  }
  const parts = deciding.map((p) => ({ status: p.status, reason: p.reason }));
  return {
    status: combineStatuses(parts.map((p) => p.status)),
    reasons: toReasons(parts, rules),
    responsibility: evidence.responsibility,
    deciding,
    supporting,
    evidence,
  };
}
