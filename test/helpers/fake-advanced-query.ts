/**
 * The part of AWS Config's advanced query (SelectResourceConfig, SelectAggregateResourceConfig) the
 * fake endpoint answers: `SELECT field[, field...] [WHERE cond [AND cond...]]` over the recorded
 * resources, a cond being `property = 'value'`. Anything else is refused with the error AWS gives for
 * a query it cannot run (InvalidExpressionException, HTTP 400), so a collector cannot come to depend
 * on something this fake made up.
 *
 * Shapes from the AWS Config Developer Guide ("Example Queries", "Query Components"): each result is a
 * JSON string with only the selected properties; `tags` is an array of `{key, value}`; `tags.key`,
 * `tags.value` and `tags.tag` (`key=value`) match when any tag of the resource matches.
 */

export interface FakeResource {
  resourceType: string;
  resourceId: string;
  tags?: Record<string, string>;
}

/** A recorded resource with where it lives. */
export interface LocatedResource extends FakeResource {
  accountId: string;
  awsRegion: string;
}

const SELECTABLE = ['resourceId', 'resourceType', 'accountId', 'awsRegion', 'tags'] as const;
type Selectable = (typeof SELECTABLE)[number];
const FILTERABLE = ['resourceId', 'resourceType', 'accountId', 'awsRegion', 'tags.key', 'tags.value', 'tags.tag'] as const;
type Filterable = (typeof FILTERABLE)[number];

export interface ParsedQuery {
  fields: Selectable[];
  where: { property: Filterable; value: string }[];
}

export class QueryError extends Error {
  readonly code = 'InvalidExpressionException';
}

/** Parse the subset this fake answers; throws QueryError for anything else. */
export function parseQuery(expression: string): ParsedQuery {
  const m = /^\s*SELECT\s+(.+?)(?:\s+WHERE\s+(.+?))?\s*$/is.exec(expression);
  if (!m) throw new QueryError(`The query is not a SELECT: ${expression}`);
  const fields = (m[1] ?? '').split(',').map((f) => f.trim());
  for (const f of fields) {
    if (!(SELECTABLE as readonly string[]).includes(f)) throw new QueryError(`Unsupported property in SELECT: ${f}`);
  }
  const where: ParsedQuery['where'] = [];
  if (m[2] !== undefined) {
    for (const cond of m[2].split(/\s+AND\s+/i)) {
      const c = /^\s*([A-Za-z.]+)\s*=\s*'((?:[^']|'')*)'\s*$/.exec(cond);
      if (!c || !(FILTERABLE as readonly string[]).includes(c[1] ?? '')) throw new QueryError(`Unsupported condition: ${cond}`);
      where.push({ property: c[1] as Filterable, value: (c[2] ?? '').replace(/''/g, "'") });
    }
  }
  return { fields: fields as Selectable[], where };
}

function matches(r: LocatedResource, cond: ParsedQuery['where'][number]): boolean {
  const tags = Object.entries(r.tags ?? {});
  switch (cond.property) {
    case 'tags.key':
      return tags.some(([k]) => k === cond.value);
    case 'tags.value':
      return tags.some(([, v]) => v === cond.value);
    case 'tags.tag':
      return tags.some(([k, v]) => `${k}=${v}` === cond.value);
    default:
      return r[cond.property] === cond.value;
  }
}

export function queryMatches(q: ParsedQuery, r: LocatedResource): boolean {
  return q.where.every((c) => matches(r, c));
}

/** One result string: only the selected properties, as AWS returns them. */
export function toQueryResult(q: ParsedQuery, r: LocatedResource): string {
  const out: Record<string, unknown> = {};
  for (const f of q.fields) {
    out[f] = f === 'tags' ? Object.entries(r.tags ?? {}).map(([key, value]) => ({ key, value })) : r[f];
  }
  return JSON.stringify(out);
}
