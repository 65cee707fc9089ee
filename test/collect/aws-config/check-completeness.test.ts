/** Completeness per compliance type against what AWS says about each rule. */
import { describe, expect, it } from 'vitest';
import { checkCompleteness, toShortfallGaps } from '../../../src/collect/aws-config/check-completeness.js';
import type { AwsRuleCompliance, CollectedByType, Shortfall } from '../../../src/collect/aws-config/check-completeness.js';

const got = (c: number, n: number, na = 0): CollectedByType => ({ COMPLIANT: c, NON_COMPLIANT: n, NOT_APPLICABLE: na });
const nc = (count: number, capExceeded = false): AwsRuleCompliance => ({ compliance: 'NON_COMPLIANT', nonCompliant: { count, capExceeded } });

describe('checkCompleteness', () => {
  it.each<[string, CollectedByType, AwsRuleCompliance, string[]]>([
    ['NON_COMPLIANT as counted', got(5, 3), nc(3), []],
    ['NON_COMPLIANT short of the count', got(5, 2), nc(3), ['NON_COMPLIANT: AWS counts 3 NON_COMPLIANT, 2 collected']],
    ['more than the count (a lagging summary) is no loss', got(5, 4), nc(3), []],
    ['capped count reached', got(0, 100), nc(100, true), []],
    ['capped count not reached', got(0, 60), nc(100, true), ['NON_COMPLIANT: AWS counts more than 100 NON_COMPLIANT, 60 collected']],
    ['NON_COMPLIANT rule without a count, none collected', got(3, 0), { compliance: 'NON_COMPLIANT' }, ['NON_COMPLIANT: AWS reports the rule NON_COMPLIANT, no NON_COMPLIANT result collected']],
    ['COMPLIANT rule with a COMPLIANT result', got(1, 0, 4), { compliance: 'COMPLIANT' }, []],
    ['COMPLIANT rule without one', got(0, 0, 4), { compliance: 'COMPLIANT' }, ['COMPLIANT: AWS reports the rule COMPLIANT, no COMPLIANT result collected']],
    ['INSUFFICIENT_DATA rule, only NOT_APPLICABLE', got(0, 0, 7), { compliance: 'INSUFFICIENT_DATA' }, []],
  ])('%s', (_what, collected, aws, expected) => {
    expect(checkCompleteness(collected, aws).map((s) => `${s.complianceType}: ${s.detail}`)).toEqual(expected);
  });
});

describe('toShortfallGaps', () => {
  it('one gap per compliance type, naming the first rules and how many more', () => {
    const byRule = new Map<string, Shortfall[]>(Array.from({ length: 7 }, (_, i) => [`rule-${i}`, [{ complianceType: 'NON_COMPLIANT' as const, detail: `AWS counts ${i + 2} NON_COMPLIANT, 1 collected` }]]));
    byRule.set('rule-c', [{ complianceType: 'COMPLIANT', detail: 'AWS reports the rule COMPLIANT, no COMPLIANT result collected' }]);
    const gaps = toShortfallGaps({ account: '111122223333', region: 'eu-west-1' }, byRule);
    expect(gaps.map((g) => [g.code, g.complianceType, g.action])).toEqual([
      ['ResultsIncomplete', 'NON_COMPLIANT', undefined],
      ['ResultsIncomplete', 'COMPLIANT', undefined],
    ]);
    expect(gaps[0]?.message).toMatch(/^NON_COMPLIANT results in 111122223333 eu-west-1 fall short of what AWS reports for 7 rule\(s\): rule-0 \(AWS counts 2 NON_COMPLIANT, 1 collected\);.*; and 2 more\.$/);
  });
});
