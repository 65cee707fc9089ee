/**
 * Resource tags, so a framework's scope can be declared by tag (`cde=true`): every resource AWS Config
 * records, with its tags, through the advanced query: SelectResourceConfig in one account and region,
 * SelectAggregateResourceConfig for one account/region pair of an aggregator.
 *
 * API reference (AWS Config, SelectResourceConfig / SelectAggregateResourceConfig): `Limit` 0-100
 * (100 is the page we ask for; the aggregate call's default page for a non-aggregation query is 25),
 * each result is a JSON string holding the selected properties; `tags` is an array of `{key, value}`
 * (Developer Guide, "Example Queries"). Advanced query does not return resources whose type the
 * recorder does not record (Developer Guide, "Querying ... Limitations"), so a resource absent from
 * the file has tags srmap does not know: never read that as "untagged".
 */
import type { Gap, ResourceTagsRecord } from '../../domain/snapshot.js';

/** Query for one account and region (the account's own Config). */
export const RESOURCE_TAGS_QUERY = 'SELECT resourceId, resourceType, tags';

/** Query for one account/region pair through an aggregator. Account ids and regions are checked before they get here. */
export function toAggregateTagsQuery(account: string, region: string): string {
  if (!/^\d{12}$/.test(account) || !/^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(region)) throw new TypeError(`not an account/region: ${account} ${region}`);
  return `SELECT resourceId, resourceType, accountId, awsRegion, tags WHERE accountId = '${account}' AND awsRegion = '${region}'`;
}

/** Page size asked for: the documented maximum of both calls. */
export const TAGS_PAGE = 100;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One advanced-query result as a record. Undefined when the result is not the JSON object the query
 * asked for (no resource id or type, tags not an array of key/value pairs, or another account/region
 * than the one queried): the caller counts those, and a count above zero is a gap.
 */
export function toResourceTagsRecord(result: string, where: { account: string; region: string }): ResourceTagsRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(result);
  } catch {
    return undefined;
  }
  if (!isObject(json)) return undefined;
  const { resourceId, resourceType, tags, accountId, awsRegion } = json;
  if (typeof resourceId !== 'string' || resourceId === '' || typeof resourceType !== 'string' || resourceType === '') return undefined;
  if ((accountId !== undefined && accountId !== where.account) || (awsRegion !== undefined && awsRegion !== where.region)) return undefined;
  const pairs = new Map<string, string>();
  if (tags !== undefined && tags !== null) {
    if (!Array.isArray(tags)) return undefined;
    for (const t of tags) {
      if (!isObject(t) || typeof t.key !== 'string' || t.key === '') return undefined;
      if (t.value !== undefined && t.value !== null && typeof t.value !== 'string') return undefined;
      pairs.set(t.key, typeof t.value === 'string' ? t.value : '');
    }
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays a plain key; sorted for stable bytes.
  const sorted = Object.fromEntries([...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { account: where.account, region: where.region, resourceType, resourceId, tags: sorted };
}

/** Results that were not what the query asked for: those resources' tags are unknown, which is a gap. */
export function unreadableTagsGap(where: { account: string; region: string }, count: number): Gap {
  return {
    source: 'aws-config',
    account: where.account,
    region: where.region,
    code: 'ResourceTagsUnreadable',
    message: `${count} result(s) of the resource-tags query in ${where.account} ${where.region} did not hold the resource id, type and key/value tags asked for: the tags of those resources are not known.`,
  };
}
