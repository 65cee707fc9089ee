/**
 * AWS Config collection of one account through the real SDK over HTTP against the local endpoint:
 * pagination, more than 25 rules, conformance-pack names, throttling, 500s, AccessDenied, a recorder
 * that is off, a region that is not enabled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateOrganisation, startFakeAws, totalResults } from '../../helpers/fake-config-endpoint.js';
import type { FakeAws, FakeEstate } from '../../helpers/fake-config-endpoint.js';
import { collectFromFake } from './collect-helpers.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** One account, two regions, 40 rules per region; rule r has (r * 37) % 260 results (up to 3 pages of 100). */
function estate(): FakeEstate {
  return generateOrganisation({ accounts: 1, regions: ['us-east-1', 'eu-west-1'], rules: 40, resultsPerRule: (r) => (r * 37) % 260 });
}
const ACCOUNT = '100000000000';
const KEY = `AKID${ACCOUNT}`;

describe('collect one account', () => {
  it('collects every rule and every result across pages, with identifiers and pack names', async () => {
    const e = estate();
    fake = await startFakeAws(e);
    const { sink, plan, progress } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'eu-west-1'] });

    expect(plan.callerAccount).toBe(ACCOUNT);
    expect(sink.gaps).toEqual([]);
    expect(sink.records.configRules).toHaveLength(80);
    // Every result served, each exactly once.
    expect(sink.records.evaluations).toHaveLength(totalResults(e));
    expect(fake.stats.resultsServed).toBe(totalResults(e));
    const keys = new Set(sink.records.evaluations.map((r) => `${r.region}|${r.ruleName}|${r.resourceId}`));
    expect(keys.size).toBe(totalResults(e));
    // More than 25 rules: DescribeConfigRules paged (25 per page), the compliance check batched by 25 names.
    expect(fake.stats.byOperation.DescribeConfigRules).toBe(4);
    expect(fake.stats.byOperation.DescribeComplianceByConfigRule).toBe(4);
    // A pack rule counts as its managed rule; custom rules are kept and flagged.
    const packRule = sink.records.configRules.find((r) => r.ruleName.startsWith('s3-bucket-public-read-prohibited-conformance-pack-'));
    expect(packRule).toMatchObject({ sourceOwner: 'AWS', sourceIdentifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', conformancePack: 'Operational-Best-Practices-for-HIPAA-Security' });
    const custom = sink.records.configRules.filter((r) => r.sourceOwner === 'CUSTOM_LAMBDA');
    expect(custom).toHaveLength(10);
    expect(custom[0]?.sourceIdentifier).toMatch(/^arn:aws:lambda:/);
    const packResults = sink.records.evaluations.filter((r) => r.ruleName.startsWith('s3-bucket-public-read-prohibited-conformance-pack-'));
    expect(packResults.length).toBeGreaterThan(0);
    expect(new Set(packResults.map((r) => r.sourceIdentifier))).toEqual(new Set(['S3_BUCKET_PUBLIC_READ_PROHIBITED']));
    // Every compliance type, annotations on failures, epoch seconds back to ISO.
    const types = new Set(sink.records.evaluations.map((r) => r.complianceType));
    expect([...types].sort()).toEqual(['COMPLIANT', 'INSUFFICIENT_DATA', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
    expect(sink.records.evaluations.find((r) => r.complianceType === 'NON_COMPLIANT')?.annotation).toMatch(/fails check/);
    expect(sink.records.evaluations[0]?.recordedAt).toMatch(/^2026-11-01T\d\d:\d\d:\d\d\.000Z$/);
    expect(sink.records.conformancePacks).toHaveLength(2);
    expect(sink.records.resourceCounts).toHaveLength(4);
    expect(sink.sources).toHaveLength(2);
    expect(sink.sources.every((s) => s.status === 'collected')).toBe(true);
    expect(sink.sources.find((s) => s.region === 'us-east-1')?.counts).toMatchObject({ rules: 40, resources: 13 });
    expect(progress.calls.total).toBe(fake.stats.requests);
  });

  it('rides out a throttling storm and 500s: every result still collected', async () => {
    const e = estate();
    fake = await startFakeAws(e, {
      faults: [
        { operation: 'GetComplianceDetailsByConfigRule', status: 400, code: 'ThrottlingException', message: 'Rate exceeded', every: 2 },
        { operation: 'DescribeConfigRules', status: 400, code: 'ThrottlingException', every: 1, times: 5 },
        { status: 500, code: 'InternalFailure', every: 7 },
        { operation: 'GetDiscoveredResourceCounts', status: 503, code: 'ServiceUnavailable', every: 1, times: 3 },
      ],
    });
    const { sink, progress } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'eu-west-1'] });
    expect(fake.stats.faults).toBeGreaterThan(100);
    expect(progress.calls.throttled).toBeGreaterThan(100);
    expect(sink.gaps).toEqual([]);
    expect(sink.records.evaluations).toHaveLength(totalResults(e));
    expect(new Set(sink.records.evaluations.map((r) => `${r.region}|${r.ruleName}|${r.resourceId}`)).size).toBe(totalResults(e));
  });

  it('records AccessDenied in one region as a gap with the missing IAM action, and collects the other', async () => {
    fake = await startFakeAws(estate(), { faults: [{ operation: 'DescribeConfigRules', region: 'eu-west-1', status: 400, code: 'AccessDeniedException', message: 'User is not authorized to perform: config:DescribeConfigRules' }] });
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'eu-west-1'] });
    expect(sink.gaps).toEqual([
      expect.objectContaining({ source: 'aws-config', account: ACCOUNT, region: 'eu-west-1', code: 'AccessDeniedException', action: 'config:DescribeConfigRules' }),
    ]);
    expect(sink.sources.find((s) => s.region === 'eu-west-1')?.status).toBe('gap');
    expect(sink.sources.find((s) => s.region === 'us-east-1')?.status).toBe('collected');
    expect(sink.records.configRules.every((r) => r.region === 'us-east-1')).toBe(true);
    expect(sink.records.evaluations.length).toBeGreaterThan(0);
  });

  it('gives up on a call that keeps failing, records the gap, and collects the rest', async () => {
    const e = estate();
    const rule = e.regions[0]?.rules[3]?.name ?? '';
    fake = await startFakeAws(e, { faults: [{ operation: 'GetComplianceDetailsByConfigRule', region: 'us-east-1', status: 500, code: 'InternalFailure' }] });
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'eu-west-1'], retryRounds: 1 });
    const gap = sink.gaps.find((g) => g.region === 'us-east-1');
    expect(gap).toMatchObject({ code: 'InternalFailure' });
    expect(gap?.message).toContain('rules in all could not be read');
    expect(gap?.action).toBeUndefined();
    expect(sink.records.evaluations.filter((r) => r.region === 'eu-west-1').length).toBe(e.regions[1]?.rules.reduce((n, r) => n + (Array.isArray(r.results) ? r.results.length : r.results.count), 0));
    expect(rule).not.toBe('');
  });

  it('a recorder that is off or failing is a gap for that region', async () => {
    const e = estate();
    (e.regions[1] as { recorder: string }).recorder = 'off';
    (e.regions[0] as { recorder: string }).recorder = 'failing';
    fake = await startFakeAws(e);
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'eu-west-1'] });
    expect(sink.gaps.map((g) => [g.region, g.code, g.action]).sort()).toEqual([
      ['eu-west-1', 'ConfigurationRecorderNotRecording', 'config:StartConfigurationRecorder'],
      ['us-east-1', 'AccessDenied', undefined],
    ]);
    expect(sink.sources.every((s) => s.status === 'gap')).toBe(true);
  });

  it('a region that is not enabled is a gap; the others are collected', async () => {
    fake = await startFakeAws(estate(), { faults: [{ region: 'ap-east-1', status: 400, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }] });
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'ap-east-1'] });
    expect(sink.gaps).toHaveLength(1);
    expect(sink.gaps[0]).toMatchObject({ region: 'ap-east-1', code: 'UnrecognizedClientException' });
    expect(sink.gaps[0]?.message).toMatch(/not enabled/);
    expect(fake.stats.byOperation.DescribeConfigRules).toBe(2); // us-east-1 only; ap-east-1 stopped at the first refusal
  });
});
