/** An empty fold of one managed rule's results: what a rule deployed nowhere shows. Pure. */
import type { RuleEvidence } from './result.js';
import { COMPLIANCE_TYPES, type ComplianceType } from './status.js';

export function emptyCounts(): Record<ComplianceType, number> {
  return Object.fromEntries(COMPLIANCE_TYPES.map((t) => [t, 0])) as Record<ComplianceType, number>;
}

export function emptyRuleEvidence(identifier: string): RuleEvidence {
  return {
    identifier,
    ruleNames: [],
    deployments: 0,
    counts: emptyCounts(),
    excepted: 0,
    exceptionIds: [],
    lapsedExceptionIds: [],
    failingTotal: 0,
    failing: [],
  };
}
