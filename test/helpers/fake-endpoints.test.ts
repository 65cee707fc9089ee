/**
 * The suite's fake AWS endpoints hold to the API reference, defaults and limits included, and are at
 * least as strict as it allows AWS to be: a collector tested against them cannot lean on a default AWS
 * does not promise. Through the real SDK (and the Artifact client), as collect talks to them.
 */
import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeComplianceByConfigRuleCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  GetComplianceDetailsByConfigRuleCommand,
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactClient, ListReportsCommand } from '../../src/collect/aws-artifact/artifact-client.js';
import { startFakeArtifact } from './fake-artifact-endpoint.js';
import { generateOrganisation, startFakeAws } from './fake-config-endpoint.js';
import type { FakeAws } from './fake-config-endpoint.js';

let fake: FakeAws;
let client: ConfigServiceClient;
const rule = (i: number) => fake.estate.regions[0]?.rules[i]?.name ?? '';

beforeAll(async () => {
  // Rule 1 has 40 results of every type; rule 0 has none (INSUFFICIENT_DATA).
  fake = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 3, resultsPerRule: (r) => (r === 0 ? 0 : 40) }));
  client = new ConfigServiceClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'AKID100000000000', secretAccessKey: 's' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await fake.close();
});

const typesOf = (rs: { ComplianceType?: string }[] | undefined) => [...new Set((rs ?? []).map((r) => r.ComplianceType))].sort();

describe('fake AWS Config endpoint', () => {
  it('GetComplianceDetailsByConfigRule: 10 per page by default, COMPLIANT and NON_COMPLIANT only when the filter is omitted', async () => {
    const out = await client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule(1) }));
    expect(out.EvaluationResults).toHaveLength(10);
    expect(out.NextToken).toBeDefined();
    let all: { ComplianceType?: string }[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule(1), Limit: 100, NextToken: token }));
      all = all.concat(page.EvaluationResults ?? []);
      token = page.NextToken;
    } while (token);
    expect(typesOf(all)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
    const every = await client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule(1), ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'], Limit: 100 }));
    expect(typesOf(every.EvaluationResults)).toEqual(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
    expect(every.EvaluationResults).toHaveLength(40);
  });

  it('refuses a Limit above the maximum (ValidationException) and INSUFFICIENT_DATA as a filter', async () => {
    await expect(client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule(1), Limit: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule(1), ComplianceTypes: ['INSUFFICIENT_DATA'] }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(client.send(new SelectResourceConfigCommand({ Expression: 'SELECT resourceId', Limit: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('DescribeComplianceByConfigRule: an INSUFFICIENT_DATA rule only when asked for; at most 25 names', async () => {
    const names = [rule(0), rule(1)];
    const dflt = await client.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: names }));
    expect(dflt.ComplianceByConfigRules?.map((c) => c.ConfigRuleName)).toEqual([rule(1)]);
    const asked = await client.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: names, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA'] }));
    expect(asked.ComplianceByConfigRules?.map((c) => c.Compliance?.ComplianceType)).toEqual(['INSUFFICIENT_DATA', 'NON_COMPLIANT']);
    await expect(client.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: Array.from({ length: 26 }, () => rule(1)) }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('the aggregate APIs never give NOT_APPLICABLE, refuse it as a filter, and list no INSUFFICIENT_DATA rule', async () => {
    const base = { ConfigurationAggregatorName: 'org', ConfigRuleName: rule(1), AccountId: '100000000000', AwsRegion: 'us-east-1' };
    const dflt = await client.send(new GetAggregateComplianceDetailsByConfigRuleCommand(base));
    // 40 results, 10 of them NOT_APPLICABLE: one default page of at most 50 holds the other 30.
    expect(dflt.AggregateEvaluationResults).toHaveLength(30);
    expect(typesOf(dflt.AggregateEvaluationResults)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
    await expect(client.send(new GetAggregateComplianceDetailsByConfigRuleCommand({ ...base, ComplianceType: 'NOT_APPLICABLE' }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(client.send(new GetAggregateComplianceDetailsByConfigRuleCommand({ ...base, Limit: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
    const rules = await client.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: 'org' }));
    expect(rules.AggregateComplianceByConfigRules?.map((r) => r.ConfigRuleName)).not.toContain(rule(0));
    await expect(client.send(new SelectAggregateResourceConfigCommand({ ConfigurationAggregatorName: 'org', Expression: 'SELECT resourceId', MaxResults: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('the advanced query answers only what it can run (InvalidExpressionException otherwise), 25 per page by default', async () => {
    await expect(client.send(new SelectResourceConfigCommand({ Expression: 'SELECT configuration.size' }))).rejects.toMatchObject({ name: 'InvalidExpressionException' });
    const out = await client.send(new SelectResourceConfigCommand({ Expression: "SELECT resourceId, tags WHERE tags.tag = 'cde=true'" }));
    expect(out.QueryInfo?.SelectFields?.map((f) => f.Name)).toEqual(['resourceId', 'tags']);
    expect(out.Results?.length).toBeGreaterThan(0);
    for (const r of out.Results ?? []) expect(JSON.parse(r)).toMatchObject({ tags: expect.arrayContaining([{ key: 'cde', value: 'true' }]) });
  });
});

describe('fake AWS Config endpoint: scripted faults', () => {
  /**
   * Ask for one results page of each rule until it is answered, rules taken in `order` with `inFlight`
   * requests at once; what each attempt met, per rule.
   */
  async function attemptsPerRule(order: readonly number[], inFlight: number): Promise<Map<number, string[]>> {
    const e = generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 24, resultsPerRule: () => 3 });
    const f = await startFakeAws(e, {
      faults: [
        { operation: 'GetComplianceDetailsByConfigRule', status: 400, code: 'ThrottlingException', every: 2 },
        { status: 500, code: 'InternalFailure', probability: 0.3 },
      ],
    });
    const c = new ConfigServiceClient({ region: 'us-east-1', endpoint: f.url, credentials: { accessKeyId: 'AKID100000000000', secretAccessKey: 's' }, maxAttempts: 1 });
    const met = new Map<number, string[]>();
    const queue = [...order];
    try {
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
            const log: string[] = [];
            met.set(i, log);
            while (log.at(-1) !== 'answered' && log.length < 30) {
              const ask = c.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: e.regions[0]?.rules[i]?.name, Limit: 100 }));
              log.push(await ask.then(() => 'answered', (err: unknown) => (err as Error).name));
            }
          }
        }),
      );
    } finally {
      c.destroy();
      await f.close();
    }
    return met;
  }

  it('a fault is decided by the request and its attempt, never by the order concurrent requests arrive in', async () => {
    const rules = Array.from({ length: 24 }, (_, i) => i);
    const oneByOne = await attemptsPerRule(rules, 1);
    const reversedEightAtOnce = await attemptsPerRule([...rules].reverse(), 8);
    expect(reversedEightAtOnce).toEqual(oneByOne);
    const logs = [...oneByOne.values()];
    // Every 2nd attempt of each request: some throttled at their first attempt, some not, none twice in a row.
    expect(logs.filter((l) => l[0] === 'ThrottlingException').length).toBeGreaterThan(0);
    expect(logs.filter((l) => l[0] !== 'ThrottlingException').length).toBeGreaterThan(0);
    expect(logs.some((l) => l.some((m, k) => m === 'ThrottlingException' && l[k + 1] === 'ThrottlingException'))).toBe(false);
    expect(logs.flat()).toContain('InternalFailure');
    expect(logs.every((l) => l.at(-1) === 'answered')).toBe(true);
  });
});

describe('fake AWS Artifact endpoint', () => {
  it('maxResults is 1 to 300 (ValidationException otherwise); without it, a page of 25', async () => {
    const reports = Array.from({ length: 30 }, (_, i) => ({ id: `report-${i}`, name: `R ${i}`, category: 'C', series: 'SOC', version: 1, periodStart: '2025-01-01T00:00:00Z', periodEnd: '2025-12-31T00:00:00Z' }));
    const creds = { accessKeyId: 'AKIDART', secretAccessKey: 's' };
    const art = await startFakeArtifact({ credentials: creds, reports });
    try {
      const c = new ArtifactClient({ endpoint: art.url, credentials: creds });
      expect((await c.send(new ListReportsCommand({}))).reports).toHaveLength(25);
      await expect(c.send(new ListReportsCommand({ maxResults: 301 }))).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(c.send(new ListReportsCommand({ maxResults: 0 }))).rejects.toMatchObject({ name: 'ValidationException' });
    } finally {
      await art.stop();
    }
  });
});
