/**
 * Resource tags into the snapshot (scope by tag): the advanced-query result parser, and collection by
 * both routes through the real SDK against the local endpoint, paged at the documented limit, with an
 * AccessDenied on the query recorded as a gap naming the IAM action.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RESOURCE_TAGS_QUERY, TAGS_PAGE, toAggregateTagsQuery, toResourceTagsRecord } from '../../../src/collect/aws-config/collect-resource-tags.js';
import { generateOrganisation, startFakeAws } from '../../helpers/fake-config-endpoint.js';
import type { FakeAws, FakeEstate } from '../../helpers/fake-config-endpoint.js';
import { collectFromFake } from './collect-helpers.js';

const where = { account: '111122223333', region: 'eu-west-1' };

describe('toResourceTagsRecord', () => {
  it('reads an advanced-query result into a record with tags as key -> value, sorted', () => {
    const r = toResourceTagsRecord(JSON.stringify({ resourceId: 'b1', resourceType: 'AWS::S3::Bucket', tags: [{ key: 'cde', value: 'true' }, { key: 'Name', value: 'cardholder data' }] }), where);
    expect(r).toEqual({ ...where, resourceType: 'AWS::S3::Bucket', resourceId: 'b1', tags: { Name: 'cardholder data', cde: 'true' } });
    expect(Object.keys(r?.tags ?? {})).toEqual(['Name', 'cde']);
  });

  it('an untagged resource is listed with no tags; a tag without a value has the empty value', () => {
    expect(toResourceTagsRecord('{"resourceId":"v","resourceType":"AWS::EC2::Volume","tags":[]}', where)?.tags).toEqual({});
    expect(toResourceTagsRecord('{"resourceId":"v","resourceType":"AWS::EC2::Volume"}', where)?.tags).toEqual({});
    expect(toResourceTagsRecord('{"resourceId":"v","resourceType":"AWS::EC2::Volume","tags":[{"key":"k"}]}', where)?.tags).toEqual({ k: '' });
  });

  it('keeps a tag named __proto__ as a plain key (AWS data is untrusted)', () => {
    const r = toResourceTagsRecord('{"resourceId":"v","resourceType":"T","tags":[{"key":"__proto__","value":"x"},{"key":"constructor","value":"y"}]}', where);
    expect(Object.getPrototypeOf(r?.tags)).toBe(Object.prototype);
    expect(Object.keys(r?.tags ?? {})).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(r?.tags))).toEqual(JSON.parse('{"__proto__":"x","constructor":"y"}'));
  });

  it.each([
    ['not JSON', '{"resourceId":'],
    ['not an object', '["a"]'],
    ['no id', '{"resourceType":"T","tags":[]}'],
    ['no type', '{"resourceId":"i","tags":[]}'],
    ['tags not a list', '{"resourceId":"i","resourceType":"T","tags":{"k":"v"}}'],
    ['a tag without a key', '{"resourceId":"i","resourceType":"T","tags":[{"value":"v"}]}'],
    ['a value that is not text', '{"resourceId":"i","resourceType":"T","tags":[{"key":"k","value":1}]}'],
    ['another account', '{"resourceId":"i","resourceType":"T","accountId":"999999999999","awsRegion":"eu-west-1"}'],
    ['another region', '{"resourceId":"i","resourceType":"T","accountId":"111122223333","awsRegion":"us-east-1"}'],
  ])('refuses a result that is not what was asked for: %s', (_what, text) => {
    expect(toResourceTagsRecord(text, where)).toBeUndefined();
  });

  it('the aggregate query names exactly one pair and cannot be bent by its inputs', () => {
    expect(toAggregateTagsQuery('111122223333', 'eu-west-1')).toBe(`${RESOURCE_TAGS_QUERY}`.replace('tags', 'accountId, awsRegion, tags') + " WHERE accountId = '111122223333' AND awsRegion = 'eu-west-1'");
    expect(() => toAggregateTagsQuery("1' OR '1'='1", 'eu-west-1')).toThrow();
    expect(() => toAggregateTagsQuery('111122223333', "eu-west-1' OR awsRegion = 'x")).toThrow();
    expect(TAGS_PAGE).toBe(100);
  });
});

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const resourcesOf = (e: FakeEstate) =>
  e.regions.reduce((n, r) => n + (r.resources === undefined ? 0 : Array.isArray(r.resources) ? r.resources.length : r.resources.count), 0);

describe('collecting resource tags', () => {
  it('one account: every recorded resource with its tags, paged at 100', async () => {
    // 150 buckets in one region: two pages at the documented maximum of 100.
    const e = generateOrganisation({ accounts: 1, regions: ['us-east-1', 'eu-west-1'], rules: 2, resultsPerRule: () => 3 });
    const reg = e.regions[0];
    if (reg) reg.resources = Array.from({ length: 150 }, (_, i) => ({ resourceType: 'AWS::S3::Bucket', resourceId: `b-${i}`, tags: i % 2 ? { cde: 'true', owner: 'payments' } : ({} as Record<string, string>) }));
    fake = await startFakeAws(e);
    const { sink } = await collectFromFake(fake, 'AKID100000000000', { regions: ['us-east-1', 'eu-west-1'] });
    expect(sink.gaps).toEqual([]);
    expect(sink.included.has('resourceTags')).toBe(true);
    expect(sink.records.resourceTags).toHaveLength(resourcesOf(e));
    expect(fake.stats.resourcesServed).toBe(resourcesOf(e));
    expect(fake.stats.byOperation.SelectResourceConfig).toBe(3); // 150 -> 2 pages, the other region 1
    const cde = sink.records.resourceTags.filter((r) => r.tags.cde === 'true');
    expect(cde.filter((r) => r.region === 'us-east-1')).toHaveLength(75);
    expect(cde.find((r) => r.region === 'us-east-1')).toEqual({ account: '100000000000', region: 'us-east-1', resourceType: 'AWS::S3::Bucket', resourceId: 'b-1', tags: { cde: 'true', owner: 'payments' } });
    expect(sink.records.resourceTags.find((r) => r.resourceId === 'b-0')?.tags).toEqual({});
    expect(sink.sources.find((s) => s.region === 'us-east-1')?.counts?.resourceTags).toBe(150);
  });

  it('through an aggregator: one query per account/region pair, every resource of the pair', async () => {
    const e = generateOrganisation({ accounts: 3, regions: ['us-east-1', 'eu-west-1'], rules: 2, resultsPerRule: () => 3 });
    fake = await startFakeAws(e);
    const { sink } = await collectFromFake(fake, 'AKID100000000000', { aggregator: 'org' });
    expect(sink.gaps).toEqual([]);
    expect(sink.records.resourceTags).toHaveLength(resourcesOf(e));
    expect(fake.stats.byOperation.SelectAggregateResourceConfig).toBe(6);
    for (const reg of e.regions) {
      const mine = sink.records.resourceTags.filter((r) => r.account === reg.account && r.region === reg.region);
      expect(mine.length, `${reg.account} ${reg.region}`).toBe(Array.isArray(reg.resources) ? reg.resources.length : reg.resources?.count);
    }
    expect(sink.records.resourceTags.some((r) => r.tags.cde === 'true')).toBe(true);
  });

  it('AccessDenied on the query is a gap naming the IAM action; everything else is still collected', async () => {
    const e = generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 3, resultsPerRule: () => 4 });
    fake = await startFakeAws(e, { faults: [{ operation: 'SelectResourceConfig', status: 400, code: 'AccessDeniedException', message: 'not authorized to perform: config:SelectResourceConfig' }] });
    const { sink } = await collectFromFake(fake, 'AKID100000000000', { regions: ['us-east-1'] });
    expect(sink.gaps).toEqual([expect.objectContaining({ region: 'us-east-1', code: 'AccessDeniedException', action: 'config:SelectResourceConfig' })]);
    expect(sink.gaps[0]?.message).toMatch(/resource tags/);
    expect(sink.records.resourceTags).toEqual([]);
    expect(sink.included.has('resourceTags')).toBe(true);
    expect(sink.records.evaluations).toHaveLength(12);
  });

  it('AccessDenied on the aggregate query is a gap per pair naming its IAM action', async () => {
    const e = generateOrganisation({ accounts: 2, regions: ['us-east-1'], rules: 3, resultsPerRule: () => 4 });
    fake = await startFakeAws(e, { faults: [{ operation: 'SelectAggregateResourceConfig', status: 400, code: 'AccessDeniedException' }] });
    const { sink } = await collectFromFake(fake, 'AKID100000000000', { aggregator: 'org' });
    expect(sink.gaps.map((g) => [g.account, g.code, g.action])).toEqual([
      ['100000000000', 'AccessDeniedException', 'config:SelectAggregateResourceConfig'],
      ['100000001111', 'AccessDeniedException', 'config:SelectAggregateResourceConfig'],
    ]);
    expect(sink.records.evaluations).toHaveLength(20); // COMPLIANT and NON_COMPLIANT: the aggregate route cannot give NOT_APPLICABLE
  });

  it('a result that is not what the query asked for is a gap, not silence', async () => {
    const e = generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 1, resultsPerRule: () => 1 });
    const reg = e.regions[0];
    if (reg) reg.resources = [{ resourceType: 'AWS::S3::Bucket', resourceId: 'ok', tags: { cde: 'true' } }, { resourceType: '', resourceId: 'no-type' }];
    fake = await startFakeAws(e);
    const { sink } = await collectFromFake(fake, 'AKID100000000000', { regions: ['us-east-1'] });
    expect(sink.records.resourceTags.map((r) => r.resourceId)).toEqual(['ok']);
    expect(sink.gaps).toEqual([expect.objectContaining({ code: 'ResourceTagsUnreadable', region: 'us-east-1' })]);
    expect(sink.gaps[0]?.action).toBeUndefined();
  });
});
