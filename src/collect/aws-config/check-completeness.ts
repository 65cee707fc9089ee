/**
 * Completeness per compliance type: what was collected for a rule against what AWS itself says about
 * the rule. Pure.
 *
 * What AWS offers (API reference): the rule's own compliance (DescribeComplianceByConfigRule; through
 * an aggregator DescribeAggregateComplianceByConfigRules), which is COMPLIANT, NON_COMPLIANT or
 * INSUFFICIENT_DATA (the Compliance type never holds NOT_APPLICABLE), and for NON_COMPLIANT the number
 * of noncompliant resources (ComplianceContributorCount, capped: CapExceeded says the real number is
 * higher). There is no count of COMPLIANT or NOT_APPLICABLE results anywhere, so:
 *   NON_COMPLIANT  collected must reach AWS's count (the cap, when capped);
 *   COMPLIANT      a COMPLIANT rule has at least one COMPLIANT result and no NON_COMPLIANT one
 *                  ("a rule is compliant if all of the resources that the rule evaluates comply with it");
 *   NOT_APPLICABLE no count exists: paged to the end, never checked (a stated limit of both routes).
 * Collecting MORE than AWS's count is not a loss (its summary can lag its results) and is not a gap.
 */
import type { Gap } from '../../domain/snapshot.js';
import type { ComplianceType } from '../../domain/status.js';

/** Results collected for one rule, by compliance type. */
export interface CollectedByType {
  COMPLIANT: number;
  NON_COMPLIANT: number;
  NOT_APPLICABLE: number;
}

/** What AWS says about a rule. */
export interface AwsRuleCompliance {
  compliance: ComplianceType;
  /** NON_COMPLIANT rules: the noncompliant resource count and whether it is capped. */
  nonCompliant?: { count: number; capExceeded: boolean };
}

export interface Shortfall {
  complianceType: ComplianceType;
  /** e.g. "AWS counts 12 NON_COMPLIANT, 9 collected". */
  detail: string;
}

export function emptyByType(): CollectedByType {
  return { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
}

/** Where the collected results fall short of what AWS says, per compliance type. */
export function checkCompleteness(got: CollectedByType, aws: AwsRuleCompliance): Shortfall[] {
  const out: Shortfall[] = [];
  if (aws.compliance === 'NON_COMPLIANT') {
    const n = aws.nonCompliant;
    if (n && got.NON_COMPLIANT < n.count) {
      out.push({ complianceType: 'NON_COMPLIANT', detail: `AWS counts ${n.capExceeded ? 'more than ' : ''}${n.count} NON_COMPLIANT, ${got.NON_COMPLIANT} collected` });
    } else if (!n && got.NON_COMPLIANT === 0) {
      out.push({ complianceType: 'NON_COMPLIANT', detail: 'AWS reports the rule NON_COMPLIANT, no NON_COMPLIANT result collected' });
    }
  }
  if (aws.compliance === 'COMPLIANT' && got.COMPLIANT === 0) {
    out.push({ complianceType: 'COMPLIANT', detail: 'AWS reports the rule COMPLIANT, no COMPLIANT result collected' });
  }
  return out;
}

/**
 * Shortfalls of many rules as gaps: one per compliance type for the account/region, naming the first
 * few rules with AWS's figure and ours, then how many more. `ResultsIncomplete`, with its type.
 */
export function toShortfallGaps(where: { account: string; region: string }, byRule: ReadonlyMap<string, readonly Shortfall[]>, shown = 5): Gap[] {
  const perType = new Map<ComplianceType, string[]>();
  for (const [rule, list] of byRule) {
    for (const s of list) perType.set(s.complianceType, [...(perType.get(s.complianceType) ?? []), `${rule} (${s.detail})`]);
  }
  return [...perType].map(([complianceType, lines]) => ({
    source: 'aws-config' as const,
    account: where.account,
    region: where.region,
    code: 'ResultsIncomplete',
    complianceType,
    message: `${complianceType} results in ${where.account} ${where.region} fall short of what AWS reports for ${lines.length} rule(s): ${lines.slice(0, shown).join('; ')}${lines.length > shown ? `; and ${lines.length - shown} more` : ''}.`,
  }));
}
