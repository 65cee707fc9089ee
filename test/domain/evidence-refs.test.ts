import { describe, expect, it } from 'vitest';
import { addToTally, compareRefs, createRuleRefLookup, toEvidenceRefs, toRefRanges, toRuleRefPlan, withOrphans, type EvidenceRefSources, type EvidenceTally } from '../../src/domain/evidence-refs.js';
import type { ConfigRuleRecord, ManualEvidenceRecord } from '../../src/domain/snapshot.js';

const rule = (account: string, region: string, ruleName: string, sourceIdentifier: string, sourceOwner: ConfigRuleRecord['sourceOwner'] = 'AWS'): ConfigRuleRecord => ({ account, region, ruleName, sourceIdentifier, sourceOwner });
const manual = (id: string, kind: string): ManualEvidenceRecord => ({ id, kind, title: id, owner: 'o', collectedOn: '2026-01-01', validUntil: '2027-01-01', location: `docs/${id}.md` });

function sources(): EvidenceRefSources {
  return {
    configRules: [
      rule('222222222222', 'us-east-1', 's3-encrypted-pack-a', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED'),
      rule('111111111111', 'us-east-1', 's3-encrypted-pack-a', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED'),
      rule('111111111111', 'us-east-1', 'securityhub-s3-encrypted-x', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED'),
      rule('111111111111', 'eu-west-1', 's3-encrypted-pack-b', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED'),
      rule('111111111111', 'us-east-1', 'access-keys-rotated', 'ACCESS_KEYS_ROTATED'),
      rule('111111111111', 'us-east-1', 'my-custom-check', 'CUSTOM_POLICY', 'CUSTOM_POLICY'),
      rule('111111111111', 'us-east-1', 'another-custom', 'CUSTOM_POLICY', 'CUSTOM_POLICY'),
    ],
    manualEvidence: [manual('ev-risk', 'risk-assessment'), manual('ev-aup', 'acceptable-use-policy')],
    artifactReports: [
      { id: 'report-b', name: 'SOC 2', category: 'c', series: 'SOC', version: 2, periodStart: '2025-07-01', periodEnd: '2026-06-30' },
      { id: 'report-a', name: 'PCI AOC', category: 'c', series: 'PCI', version: 1, periodStart: '2026-01-15', periodEnd: '2027-01-14' },
    ],
    artifactAgreements: [{ id: 'agreement-1', name: 'BAA', type: 'STANDARD', state: 'ACTIVE', effectiveStart: '2024-01-01' }],
  };
}

describe('toEvidenceRefs', () => {
  it('numbers the register, then the Artifact records, then each rule per account/region, then custom rules', () => {
    const refs = toEvidenceRefs(sources());
    expect(refs.entries.map((e) => [e.ref, e.kind, e.manual?.id ?? e.report?.id ?? e.agreement?.id ?? `${e.ruleIdentifier} ${e.account} ${e.region}`])).toEqual([
      ['EV-0001', 'manual-evidence', 'ev-aup'],
      ['EV-0002', 'manual-evidence', 'ev-risk'],
      ['EV-0003', 'aws-attestation', 'report-a'],
      ['EV-0004', 'aws-attestation', 'report-b'],
      ['EV-0005', 'aws-attestation', 'agreement-1'],
      ['EV-0006', 'config-rule-results', 'ACCESS_KEYS_ROTATED 111111111111 us-east-1'],
      ['EV-0007', 'config-rule-results', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED 111111111111 eu-west-1'],
      ['EV-0008', 'config-rule-results', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED 111111111111 us-east-1'],
      ['EV-0009', 'config-rule-results', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED 222222222222 us-east-1'],
      ['EV-0010', 'config-rule-results', 'CUSTOM_POLICY 111111111111 us-east-1'],
      ['EV-0011', 'config-rule-results', 'CUSTOM_POLICY 111111111111 us-east-1'],
    ]);
    // One managed rule's deployed names in one pair are one piece; custom rules are pieces by name.
    expect(refs.entries[7]?.ruleNames).toEqual(['s3-encrypted-pack-a', 'securityhub-s3-encrypted-x']);
    expect(refs.byDeployment.get('111111111111|us-east-1|securityhub-s3-encrypted-x')).toBe('EV-0008');
    expect(refs.entries[9]?.ruleNames).toEqual(['another-custom']);
    expect(refs.byRule.get('S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED')).toEqual(['EV-0007', 'EV-0008', 'EV-0009']);
    expect(refs.byRule.has('CUSTOM_POLICY')).toBe(false);
  });

  it('gives the same refs whatever order the records come in', () => {
    const s = sources();
    const shuffled: EvidenceRefSources = {
      configRules: [...s.configRules].reverse(),
      manualEvidence: [...s.manualEvidence].reverse(),
      artifactReports: [...s.artifactReports].reverse(),
      artifactAgreements: [...s.artifactAgreements],
    };
    const strip = (r: ReturnType<typeof toEvidenceRefs>) => r.entries.map((e) => JSON.stringify(e));
    expect(strip(toEvidenceRefs(shuffled))).toEqual(strip(toEvidenceRefs(s)));
  });

  it('widens the number past 9,999 pieces, for every ref alike', () => {
    const configRules = Array.from({ length: 10_000 }, (_, i) => rule('111111111111', 'us-east-1', `r${i}`, `RULE_${String(i).padStart(5, '0')}`));
    const refs = toEvidenceRefs({ configRules, manualEvidence: [], artifactReports: [], artifactAgreements: [] });
    expect(refs.entries[0]?.ref).toBe('EV-00001');
    expect(refs.entries.at(-1)?.ref).toBe('EV-10000');
  });

  it('cites a result whose deployed rule the snapshot does not list as a piece of its own, after every other, alike in every writer', () => {
    const refs = toEvidenceRefs(sources());
    const plan = toRuleRefPlan(refs);
    const results = [
      { account: '111111111111', region: 'us-east-1', ruleName: 'access-keys-rotated', sourceIdentifier: 'ACCESS_KEYS_ROTATED' },
      { account: '333333333333', region: 'us-east-1', ruleName: 'gone', sourceIdentifier: 'IAM_ROOT_ACCESS_KEY_CHECK' },
      { account: '333333333333', region: 'us-east-1', ruleName: 'gone', sourceIdentifier: 'IAM_ROOT_ACCESS_KEY_CHECK' },
    ];
    // Two writers (two worker threads) of one run see the same results in the same order.
    const [a, b] = [createRuleRefLookup(plan), createRuleRefLookup(plan)];
    expect(results.map((r) => a.refOf(r))).toEqual(['EV-0006', 'EV-0012', 'EV-0012']);
    expect(results.map((r) => b.refOf(r))).toEqual(['EV-0006', 'EV-0012', 'EV-0012']);
    expect(b.orphans).toEqual(a.orphans);
    const all = withOrphans(refs, a.orphans);
    expect(all.entries.at(-1)).toMatchObject({ ref: 'EV-0012', orphan: true, account: '333333333333', ruleIdentifier: 'IAM_ROOT_ACCESS_KEY_CHECK' });
    expect(all.index.get('EV-0012')).toBe(11);
    expect(refs.entries).toHaveLength(11);
  });

  it('tallies each piece by compliance type in scope, excepted results, and the rows outside the scope', () => {
    const tally: EvidenceTally = new Map();
    addToTally(tally, 'EV-0001', 'COMPLIANT', true, false, 3);
    addToTally(tally, 'EV-0001', 'NON_COMPLIANT', true, true, 4);
    addToTally(tally, 'EV-0001', 'NON_COMPLIANT', false, false, 9);
    expect(tally.get('EV-0001')).toEqual({ inScope: { COMPLIANT: 1, NON_COMPLIANT: 1, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 }, excepted: 1, outOfScope: 1, firstRow: 3, rows: 3 });
  });
});

describe('toRefRanges and compareRefs', () => {
  it('writes runs of consecutive refs as ranges', () => {
    expect(toRefRanges(['EV-0007', 'EV-0003', 'EV-0004', 'EV-0005', 'EV-0009', 'EV-0010'])).toBe('EV-0003–EV-0005, EV-0007, EV-0009, EV-0010');
    expect(toRefRanges([])).toBe('');
  });
  it('orders by number', () => {
    expect(['EV-10000', 'EV-9999', 'EV-0002'].sort(compareRefs)).toEqual(['EV-0002', 'EV-9999', 'EV-10000']);
  });
});
