/**
 * AWS Config collection of one account through the real SDK over HTTP against the local endpoint:
 * every compliance type asked for by name (the endpoint, like the API reference allows AWS to, gives
 * only COMPLIANT and NON_COMPLIANT when the filter is omitted), completeness per type against AWS's
 * own counts, pagination, more than 25 rules, conformance-pack names, throttling, 500s, AccessDenied,
 * a recorder that is off, absent or failing, a region that is not enabled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateOrganisation, resultsByType, startFakeAws, totalResults } from '../../helpers/fake-config-endpoint.js';
import type { FakeAws, FakeEstate, FakeRequest } from '../../helpers/fake-config-endpoint.js';
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
const byType = (records: { complianceType: string }[]) => {
  const out: Record<string, number> = {};
  for (const r of records) out[r.complianceType] = (out[r.complianceType] ?? 0) + 1;
  return out;
};

describe('collect one account', () => {
  it('collects every rule and every result of every type across pages, with identifiers and pack names', async () => {
    const e = estate();
    fake = await startFakeAws(e);
    const requests: FakeRequest[] = [];
    fake.onRequest = (r) => requests.push(r);
    const { sink, plan, progress } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'eu-west-1'] });

    expect(plan.callerAccount).toBe(ACCOUNT);
    expect(sink.gaps).toEqual([]);
    expect(sink.records.configRules).toHaveLength(80);
    // Every result served, each exactly once, and per compliance type exactly the estate's.
    expect(sink.records.evaluations).toHaveLength(totalResults(e));
    expect(byType(sink.records.evaluations)).toEqual(resultsByType(e));
    expect(resultsByType(e).NOT_APPLICABLE).toBeGreaterThan(0);
    const keys = new Set(sink.records.evaluations.map((r) => `${r.region}|${r.ruleName}|${r.resourceId}`));
    expect(keys.size).toBe(totalResults(e));
    // Asked for every type the filter accepts, at the documented maximum page, never relying on a default.
    const details = requests.filter((r) => r.op === 'GetComplianceDetailsByConfigRule');
    expect(details.every((r) => JSON.stringify(r.body.ComplianceTypes) === '["COMPLIANT","NON_COMPLIANT","NOT_APPLICABLE"]' && r.body.Limit === 100)).toBe(true);
    const summaries = requests.filter((r) => r.op === 'DescribeComplianceByConfigRule');
    expect(summaries.every((r) => JSON.stringify(r.body.ComplianceTypes) === '["COMPLIANT","NON_COMPLIANT","INSUFFICIENT_DATA"]')).toBe(true);
    // More than 25 rules: DescribeConfigRules paged (25 per page), the compliance check batched by 25 names.
    expect(fake.stats.byOperation.DescribeConfigRules).toBe(4);
    expect(fake.stats.byOperation.DescribeComplianceByConfigRule).toBe(4);
    // A pack rule counts as its managed rule; custom rules are kept and flagged.
    const packRule = sink.records.configRules.find((r) => r.ruleName.startsWith('s3-bucket-public-read-prohibited-conformance-pack-'));
    expect(packRule).toMatchObject({ sourceOwner: 'AWS', sourceIdentifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', conformancePack: 'Operational-Best-Practices-for-HIPAA-Security' });
    const custom = sink.records.configRules.filter((r) => r.sourceOwner === 'CUSTOM_LAMBDA');
    expect(custom).toHaveLength(10);
    expect(custom[0]?.sourceIdentifier).toMatch(/^arn:aws:lambda:/);
    // A rule with no results is INSUFFICIENT_DATA, recorded on the rule (never on a result).
    const empty = sink.records.configRules.find((r) => r.ruleName.startsWith('s3-bucket-public-read-prohibited') && r.region === 'us-east-1');
    expect(empty?.compliance).toBe('INSUFFICIENT_DATA');
    expect(sink.records.configRules.filter((r) => r.compliance === undefined)).toEqual([]);
    expect(sink.records.evaluations.some((r) => r.complianceType === 'INSUFFICIENT_DATA')).toBe(false);
    expect(sink.records.evaluations.find((r) => r.complianceType === 'NON_COMPLIANT')?.annotation).toMatch(/fails check/);
    expect(sink.records.evaluations[0]?.recordedAt).toMatch(/^2026-11-01T\d\d:\d\d:\d\d\.000Z$/);
    expect(sink.records.conformancePacks).toHaveLength(2);
    expect(sink.records.resourceCounts).toHaveLength(4);
    expect(sink.sources).toHaveLength(2);
    expect(sink.sources.every((s) => s.status === 'collected' && s.recorder === 'recording')).toBe(true);
    const east = resultsByType(e, e.regions.filter((r) => r.region === 'us-east-1'));
    expect(sink.sources.find((s) => s.region === 'us-east-1')?.counts).toMatchObject({ rules: 40, resources: 13, ...east, rulesInsufficientData: 1, rulesUnchecked: 0 });
    // The account route's stated limits: no AWS count of COMPLIANT or NOT_APPLICABLE results.
    expect(sink.limits.map((l) => [l.route, l.code, l.effect])).toEqual([
      ['account', 'NoCountOfNotApplicable', 'not-checked'],
      ['account', 'NoCountOfCompliant', 'not-checked'],
    ]);
    expect(progress.calls.total).toBe(fake.stats.requests);
  });

  it('a NON_COMPLIANT result lost on the way (a page without its NextToken) is a gap for that type, naming the rule and both counts', async () => {
    const e = estate();
    fake = await startFakeAws(e);
    // The endpoint "forgets" the NextToken of the first page of rule 7's results in us-east-1.
    const victim = e.regions[0]?.rules[7]?.name ?? '';
    fake.transform = (req, answer) => (req.op === 'GetComplianceDetailsByConfigRule' && req.region === 'us-east-1' && req.body.ConfigRuleName === victim ? { ...answer, NextToken: undefined } : answer);
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1'] });
    const gap = sink.gaps.find((g) => g.code === 'ResultsIncomplete' && g.complianceType === 'NON_COMPLIANT');
    expect(gap).toMatchObject({ account: ACCOUNT, region: 'us-east-1' });
    expect(gap?.message).toContain(victim);
    expect(gap?.message).toMatch(/AWS counts \d+ NON_COMPLIANT, \d+ collected/);
    expect(gap?.action).toBeUndefined();
    expect(sink.sources[0]?.status).toBe('gap');
  });

  it('a COMPLIANT rule whose results never came is a gap for COMPLIANT', async () => {
    const e = generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 3, resultsPerRule: () => 3 });
    // Every result of rule 0 compliant; the endpoint then answers its details with an empty page.
    const rule = e.regions[0]?.rules[0];
    if (rule) rule.results = [0, 1, 2].map((i) => ({ resourceType: 'AWS::S3::Bucket', resourceId: `b${i}`, complianceType: 'COMPLIANT' as const, recordedAt: '2026-11-01T00:00:00Z' }));
    fake = await startFakeAws(e);
    fake.transform = (req, answer) => (req.op === 'GetComplianceDetailsByConfigRule' && req.body.ConfigRuleName === rule?.name ? { EvaluationResults: [] } : answer);
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1'] });
    expect(sink.gaps).toEqual([expect.objectContaining({ code: 'ResultsIncomplete', complianceType: 'COMPLIANT' })]);
    expect(sink.gaps[0]?.message).toContain(`${rule?.name ?? ''} (AWS reports the rule COMPLIANT, no COMPLIANT result collected)`);
  });

  it('a result that is not evidence (no resource, or INSUFFICIENT_DATA, which no result can be) is left out and said, never dropped in silence', async () => {
    const e = generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 2, resultsPerRule: () => 6 });
    fake = await startFakeAws(e);
    fake.transform = (req, answer) => {
      if (req.op !== 'GetComplianceDetailsByConfigRule') return answer;
      const results = [...((answer.EvaluationResults as Record<string, unknown>[] | undefined) ?? [])];
      results[0] = { ...results[0], ComplianceType: 'INSUFFICIENT_DATA' };
      results[1] = { ...results[1], EvaluationResultIdentifier: {} };
      return { ...answer, EvaluationResults: results };
    };
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1'] });
    expect(sink.records.evaluations).toHaveLength(8);
    expect(sink.gaps.find((g) => g.code === 'ResultsUnreadable')?.message).toMatch(/^4 evaluation result\(s\) in 100000000000 us-east-1/);
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
    // The storm as the endpoint answered it (per request and attempt, so the same in every run): about
    // half the results pages throttled at their first attempt, every 7th attempt of any request a 500.
    expect(fake.stats.faultsByCode.ThrottlingException).toBeGreaterThan(80);
    expect(fake.stats.faultsByCode.InternalFailure).toBeGreaterThan(10);
    expect(fake.stats.faultsByCode.ServiceUnavailable).toBe(3);
    // Every throttle was seen as one, and ridden out.
    expect(progress.calls.throttled).toBe(fake.stats.faultsByCode.ThrottlingException);
    expect(sink.gaps).toEqual([]);
    expect(sink.records.evaluations).toHaveLength(totalResults(e));
    expect(byType(sink.records.evaluations)).toEqual(resultsByType(e));
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
    fake = await startFakeAws(e, { faults: [{ operation: 'GetComplianceDetailsByConfigRule', region: 'us-east-1', status: 500, code: 'InternalFailure' }] });
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'eu-west-1'], maxAttempts: 2 });
    const gap = sink.gaps.find((g) => g.region === 'us-east-1');
    expect(gap).toMatchObject({ code: 'InternalFailure' });
    expect(gap?.message).toContain('rules in all could not be read');
    expect(gap?.action).toBeUndefined();
    // A rule that could not be read is said once, not again as "incomplete".
    expect(sink.gaps.filter((g) => g.region === 'us-east-1')).toHaveLength(1);
    expect(sink.records.evaluations.filter((r) => r.region === 'eu-west-1').length).toBe(totalResults({ ...e, regions: e.regions.filter((r) => r.region === 'eu-west-1') }));
  });

  it('a recorder that is stopped, absent or failing is a recorder gap, never a missing permission', async () => {
    const e = generateOrganisation({ accounts: 1, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], rules: 4, resultsPerRule: () => 5 });
    const set = (i: number, recorder: 'off' | 'none' | 'failing') => Object.assign(e.regions[i] as object, { recorder });
    set(0, 'failing');
    set(1, 'off');
    set(2, 'none');
    fake = await startFakeAws(e);
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] });
    expect(sink.gaps.map((g) => [g.region, g.code, g.action]).sort()).toEqual([
      ['ap-southeast-2', 'NoConfigurationRecorder', undefined],
      ['eu-west-1', 'RecorderNotRecording', undefined],
      ['us-east-1', 'RecorderFailing', undefined],
    ]);
    expect(JSON.stringify(sink.gaps)).not.toMatch(/StartConfigurationRecorder/);
    expect(sink.sources.map((s) => [s.region, s.status, s.recorder]).sort()).toEqual([
      ['ap-southeast-2', 'gap', 'none'],
      ['eu-west-1', 'gap', 'not-recording'],
      ['us-east-1', 'gap', 'failing'],
    ]);
    // The rest of each region is still collected.
    expect(sink.records.evaluations).toHaveLength(totalResults(e));
  });

  it('a region that is not enabled is a gap; the others are collected', async () => {
    fake = await startFakeAws(estate(), { faults: [{ region: 'ap-east-1', status: 400, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }] });
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1', 'ap-east-1'] });
    expect(sink.gaps).toHaveLength(1);
    expect(sink.gaps[0]).toMatchObject({ region: 'ap-east-1', code: 'UnrecognizedClientException' });
    expect(sink.gaps[0]?.message).toMatch(/not enabled/);
    expect(sink.sources.find((s) => s.region === 'ap-east-1')?.recorder).toBe('unknown');
    expect(fake.stats.byOperation.DescribeConfigRules).toBe(2); // us-east-1 only; ap-east-1 stopped at the first refusal
  });

  it('a truncated answer, a dropped connection and an endpoint that stops answering are retried, nothing lost', async () => {
    const e = generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 6, resultsPerRule: (r) => 40 + r * 30 });
    fake = await startFakeAws(e, {
      faults: [
        { operation: 'GetComplianceDetailsByConfigRule', status: 200, code: 'Truncated', kind: 'truncate', times: 4 },
        { operation: 'DescribeConfigRules', status: 0, code: 'Reset', kind: 'reset', times: 1 },
        { operation: 'GetDiscoveredResourceCounts', status: 0, code: 'Hang', kind: 'hang', times: 1 },
      ],
    });
    const { sink } = await collectFromFake(fake, KEY, { regions: ['us-east-1'], requestTimeoutMs: 500 });
    expect(fake.stats.faultsByCode).toEqual({ Truncated: 4, Reset: 1, Hang: 1 });
    expect(sink.gaps).toEqual([]);
    expect(byType(sink.records.evaluations)).toEqual(resultsByType(e));
    expect(sink.records.resourceCounts).toHaveLength(2);
  });
});
