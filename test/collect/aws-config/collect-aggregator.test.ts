/** An organisation through one AWS Config aggregator: several accounts, failed sources, paging. */
import { afterEach, describe, expect, it } from 'vitest';
import { SrmapError } from '../../../src/domain/errors.js';
import { generateOrganisation, startFakeAws, totalResults } from '../../helpers/fake-config-endpoint.js';
import type { FakeAws } from '../../helpers/fake-config-endpoint.js';
import { collectFromFake } from './collect-helpers.js';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const KEY = 'AKID100000000000';

describe('collect through an aggregator', () => {
  it('collects every account and region, every result, identifiers from rule names', async () => {
    const e = generateOrganisation({ accounts: 5, regions: ['us-east-1', 'eu-west-1'], rules: 30, resultsPerRule: (r, p) => ((r + 1) * (p + 3) * 7) % 230 });
    fake = await startFakeAws(e, { faults: [{ operation: 'GetAggregateComplianceDetailsByConfigRule', status: 400, code: 'ThrottlingException', every: 3 }] });
    const { sink, plan } = await collectFromFake(fake, KEY, { aggregator: 'org', regions: ['us-east-1'] });
    expect(plan.mode).toBe('aggregator');
    // --regions names the home region and filters the aggregator's scope.
    expect(plan.regions).toEqual(['us-east-1']);
    expect(plan.accounts).toHaveLength(5);

    const all = await collectFromFake(fake, KEY, { aggregator: 'org' });
    expect(all.plan.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(all.sink.gaps).toEqual([]);
    expect(all.sink.sources).toHaveLength(10);
    expect(all.sink.records.configRules).toHaveLength(300);
    expect(all.sink.records.evaluations).toHaveLength(totalResults(e));
    expect(new Set(all.sink.records.evaluations.map((r) => `${r.account}|${r.region}|${r.ruleName}|${r.resourceId}`)).size).toBe(totalResults(e));
    const byName = new Map(all.sink.records.configRules.map((r) => [r.ruleName, r]));
    expect(byName.get([...byName.keys()].find((n) => n.startsWith('restricted-ssh-conformance-pack-')) ?? '')).toMatchObject({ sourceOwner: 'AWS', sourceIdentifier: 'INCOMING_SSH_DISABLED' });
    expect(byName.get('custom-check-7')).toMatchObject({ sourceOwner: 'CUSTOM_LAMBDA', sourceIdentifier: 'custom-check-7' });
    expect(all.sink.records.resourceCounts).toHaveLength(20);
    expect(all.sink.records.conformancePacks).toHaveLength(10);
    // One rule list for the organisation (1,000 per page), not one per account.
    expect(fake.stats.byOperation.DescribeAggregateComplianceByConfigRules).toBeLessThanOrEqual(4);
    expect(sink.records.evaluations.every((r) => r.region === 'us-east-1')).toBe(true);
  });

  it('a failed source is a gap for its account and region; the rest is collected', async () => {
    const e = generateOrganisation({ accounts: 3, regions: ['us-east-1'], rules: 10, resultsPerRule: () => 5 });
    const org = e.aggregators?.[0];
    if (org?.sources[1]) Object.assign(org.sources[1], { status: 'FAILED', errorCode: 'AccessDeniedException' });
    fake = await startFakeAws(e);
    const { sink } = await collectFromFake(fake, KEY, { aggregator: 'org' });
    expect(sink.gaps).toEqual([expect.objectContaining({ account: '100000001111', region: 'us-east-1', code: 'AccessDeniedException' })]);
    expect(sink.sources.filter((s) => s.status === 'gap').map((s) => s.account)).toEqual(['100000001111']);
    expect(sink.records.evaluations).toHaveLength(150);
  });

  it('an unknown aggregator stops before anything is written, with a hint', async () => {
    fake = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 1, resultsPerRule: () => 1 }));
    const err = await collectFromFake(fake, KEY, { aggregator: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SrmapError);
    expect(err).toMatchObject({ code: 'AGGREGATOR_NOT_FOUND', kind: 'input' });
  });
});
