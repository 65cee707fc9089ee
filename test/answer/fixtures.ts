/** Evaluated control and requirement results for the answer tests. */
import type { CitedRequirement } from '../../src/answer/judge-requirement.js';
import type { ControlResult, EvidencePart, ManualEvidenceResult, RequirementResult, RuleEvidence } from '../../src/domain/result.js';
import { STATUS_LABELS, type Status } from '../../src/domain/status.js';

export function rule(identifier: string, compliant: number, nonCompliant = 0): RuleEvidence {
  return {
    identifier,
    ruleNames: [identifier.toLowerCase()],
    deployments: 2,
    counts: { COMPLIANT: compliant, NON_COMPLIANT: nonCompliant, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 },
    excepted: 0,
    exceptionIds: [],
    lapsedExceptionIds: [],
    failingTotal: nonCompliant,
    failing: [],
  };
}

export function manual(kind: string, title: string, collectedOn: string, validUntil: string, status: ManualEvidenceResult['status'] = 'current'): ManualEvidenceResult {
  return { kind, title: kind, status, record: { id: `ev-${kind}`, kind, title, owner: 'Owner (Jo)', collectedOn, validUntil, location: 'documents/x.md', integrity: 'verified' } };
}

export function control(id: string, status: Status, parts: Partial<ControlResult> = {}): ControlResult {
  return {
    controlId: id,
    title: id,
    family: 'f',
    responsibility: 'customer',
    aws: 'AWS offers the service.',
    customer: 'You configure it.',
    services: [],
    status,
    reasons: [`${id} is ${status}`],
    automated: [],
    attestations: [],
    manual: [],
    gaps: [],
    remediation: 'r',
    ...parts,
  };
}

/** An evaluated requirement with its deciding evidence parts. */
export function requirement(requirementId: string, status: Status, deciding: EvidencePart[], parts: Partial<RequirementResult> = {}): RequirementResult {
  return {
    requirementId,
    title: `Requirement ${requirementId}`,
    assessable: true,
    depth: 1,
    status,
    frameworkStatus: STATUS_LABELS[status],
    reasons: [`${requirementId} is ${status}`],
    responsibility: 'customer',
    controls: [...new Set(deciding.map((d) => d.controlId ?? ''))].filter(Boolean),
    supportingControls: [],
    deciding,
    supporting: [],
    ...parts,
  };
}

export function part(kind: EvidencePart['kind'], id: string, controlId: string, status: Status): EvidencePart {
  return { kind, id, controlId, status, reason: `${id} is ${status}.` };
}

/** A requirement as an answer cites it: with its framework's controls and scope. */
export function cited(framework: string, result: RequirementResult, controls: readonly ControlResult[]): CitedRequirement {
  return { framework, result, controls: new Map(controls.map((c) => [c.controlId, c])), scope: 'the whole snapshot' };
}
