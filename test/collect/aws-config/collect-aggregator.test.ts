/**
 * An organisation through one AWS Config aggregator: several accounts, failed sources, paging, and
 * what the aggregate APIs cannot give (NOT_APPLICABLE results, INSUFFICIENT_DATA rules, members'
 * recorders) stated as limits of the route, never as completeness.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SrmapError } from '../../../src/domain/errors.js';
import { generateOrganisation, resultsByType, startFakeAws } from '../../helpers/fake-config-endpoint.js';
import type { FakeAws, FakeEstate, FakeRequest } from '../../helpers/fake-config-endpoint.js';
import { collectFromFake } from './collect-helpers.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const KEY = 'AKID100000000000';
const byType = (records: { complianceType: string }[]) => {
  const out: Record<string, number> = {};
  for (const r of records) out[r.complianceType] = (out[r.complianceType] ?? 0) + 1;
  return out;
};
/** Rules the aggregate rule list can show: those with a COMPLIANT or NON_COMPLIANT result. */
const listedRules = (e: FakeEstate) => e.regions.flatMap((reg) => reg.rules.filter((r) => {
  const n = Array.isArray(r.results) ? r.results.length : r.results.count;
  for (let i = 0; i < n; i++) {
    const t = (Array.isArray(r.results) ? r.results[i] : r.results.at(i))?.complianceType;
    if (t === 'COMPLIANT' || t === 'NON_COMPLIANT') return true;
  }
  return false;
}));

describe('collect through an aggregator', () => {
  it('collects every account and region, every COMPLIANT and NON_COMPLIANT result, identifiers from rule names', async () => {
    const e = generateOrganisation({ accounts: 5, regions: ['us-east-1', 'eu-west-1'], rules: 30, resultsPerRule: (r, p) => ((r + 1) * (p + 3) * 7) % 230 });
    fake = await startFakeAws(e, { faults: [{ operation: 'GetAggregateComplianceDetailsByConfigRule', status: 400, code: 'ThrottlingException', every: 3 }] });
    const { sink, plan } = await collectFromFake(fake, KEY, { aggregator: 'org', regions: ['us-east-1'] });
    expect(plan.mode).toBe('aggregator');
    // --regions names the home region and filters the aggregator's scope.
    expect(plan.regions).toEqual(['us-east-1']);
    expect(plan.accounts).toHaveLength(5);
    expect(sink.records.evaluations.every((r) => r.region === 'us-east-1')).toBe(true);

    const requests: FakeRequest[] = [];
    fake.onRequest = (r) => requests.push(r);
    const all = await collectFromFake(fake, KEY, { aggregator: 'org' });
    expect(all.plan.regions).toEqual(['eu-west-1', 'us-east-1']);
    // Every 3rd attempt of each results request throttled (a third of them at their first): ridden out.
    expect(all.progress.calls.throttled).toBeGreaterThan(100);
    expect(all.sink.gaps).toEqual([]);
    expect(all.sink.sources).toHaveLength(10);
    expect(all.sink.records.configRules).toHaveLength(listedRules(e).length);
    // Exactly the estate's COMPLIANT and NON_COMPLIANT results, each once; NOT_APPLICABLE cannot be had.
    const truth = resultsByType(e);
    expect(byType(all.sink.records.evaluations)).toEqual({ COMPLIANT: truth.COMPLIANT, NON_COMPLIANT: truth.NON_COMPLIANT });
    expect(truth.NOT_APPLICABLE).toBeGreaterThan(0);
    expect(new Set(all.sink.records.evaluations.map((r) => `${r.account}|${r.region}|${r.ruleName}|${r.resourceId}`)).size).toBe(truth.COMPLIANT + truth.NON_COMPLIANT);
    // Each type asked for by name, at the documented maximum page.
    const details = requests.filter((r) => r.op === 'GetAggregateComplianceDetailsByConfigRule');
    expect(new Set(details.map((r) => r.body.ComplianceType))).toEqual(new Set(['COMPLIANT', 'NON_COMPLIANT']));
    expect(details.every((r) => r.body.Limit === 100)).toBe(true);
    const byName = new Map(all.sink.records.configRules.map((r) => [r.ruleName, r]));
    expect(byName.get([...byName.keys()].find((n) => n.startsWith('restricted-ssh-conformance-pack-')) ?? '')).toMatchObject({ sourceOwner: 'AWS', sourceIdentifier: 'INCOMING_SSH_DISABLED' });
    expect(byName.get('custom-check-7')).toMatchObject({ sourceOwner: 'CUSTOM_LAMBDA', sourceIdentifier: 'custom-check-7' });
    expect(all.sink.records.configRules.every((r) => r.compliance === 'COMPLIANT' || r.compliance === 'NON_COMPLIANT')).toBe(true);
    expect(all.sink.records.resourceCounts).toHaveLength(20);
    expect(all.sink.records.conformancePacks).toHaveLength(10);
    // One rule list for the organisation (1,000 per page), not one per account.
    expect(fake.stats.byOperation.DescribeAggregateComplianceByConfigRules).toBeLessThanOrEqual(4);
    // What the route cannot give is stated, and no member's recorder is claimed to be recording.
    expect(all.sink.limits.map((l) => [l.code, l.effect, l.complianceTypes ?? []])).toEqual([
      ['AggregateComplianceTypes', 'not-collected', ['NOT_APPLICABLE']],
      ['AggregateInsufficientDataRules', 'not-collected', ['INSUFFICIENT_DATA']],
      ['AggregateRecorderState', 'unknown', []],
      ['NoCountOfCompliant', 'not-checked', ['COMPLIANT']],
    ]);
    expect(all.sink.sources.every((s) => s.recorder === 'unknown')).toBe(true);
  });

  it('a member region whose recorder is off is not seen (the limit says so); one with nothing at all is the gap NoConfigData, with no IAM action', async () => {
    const e = generateOrganisation({ accounts: 3, regions: ['us-east-1'], rules: 4, resultsPerRule: () => 6 });
    Object.assign(e.regions[1] as object, { recorder: 'off' });
    Object.assign(e.regions[2] as object, { recorder: 'none', rules: [], resourceCounts: [], resources: [] });
    fake = await startFakeAws(e);
    const { sink } = await collectFromFake(fake, KEY, { aggregator: 'org' });
    expect(sink.gaps).toEqual([expect.objectContaining({ account: '100000002222', region: 'us-east-1', code: 'NoConfigData' })]);
    expect(sink.gaps[0]?.action).toBeUndefined();
    expect(sink.sources.find((s) => s.account === '100000001111')).toMatchObject({ status: 'collected', recorder: 'unknown' });
    expect(sink.limits.find((l) => l.code === 'AggregateRecorderState')?.message).toMatch(/stopped in a member region is not seen/);
  });

  it('NON_COMPLIANT results lost on the way are a gap for that type, account and region', async () => {
    const e = generateOrganisation({ accounts: 2, regions: ['us-east-1'], rules: 8, resultsPerRule: () => 150 });
    fake = await startFakeAws(e);
    fake.transform = (req, answer) => (req.op === 'GetAggregateComplianceDetailsByConfigRule' && req.body.AccountId === '100000001111' && req.body.ComplianceType === 'NON_COMPLIANT' ? { ...answer, AggregateEvaluationResults: [] } : answer);
    const { sink } = await collectFromFake(fake, KEY, { aggregator: 'org' });
    expect(sink.gaps).toEqual([expect.objectContaining({ account: '100000001111', code: 'ResultsIncomplete', complianceType: 'NON_COMPLIANT' })]);
    expect(sink.gaps[0]?.message).toMatch(/fall short of what AWS reports for \d+ rule/);
  });

  it('a failed source is a gap for its account and region; the rest is collected', async () => {
    const e = generateOrganisation({ accounts: 3, regions: ['us-east-1'], rules: 10, resultsPerRule: () => 5 });
    const org = e.aggregators?.[0];
    if (org?.sources[1]) Object.assign(org.sources[1], { status: 'FAILED', errorCode: 'AccessDeniedException' });
    fake = await startFakeAws(e);
    const { sink } = await collectFromFake(fake, KEY, { aggregator: 'org' });
    expect(sink.gaps).toEqual([expect.objectContaining({ account: '100000001111', region: 'us-east-1', code: 'AccessDeniedException' })]);
    expect(sink.sources.filter((s) => s.status === 'gap').map((s) => s.account)).toEqual(['100000001111']);
    const truth = resultsByType(e);
    expect(sink.records.evaluations).toHaveLength(truth.COMPLIANT + truth.NON_COMPLIANT);
  });

  it('an unknown aggregator stops before anything is written, with a hint', async () => {
    fake = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 1, resultsPerRule: () => 1 }));
    const err = await collectFromFake(fake, KEY, { aggregator: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SrmapError);
    expect(err).toMatchObject({ code: 'AGGREGATOR_NOT_FOUND', kind: 'input' });
  });
});
