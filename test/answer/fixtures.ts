/** Evaluated control results for the answer tests. */
import type { ControlResult, ManualEvidenceResult, RuleEvidence } from '../../src/domain/result.js';
import type { Status } from '../../src/domain/status.js';

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
