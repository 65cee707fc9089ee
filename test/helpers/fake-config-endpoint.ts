/**
 * A local AWS Config + STS endpoint for tests and the collect benchmark: one Node HTTP server on
 * 127.0.0.1 that speaks Config's awsJson1_1 (`POST /`, `X-Amz-Target: StarlingDoveService.<Operation>`,
 * errors as HTTP 400/5xx with `{"__type", "message"}`, timestamps in epoch seconds) and STS's Query
 * protocol (form body `Action=GetCallerIdentity`, XML answer). Responses follow the AWS API reference
 * shapes; page sizes and limits are AWS's (25 rules per DescribeConfigRules page, Limit <= 100 for
 * results, 25 names for DescribeComplianceByConfigRule, ...), and a request over a limit gets the
 * ValidationException AWS gives.
 *
 * The caller's account comes from the SigV4 access key id (estate.accounts), the region from the
 * credential scope, so one endpoint serves every account and region. Faults are scripted per request
 * and attempt (FakeFault), never by the order concurrent requests arrive in.
 * Results can be listed or generated on demand (`{ count, at(i) }`), so an organisation of millions
 * of results costs the server no memory.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { QueryError, parseQuery, queryMatches, toQueryResult } from './fake-advanced-query.js';
import type { FakeResource, LocatedResource } from './fake-advanced-query.js';
import { keyed } from '../../src/tools/sample/seeded-random.js';

export type { FakeResource } from './fake-advanced-query.js';

export type Compliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';
/**
 * An evaluation result's type: "For the EvaluationResult data type, Config supports only the COMPLIANT,
 * NON_COMPLIANT, and NOT_APPLICABLE values" (API reference). INSUFFICIENT_DATA is a rule's state only.
 */
export type ResultCompliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
export const RESULT_COMPLIANCE: readonly ResultCompliance[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];

export interface FakeResult {
  resourceType: string;
  resourceId: string;
  complianceType: ResultCompliance;
  annotation?: string;
  /** ISO-8601 */
  recordedAt: string;
}

export type FakeResults = FakeResult[] | { count: number; at: (i: number) => FakeResult };

export interface FakeRule {
  name: string;
  arn?: string;
  owner: 'AWS' | 'CUSTOM_LAMBDA' | 'CUSTOM_POLICY';
  /** Source.SourceIdentifier */
  identifier?: string;
  state?: string;
  results: FakeResults;
}

export interface FakeRegion {
  account: string;
  region: string;
  recorder: 'on' | 'off' | 'failing' | 'none';
  rules: FakeRule[];
  packs: { name: string; rules: { ruleName: string; compliance: Compliance }[] }[];
  resourceCounts: { resourceType: string; count: number }[];
  /** Recorded resources with their tags, for the advanced query (none when absent). */
  resources?: FakeResources;
}

export type FakeResources = FakeResource[] | { count: number; at: (i: number) => FakeResource };

export interface FakeAggregator {
  name: string;
  sources: { account: string; region: string; status?: 'SUCCEEDED' | 'FAILED' | 'OUTDATED'; errorCode?: string }[];
}

export interface FakeEstate {
  regions: FakeRegion[];
  /** SigV4 access key id -> account id; other keys are the first account of `regions`. */
  accounts: Record<string, string>;
  aggregators?: FakeAggregator[];
}

export interface FakeFault {
  /** Which requests: by operation, account, region (all optional: absent matches any). */
  operation?: string;
  account?: string;
  region?: string;
  /** HTTP status and AWS error code. */
  status: number;
  code: string;
  message?: string;
  /**
   * Fault every Nth attempt of each matching request (1 = every attempt; default 1). A request is one
   * call and its retries (same operation, caller, region and body); its attempts are counted apart
   * from every other request's, from a seeded offset of its own, so about one attempt in N faults,
   * a request never meets this fault twice in a row (N >= 2), and which attempts fault is the same
   * whatever order concurrent requests arrive in.
   */
  every?: number;
  /**
   * Instead of every Nth: each attempt of a matching request faults with this probability, a seeded
   * draw keyed by the request and the attempt number, so the same attempts fault in every run, in
   * any order of arrival.
   */
  probability?: number;
  /**
   * Stop after this many faults in all. How many fire is fixed; which requests take them follows the
   * order of arrival (each matching attempt takes one until they run out).
   */
  times?: number;
  /**
   * How the fault shows: `error` (default) the AWS error above; `truncate` a 200 whose body stops half
   * way (the connection closes); `reset` the connection drops before any answer; `hang` no answer at all.
   */
  kind?: 'error' | 'truncate' | 'reset' | 'hang';
}

export interface FakeStats {
  requests: number;
  byOperation: Record<string, number>;
  faults: number;
  /** Faults answered, by error code. */
  faultsByCode: Record<string, number>;
  /** Evaluation results returned in successful answers (per-account and aggregate APIs). */
  resultsServed: number;
  /** Advanced-query results returned (resource tags). */
  resourcesServed: number;
  /** Evaluation results returned, by compliance type. */
  servedByType: Partial<Record<ResultCompliance, number>>;
}

/** Where a request went: for hooks. */
export interface FakeRequest {
  op: string;
  body: Record<string, unknown>;
  account: string;
  region: string;
}

export interface FakeAws {
  url: string;
  estate: FakeEstate;
  faults: FakeFault[];
  stats: FakeStats;
  /** Delay every answer by this many ms (a slow endpoint). */
  delayMs: number;
  /** Answer pages of at most this many items, whatever Limit asks (short pages with a NextToken). */
  pageCap?: number;
  /** Sees every AWS Config request that reaches the estate (after faults). */
  onRequest?: (req: FakeRequest) => void;
  /** Rewrites a successful AWS Config answer: a hostile endpoint (short pages, a dropped NextToken, ...). */
  transform?: (req: FakeRequest, answer: Record<string, unknown>) => Record<string, unknown>;
  close(): Promise<void>;
}

const resourceCount = (r: FakeResources | undefined) => (r === undefined ? 0 : Array.isArray(r) ? r.length : r.count);
const resourceAt = (r: FakeResources, i: number): FakeResource => (Array.isArray(r) ? (r[i] as FakeResource) : r.at(i));
const resultCount = (r: FakeResults) => (Array.isArray(r) ? r.length : r.count);
const resultAt = (r: FakeResults, i: number): FakeResult => (Array.isArray(r) ? (r[i] as FakeResult) : r.at(i));
/** The estate's results by compliance type: the truth a collect is checked against. */
export function resultsByType(estate: FakeEstate, regions: readonly FakeRegion[] = estate.regions): Record<ResultCompliance, number> {
  const out: Record<ResultCompliance, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
  for (const reg of regions) {
    for (const rule of reg.rules) {
      const n = resultCount(rule.results);
      for (let i = 0; i < n; i++) out[resultAt(rule.results, i).complianceType]++;
    }
  }
  return out;
}
export const totalResults = (estate: FakeEstate): number =>
  estate.regions.reduce((n, reg) => n + reg.rules.reduce((m, rule) => m + resultCount(rule.results), 0), 0);

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
const validation = (m: string) => new ApiError(400, 'ValidationException', m);

const epoch = (iso: string) => Date.parse(iso) / 1000;

function token(op: string, key: string, offset: number): string {
  return Buffer.from(JSON.stringify([op, key, offset])).toString('base64');
}
function offsetOf(op: string, key: string, t: unknown): number {
  if (t === undefined || t === null || t === '') return 0;
  try {
    const [o, k, n] = JSON.parse(Buffer.from(String(t), 'base64').toString('utf8')) as [string, string, number];
    if (o === op && k === key && Number.isInteger(n)) return n;
  } catch {
    // fall through
  }
  throw new ApiError(400, 'InvalidNextTokenException', 'The specified next token is invalid. Specify the nextToken string that was returned in the previous response to get the next page of results.');
}
function limitOf(v: unknown, max: number, dflt: number): number {
  if (v === undefined || v === null || v === 0) return dflt;
  if (typeof v !== 'number' || v < 0 || v > max) throw validation(`1 validation error detected: Value '${String(v)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return v;
}
/**
 * A compliance-type filter: undefined when omitted (or empty); a value the call does not accept is
 * refused as AWS refuses a parameter value it does not support.
 */
function complianceFilter(v: unknown, allowed: readonly string[], max: number): readonly string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((t) => typeof t !== 'string')) throw validation('ComplianceTypes must be a list of compliance types');
  if (v.length === 0) return undefined;
  if (v.length > max) throw validation(`1 validation error detected: Value at 'complianceTypes' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  const bad = (v as string[]).find((t) => !allowed.includes(t));
  if (bad !== undefined) throw new ApiError(400, 'InvalidParameterValueException', `${bad} is not a compliance type this operation can filter on (${allowed.join(', ')})`);
  return v as string[];
}

/** One page of `total` items from `offset`: the slice bounds and the NextToken. */
function pageAt(op: string, key: string, total: number, body: Record<string, unknown>, limit: number, tokenField = 'NextToken') {
  const start = offsetOf(op, key, body[tokenField]);
  const end = Math.min(total, start + limit);
  return { start, end, next: end < total ? token(op, key, end) : undefined };
}

function evaluationResult(rule: string, r: FakeResult, extra: Record<string, unknown> = {}) {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: r.resourceType, ResourceId: r.resourceId, EvaluationMode: 'DETECTIVE' },
      OrderingTimestamp: epoch(r.recordedAt),
    },
    ComplianceType: r.complianceType,
    ResultRecordedTime: epoch(r.recordedAt),
    ConfigRuleInvokedTime: epoch(r.recordedAt),
    ...(r.annotation !== undefined ? { Annotation: r.annotation } : {}),
    ...extra,
  };
}

function ruleCompliance(rule: FakeRule): { type: Compliance; nonCompliant: number } {
  let non = 0;
  let compliant = 0;
  const n = resultCount(rule.results);
  for (let i = 0; i < n; i++) {
    const t = resultAt(rule.results, i).complianceType;
    if (t === 'NON_COMPLIANT') non++;
    else if (t === 'COMPLIANT') compliant++;
  }
  return { type: non > 0 ? 'NON_COMPLIANT' : compliant > 0 ? 'COMPLIANT' : 'INSUFFICIENT_DATA', nonCompliant: non };
}

/** The contributor count cap of ComplianceContributorCount ("up to a maximum of ... 100 for resources"). */
const CONTRIBUTOR_CAP = 100;
function complianceShape(c: { type: Compliance; nonCompliant: number }) {
  return { ComplianceType: c.type, ...(c.type === 'NON_COMPLIANT' ? { ComplianceContributorCount: { CappedCount: Math.min(c.nonCompliant, CONTRIBUTOR_CAP), CapExceeded: c.nonCompliant > CONTRIBUTOR_CAP } } : {}) };
}

/** Results each answer of this fake could hold when a filter is omitted: what the reference promises at least, no more. */
const DEFAULT_TYPES: readonly ResultCompliance[] = ['COMPLIANT', 'NON_COMPLIANT'];

/**
 * Whether fault number `index` (`f`) answers attempt `attempt` of `request`: decided by the request,
 * the attempt and the seed alone (seeded-random's keyed draw), never by the order requests arrive in.
 * The collector has several requests in flight; a count shared by all of them (what this was) let a
 * retry's fate hang on how many other requests came in between, so under load one request could
 * meet "every 2nd request" throttling twelve times in a row.
 */
function faultsAttempt(f: FakeFault, index: number, request: string, attempt: number, seed: number): boolean {
  const key = `${index}|${request}`;
  if (f.probability !== undefined) return keyed(seed, `${key}|${attempt}`) < f.probability;
  const every = Math.max(1, Math.floor(f.every ?? 1));
  const offset = Math.floor(keyed(seed, key) * every);
  return (attempt + offset) % every === 0;
}

export async function startFakeAws(estate: FakeEstate, options: { faults?: FakeFault[]; delayMs?: number; seed?: number } = {}): Promise<FakeAws> {
  const seed = options.seed ?? 1;
  const stats: FakeStats = { requests: 0, byOperation: {}, faults: 0, faultsByCode: {}, resultsServed: 0, resourcesServed: 0, servedByType: {} };
  const fake: FakeAws = { url: '', estate, faults: options.faults ?? [], stats, delayMs: options.delayMs ?? 0, close: async () => undefined };
  /** Faults fired so far, per fault (for `times`). */
  const faultsFired = new Map<FakeFault, number>();
  /** Attempts so far per request (operation, caller, region, body), while any fault is scripted. */
  const attempts = new Map<string, number>();
  // Pages never longer than fake.pageCap when it is set: a service may answer a short page with a NextToken.
  const page = (op: string, key: string, total: number, body: Record<string, unknown>, limit: number, tokenField = 'NextToken') =>
    pageAt(op, key, total, body, Math.min(limit, fake.pageCap ?? limit), tokenField);
  const hung = new Set<ServerResponse>();
  const complianceCache = new WeakMap<FakeRule, { type: Compliance; nonCompliant: number }>();
  const compliance = (rule: FakeRule) => {
    let c = complianceCache.get(rule);
    if (!c) complianceCache.set(rule, (c = ruleCompliance(rule)));
    return c;
  };
  // The indexes of a rule's results of some types, computed once per rule and filter.
  const pickCache = new WeakMap<FakeRule, Map<string, number[]>>();
  const pick = (rule: FakeRule, types: readonly string[]): number[] | undefined => {
    if (RESULT_COMPLIANCE.every((t) => types.includes(t))) return undefined; // every result
    const key = [...types].sort().join(',');
    let byKey = pickCache.get(rule);
    if (!byKey) pickCache.set(rule, (byKey = new Map()));
    let out = byKey.get(key);
    if (!out) {
      out = [];
      const n = resultCount(rule.results);
      for (let i = 0; i < n; i++) if (types.includes(resultAt(rule.results, i).complianceType)) out.push(i);
      byKey.set(key, out);
    }
    return out;
  };
  /** One page of a rule's results of `types`, counted in stats. */
  const resultsPage = (op: string, key: string, rule: FakeRule, types: readonly string[], body: Record<string, unknown>, limit: number, extra: Record<string, unknown> = {}) => {
    const idx = pick(rule, types);
    const total = idx ? idx.length : resultCount(rule.results);
    const p = page(op, `${key}|${[...types].sort().join(',')}`, total, body, limit);
    const out = [];
    for (let i = p.start; i < p.end; i++) {
      const r = resultAt(rule.results, idx ? (idx[i] as number) : i);
      out.push(evaluationResult(rule.name, r, extra));
      stats.servedByType[r.complianceType] = (stats.servedByType[r.complianceType] ?? 0) + 1;
    }
    stats.resultsServed += out.length;
    return { out, next: p.next };
  };

  const regionOf = (account: string, region: string) => estate.regions.find((r) => r.account === account && r.region === region);
  const aggregatorOf = (name: unknown) => {
    const a = estate.aggregators?.find((x) => x.name === name);
    if (!a) throw new ApiError(400, 'NoSuchConfigurationAggregatorException', `The configuration aggregator ${String(name)} does not exist.`);
    return a;
  };
  const aggRegions = (a: FakeAggregator) =>
    a.sources.map((s) => regionOf(s.account, s.region)).filter((r): r is FakeRegion => r !== undefined);

  function config(op: string, body: Record<string, unknown>, account: string, region: string): unknown {
    const here = regionOf(account, region) ?? { account, region, recorder: 'none' as const, rules: [], packs: [], resourceCounts: [] };
    switch (op) {
      case 'DescribeConfigurationRecorderStatus':
        if (here.recorder === 'none') return { ConfigurationRecordersStatus: [] };
        return {
          ConfigurationRecordersStatus: [
            {
              name: 'default',
              recording: here.recorder !== 'off',
              lastStatus: here.recorder === 'failing' ? 'Failure' : here.recorder === 'on' ? 'Success' : 'Pending',
              ...(here.recorder === 'failing' ? { lastErrorCode: 'AccessDenied', lastErrorMessage: 'The recorder role cannot read S3' } : {}),
              lastStartTime: 1_700_000_000,
            },
          ],
        };
      case 'DescribeConformancePacks': {
        const p = page(op, region, here.packs.length, body, limitOf(body.Limit, 20, 20));
        return {
          ConformancePackDetails: here.packs.slice(p.start, p.end).map((pk, i) => ({
            ConformancePackName: pk.name,
            ConformancePackArn: `arn:aws:config:${region}:${account}:conformance-pack/${pk.name}/conformance-pack-${i}`,
            ConformancePackId: `conformance-pack-${i}`,
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      }
      case 'DescribeConformancePackCompliance': {
        const pk = here.packs.find((x) => x.name === body.ConformancePackName);
        if (!pk) throw new ApiError(400, 'NoSuchConformancePackException', `Conformance pack ${String(body.ConformancePackName)} does not exist.`);
        const p = page(op, pk.name, pk.rules.length, body, limitOf(body.Limit, 1000, 1000));
        return {
          ConformancePackName: pk.name,
          ConformancePackRuleComplianceList: pk.rules.slice(p.start, p.end).map((r) => ({ ConfigRuleName: r.ruleName, ComplianceType: r.compliance, Controls: [] })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      }
      case 'DescribeConfigRules': {
        const p = page(op, region, here.rules.length, body, 25);
        return {
          ConfigRules: here.rules.slice(p.start, p.end).map((r, i) => ({
            ConfigRuleName: r.name,
            ConfigRuleArn: r.arn ?? `arn:aws:config:${region}:${account}:config-rule/config-rule-${p.start + i}`,
            ConfigRuleId: `config-rule-${p.start + i}`,
            Source: { Owner: r.owner, ...(r.identifier ? { SourceIdentifier: r.identifier } : {}) },
            ConfigRuleState: r.state ?? 'ACTIVE',
            ...(r.name.includes('-conformance-pack-') ? { CreatedBy: 'config-conforms.amazonaws.com' } : {}),
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      }
      case 'GetComplianceDetailsByConfigRule': {
        // API reference: Limit default 10, at most 100; ComplianceTypes filters on COMPLIANT,
        // NON_COMPLIANT, NOT_APPLICABLE ("INSUFFICIENT_DATA cannot be used as a ComplianceType for
        // filtering results"). Which types come back when the filter is omitted is not promised: this
        // fake gives the least it could, COMPLIANT and NON_COMPLIANT.
        const rule = here.rules.find((r) => r.name === body.ConfigRuleName);
        if (!rule) throw new ApiError(400, 'NoSuchConfigRuleException', `The ConfigRule '${String(body.ConfigRuleName)}' provided in the request is invalid. Please check the configRule name`);
        const types = complianceFilter(body.ComplianceTypes, RESULT_COMPLIANCE, 3) ?? DEFAULT_TYPES;
        const { out, next } = resultsPage(op, `${region}|${rule.name}`, rule, types, body, limitOf(body.Limit, 100, 10));
        return { EvaluationResults: out, ...(next ? { NextToken: next } : {}) };
      }
      case 'DescribeComplianceByConfigRule': {
        // At most 25 rule names. The rule's Compliance is COMPLIANT, NON_COMPLIANT or INSUFFICIENT_DATA
        // ("Config does not support the NOT_APPLICABLE value for the Compliance data type"); without a
        // ComplianceTypes filter this fake lists COMPLIANT and NON_COMPLIANT rules only (not promised more).
        const names = (body.ConfigRuleNames as string[] | undefined) ?? here.rules.map((r) => r.name);
        if (names.length > 25) throw validation(`1 validation error detected: Value at 'configRuleNames' failed to satisfy constraint: Member must have length less than or equal to 25`);
        const types = complianceFilter(body.ComplianceTypes, ['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA'], 3) ?? DEFAULT_TYPES;
        const rules = names.map((nm) => {
          const r = here.rules.find((x) => x.name === nm);
          if (!r) throw new ApiError(400, 'NoSuchConfigRuleException', `The ConfigRule '${nm}' provided in the request is invalid.`);
          return r;
        });
        return {
          ComplianceByConfigRules: rules.filter((r) => types.includes(compliance(r).type)).map((r) => ({ ConfigRuleName: r.name, Compliance: complianceShape(compliance(r)) })),
        };
      }
      case 'GetDiscoveredResourceCounts': {
        const counts = here.resourceCounts;
        const p = page(op, region, counts.length, body, limitOf(body.limit, 100, 100), 'nextToken');
        return {
          totalDiscoveredResources: counts.reduce((s, c) => s + c.count, 0),
          resourceCounts: counts.slice(p.start, p.end).map((c) => ({ resourceType: c.resourceType, count: c.count })),
          ...(p.next ? { nextToken: p.next } : {}),
        };
      }
      case 'SelectResourceConfig':
        // SelectResourceConfig: Limit 0-100 (API reference); the default page is not documented, so
        // this fake uses the smallest documented default of the advanced query (25).
        return select(op, body, [here], limitOf(body.Limit, 100, 25), region);
      // --- aggregator ---
      case 'DescribeConfigurationAggregators': {
        const names = (body.ConfigurationAggregatorNames as string[] | undefined) ?? [];
        const list = names.map((n) => aggregatorOf(n));
        return {
          ConfigurationAggregators: list.map((a) => ({
            ConfigurationAggregatorName: a.name,
            ConfigurationAggregatorArn: `arn:aws:config:${region}:${account}:config-aggregator/config-aggregator-${a.name}`,
            AccountAggregationSources: [{ AccountIds: [...new Set(a.sources.map((s) => s.account))], AwsRegions: [...new Set(a.sources.map((s) => s.region))], AllAwsRegions: false }],
            CreationTime: 1_700_000_000,
            LastUpdatedTime: 1_700_000_000,
          })),
        };
      }
      case 'DescribeConfigurationAggregatorSourcesStatus': {
        const a = aggregatorOf(body.ConfigurationAggregatorName);
        const p = page(op, a.name, a.sources.length, body, limitOf(body.Limit, 100, 100));
        return {
          AggregatedSourceStatusList: a.sources.slice(p.start, p.end).map((s) => ({
            SourceId: s.account,
            SourceType: 'ACCOUNT',
            AwsRegion: s.region,
            LastUpdateStatus: s.status ?? 'SUCCEEDED',
            LastUpdateTime: 1_700_000_000,
            ...(s.errorCode ? { LastErrorCode: s.errorCode, LastErrorMessage: `Aggregation failed: ${s.errorCode}` } : {}),
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      }
      case 'DescribeAggregateComplianceByConfigRules': {
        // Filters.ComplianceType: "Config supports only COMPLIANT and NON_COMPLIANT"; with no filter
        // this fake lists COMPLIANT and NON_COMPLIANT rules only (an INSUFFICIENT_DATA rule is not promised).
        const a = aggregatorOf(body.ConfigurationAggregatorName);
        const f = (body.Filters ?? {}) as { ComplianceType?: string; AccountId?: string; AwsRegion?: string; ConfigRuleName?: string };
        const types = f.ComplianceType !== undefined ? (complianceFilter([f.ComplianceType], DEFAULT_TYPES, 1) ?? DEFAULT_TYPES) : DEFAULT_TYPES;
        const all = aggRegions(a)
          .filter((reg) => (!f.AccountId || reg.account === f.AccountId) && (!f.AwsRegion || reg.region === f.AwsRegion))
          .flatMap((reg) => reg.rules.map((rule) => ({ reg, rule })))
          .filter(({ rule }) => types.includes(compliance(rule).type) && (!f.ConfigRuleName || rule.name === f.ConfigRuleName));
        const p = page(op, `${a.name}|${JSON.stringify(f)}`, all.length, body, limitOf(body.Limit, 1000, 1000));
        return {
          AggregateComplianceByConfigRules: all.slice(p.start, p.end).map(({ reg, rule }) => ({
            ConfigRuleName: rule.name,
            Compliance: complianceShape(compliance(rule)),
            AccountId: reg.account,
            AwsRegion: reg.region,
          })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      }
      case 'GetAggregateComplianceDetailsByConfigRule': {
        // ComplianceType (one): "Config supports only the COMPLIANT and NON_COMPLIANT. Config does not
        // support the NOT_APPLICABLE and INSUFFICIENT_DATA values." Limit default 50, at most 100.
        const a = aggregatorOf(body.ConfigurationAggregatorName);
        if (!body.AccountId || !body.AwsRegion || !body.ConfigRuleName) throw validation('ConfigRuleName, AccountId and AwsRegion are required');
        const reg = aggRegions(a).find((r) => r.account === body.AccountId && r.region === body.AwsRegion);
        const rule = reg?.rules.find((r) => r.name === body.ConfigRuleName);
        if (!reg || !rule) throw new ApiError(400, 'NoSuchConfigRuleException', `The ConfigRule '${String(body.ConfigRuleName)}' provided in the request is invalid.`);
        const types = body.ComplianceType !== undefined ? (complianceFilter([body.ComplianceType], DEFAULT_TYPES, 1) ?? DEFAULT_TYPES) : DEFAULT_TYPES;
        const { out, next } = resultsPage(op, `${reg.account}|${reg.region}|${rule.name}`, rule, types, body, limitOf(body.Limit, 100, 50), { AccountId: reg.account, AwsRegion: reg.region });
        return { AggregateEvaluationResults: out, ...(next ? { NextToken: next } : {}) };
      }
      case 'SelectAggregateResourceConfig': {
        // Limit and MaxResults 0-100; a non-aggregation query pages 25 by default (API reference).
        const a = aggregatorOf(body.ConfigurationAggregatorName);
        const limit = limitOf(body.Limit ?? body.MaxResults, 100, 25);
        if (body.MaxResults !== undefined) limitOf(body.MaxResults, 100, 25);
        return select(op, body, aggRegions(a), limit, a.name);
      }
      case 'DescribeAggregateComplianceByConformancePacks': {
        const a = aggregatorOf(body.ConfigurationAggregatorName);
        const all = aggRegions(a).flatMap((reg) => reg.packs.map((pk) => ({ reg, pk })));
        const p = page(op, a.name, all.length, body, limitOf(body.Limit, 100, 100));
        return {
          AggregateComplianceByConformancePacks: all.slice(p.start, p.end).map(({ reg, pk }) => {
            const non = pk.rules.filter((r) => r.compliance === 'NON_COMPLIANT').length;
            const comp = pk.rules.filter((r) => r.compliance === 'COMPLIANT').length;
            return {
              ConformancePackName: pk.name,
              Compliance: { ComplianceType: non > 0 ? 'NON_COMPLIANT' : 'COMPLIANT', CompliantRuleCount: comp, NonCompliantRuleCount: non, TotalRuleCount: pk.rules.length },
              AccountId: reg.account,
              AwsRegion: reg.region,
            };
          }),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      }
      case 'GetAggregateDiscoveredResourceCounts': {
        const a = aggregatorOf(body.ConfigurationAggregatorName);
        const f = (body.Filters ?? {}) as { AccountId?: string; Region?: string; ResourceType?: string };
        if (body.GroupByKey !== 'RESOURCE_TYPE') throw validation('this fake answers GroupByKey RESOURCE_TYPE only');
        const regs = aggRegions(a).filter((r) => (!f.AccountId || r.account === f.AccountId) && (!f.Region || r.region === f.Region));
        const byType = new Map<string, number>();
        for (const r of regs) for (const c of r.resourceCounts) byType.set(c.resourceType, (byType.get(c.resourceType) ?? 0) + c.count);
        const rows = [...byType].filter(([t]) => !f.ResourceType || t === f.ResourceType);
        const p = page(op, `${a.name}|${f.AccountId ?? ''}|${f.Region ?? ''}`, rows.length, body, limitOf(body.Limit, 1000, 1000));
        return {
          TotalDiscoveredResources: rows.reduce((s, [, n]) => s + n, 0),
          GroupByKey: 'RESOURCE_TYPE',
          GroupedResourceCounts: rows.slice(p.start, p.end).map(([GroupName, ResourceCount]) => ({ GroupName, ResourceCount })),
          ...(p.next ? { NextToken: p.next } : {}),
        };
      }
      default:
        throw new ApiError(400, 'UnknownOperationException', `This fake does not implement ${op}`);
    }
  }

  /** Advanced query over the recorded resources of `regs` (pages index the matching resources). */
  function select(op: string, body: Record<string, unknown>, regs: FakeRegion[], limit: number, key: string) {
    if (typeof body.Expression !== 'string' || body.Expression.length < 1 || body.Expression.length > 4096) throw validation('Expression must be 1 to 4096 characters');
    let q;
    try {
      q = parseQuery(body.Expression);
    } catch (err) {
      if (err instanceof QueryError) throw new ApiError(400, err.code, err.message);
      throw err;
    }
    const all = function* (): Generator<LocatedResource> {
      for (const reg of regs) {
        const n = resourceCount(reg.resources);
        for (let i = 0; i < n; i++) yield { ...resourceAt(reg.resources as FakeResources, i), accountId: reg.account, awsRegion: reg.region };
      }
    };
    const matching = [...all()].filter((r) => queryMatches(q, r));
    const p = page(op, `${key}|${body.Expression}`, matching.length, body, limit);
    const results = matching.slice(p.start, p.end).map((r) => toQueryResult(q, r));
    stats.resourcesServed += results.length;
    return { Results: results, QueryInfo: { SelectFields: q.fields.map((Name) => ({ Name })) }, ...(p.next ? { NextToken: p.next } : {}) };
  }

  /** The scripted fault that answers this attempt of the request whose body is `text`, if any. */
  function fault(op: string, account: string, region: string, text: string): FakeFault | undefined {
    if (fake.faults.length === 0) return undefined;
    const request = `${op}|${account}|${region}|${text}`;
    const attempt = (attempts.get(request) ?? 0) + 1;
    attempts.set(request, attempt);
    for (const [index, f] of fake.faults.entries()) {
      if ((f.operation && f.operation !== op) || (f.account && f.account !== account) || (f.region && f.region !== region)) continue;
      const fired = faultsFired.get(f) ?? 0;
      if (f.times !== undefined && fired >= f.times) continue;
      if (!faultsAttempt(f, index, request, attempt, seed)) continue;
      faultsFired.set(f, fired + 1);
      stats.faults++;
      stats.faultsByCode[f.code] = (stats.faultsByCode[f.code] ?? 0) + 1;
      return f;
    }
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    stats.requests++;
    const auth = String(req.headers.authorization ?? '');
    const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    if (!m) {
      res.writeHead(403, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }));
      return;
    }
    const [, keyId = '', region = '', service = ''] = m;
    const account = estate.accounts[keyId] ?? estate.regions[0]?.account ?? '000000000000';
    if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs));

    if (service === 'sts') {
      const params = new URLSearchParams(text);
      const op = params.get('Action') ?? '';
      stats.byOperation[`sts:${op}`] = (stats.byOperation[`sts:${op}`] ?? 0) + 1;
      const f = fault(`sts:${op}`, account, region, text);
      if (f) {
        res.writeHead(f.status, { 'content-type': 'text/xml' }).end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${f.code}</Code><Message>${f.message ?? f.code}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`);
        return;
      }
      if (op !== 'GetCallerIdentity') {
        res.writeHead(400, { 'content-type': 'text/xml' }).end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation ${op}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' }).end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/srmap-collector</Arn><UserId>${keyId}</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
      return;
    }

    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.startsWith('StarlingDoveService.') ? target.slice('StarlingDoveService.'.length) : '';
    stats.byOperation[op] = (stats.byOperation[op] ?? 0) + 1;
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'fake' }).end(JSON.stringify(body));
    try {
      if (req.headers['content-type'] !== 'application/x-amz-json-1.1' || !op) throw new ApiError(400, 'SerializationException', 'expected awsJson1_1 with X-Amz-Target');
      const f = fault(op, account, region, text);
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      if (f && (f.kind ?? 'error') === 'error') {
        throw new ApiError(f.status, f.code, f.message ?? (f.code === 'ThrottlingException' ? 'Rate exceeded' : `${f.code} (scripted)`));
      }
      if (f?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (f?.kind === 'hang') {
        hung.add(res);
        return;
      }
      const request: FakeRequest = { op, body, account, region };
      fake.onRequest?.(request);
      const servedBefore = { ...stats.servedByType, total: stats.resultsServed, resources: stats.resourcesServed };
      let answer = config(op, body, account, region) as Record<string, unknown>;
      if (fake.transform) answer = fake.transform(request, answer);
      if (f?.kind === 'truncate') {
        // What was "served" never arrived.
        stats.resultsServed = servedBefore.total;
        stats.resourcesServed = servedBefore.resources;
        stats.servedByType = { COMPLIANT: servedBefore.COMPLIANT ?? 0, NON_COMPLIANT: servedBefore.NON_COMPLIANT ?? 0, NOT_APPLICABLE: servedBefore.NOT_APPLICABLE ?? 0 };
        const text = JSON.stringify(answer);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setTimeout(() => req.socket.destroy(), 5);
        return;
      }
      send(200, answer);
    } catch (err) {
      if (err instanceof ApiError) send(err.status, { __type: err.code, message: err.message });
      else send(500, { __type: 'InternalFailure', message: String(err) });
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((r) => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}

/** Environment for a child or in-process SDK: static credentials for `keyId`, both endpoints on the fake. */
export function fakeAwsEnv(fake: FakeAws, keyId: string, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: keyId,
    AWS_SECRET_ACCESS_KEY: 'fake-secret-key-for-tests-only',
    AWS_REGION: region,
    AWS_ENDPOINT_URL_CONFIG_SERVICE: fake.url,
    AWS_ENDPOINT_URL_STS: fake.url,
    AWS_CONFIG_FILE: '/nonexistent/srmap-test-aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/srmap-test-aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SRMAP_RETRY_BASE_MS: '2',
  };
}

/**
 * The AWS Config estate a snapshot describes (the sample's, for "a collected snapshot renders the
 * same pack"): rules, results, conformance packs, resource counts; a pair with a
 * recorder gap (RecorderNotRecording; ConfigurationRecorderNotRecording in older snapshots) has its recorder off. Every account is reachable through the
 * access key id `AKID<account>` and through an aggregator named `org`.
 */
export function estateFromSnapshot(dir: string): FakeEstate {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    scope: { accounts: { id: string }[]; regions: string[] };
    files: { path: string }[];
    gaps: { account?: string; region?: string; code: string }[];
  };
  const lines = (file: string) => {
    const buf = readFileSync(join(dir, file));
    const text = file.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
    return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  const regions: FakeRegion[] = [];
  const regionFor = (account: string, region: string) => {
    let r = regions.find((x) => x.account === account && x.region === region);
    if (!r) {
      // The recorder gap codes, and the one snapshots written before them used.
      const off = manifest.gaps.some((g) => g.account === account && g.region === region && ['RecorderNotRecording', 'NoConfigurationRecorder', 'ConfigurationRecorderNotRecording'].includes(g.code));
      r = { account, region, recorder: off ? 'off' : 'on', rules: [], packs: [], resourceCounts: [] };
      regions.push(r);
    }
    return r;
  };
  for (const a of manifest.scope.accounts) for (const reg of manifest.scope.regions) regionFor(a.id, reg);
  const rulesByKey = new Map<string, FakeRule>();
  for (const r of lines('config-rules.ndjson')) {
    const rule: FakeRule = {
      name: String(r.ruleName),
      ...(r.ruleArn ? { arn: String(r.ruleArn) } : {}),
      owner: r.sourceOwner as FakeRule['owner'],
      ...(r.sourceOwner === 'CUSTOM_POLICY' && r.sourceIdentifier === 'CUSTOM_POLICY' ? {} : { identifier: String(r.sourceIdentifier) }),
      ...(r.state ? { state: String(r.state) } : {}),
      results: [],
    };
    regionFor(String(r.account), String(r.region)).rules.push(rule);
    rulesByKey.set(`${String(r.account)}|${String(r.region)}|${rule.name}`, rule);
  }
  for (const e of lines('evaluations.ndjson.gz')) {
    const rule = rulesByKey.get(`${String(e.account)}|${String(e.region)}|${String(e.ruleName)}`);
    if (!rule || !Array.isArray(rule.results)) throw new Error(`evaluation for an unknown rule ${String(e.ruleName)}`);
    // AWS never gives an evaluation result INSUFFICIENT_DATA (API reference, EvaluationResult): a
    // snapshot record of it cannot be served; a rule left with no result is INSUFFICIENT_DATA itself.
    if (e.complianceType === 'INSUFFICIENT_DATA') continue;
    rule.results.push({
      resourceType: String(e.resourceType),
      resourceId: String(e.resourceId),
      complianceType: e.complianceType as ResultCompliance,
      ...(e.annotation !== undefined ? { annotation: String(e.annotation) } : {}),
      recordedAt: String(e.recordedAt),
    });
  }
  for (const p of lines('conformance-packs.ndjson')) {
    regionFor(String(p.account), String(p.region)).packs.push({ name: String(p.name), rules: p.rules as { ruleName: string; compliance: Compliance }[] });
  }
  for (const c of lines('resource-counts.ndjson')) {
    regionFor(String(c.account), String(c.region)).resourceCounts.push({ resourceType: String(c.resourceType), count: Number(c.count) });
  }
  // Recorded resources: the snapshot's resource tags where it has them, else every evaluated resource, untagged.
  const tagged = manifest.files.some((f) => f.path === 'resource-tags.ndjson.gz');
  const seen = new Set<string>();
  const resource = (account: string, region: string, r: FakeResource) => {
    const k = `${account}|${region}|${r.resourceType}|${r.resourceId}`;
    if (seen.has(k)) return;
    seen.add(k);
    const reg = regionFor(account, region);
    (reg.resources ??= []);
    if (Array.isArray(reg.resources)) reg.resources.push(r);
  };
  if (tagged) {
    for (const t of lines('resource-tags.ndjson.gz')) resource(String(t.account), String(t.region), { resourceType: String(t.resourceType), resourceId: String(t.resourceId), tags: t.tags as Record<string, string> });
  } else {
    for (const e of lines('evaluations.ndjson.gz')) resource(String(e.account), String(e.region), { resourceType: String(e.resourceType), resourceId: String(e.resourceId), tags: {} });
  }
  const accounts: Record<string, string> = {};
  for (const a of manifest.scope.accounts) accounts[`AKID${a.id}`] = a.id;
  return {
    regions,
    accounts,
    aggregators: [{ name: 'org', sources: regions.map((r) => ({ account: r.account, region: r.region })) }],
  };
}

/** Managed rules the generated estates deploy (name as deployed before the pack suffix, identifier). */
export const GENERATED_RULES: readonly [string, string][] = [
  ['s3-bucket-public-read-prohibited', 'S3_BUCKET_PUBLIC_READ_PROHIBITED'],
  ['s3-bucket-server-side-encryption-enabled', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED'],
  ['restricted-ssh', 'INCOMING_SSH_DISABLED'],
  ['cloudtrail-enabled', 'CLOUD_TRAIL_ENABLED'],
  ['encrypted-volumes', 'ENCRYPTED_VOLUMES'],
  ['rds-storage-encrypted', 'RDS_STORAGE_ENCRYPTED'],
  ['iam-password-policy', 'IAM_PASSWORD_POLICY'],
  ['access-keys-rotated', 'ACCESS_KEYS_ROTATED'],
];

const COMPLIANCE_CYCLE: ResultCompliance[] = ['COMPLIANT', 'COMPLIANT', 'COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'COMPLIANT', 'NOT_APPLICABLE', 'COMPLIANT'];

export interface GeneratedOrg {
  accounts: number;
  regions: string[];
  /** Rules per account/region; every 8th is custom, the rest managed, deployed by a conformance pack. */
  rules: number;
  /** Results of rule `r` in pair `p`. */
  resultsPerRule: (rule: number, pair: number) => number;
}

/**
 * A generated organisation: `accounts` x `regions`, `rules` rules each with generated results (nothing
 * held in memory), one conformance pack per pair, resource counts, an aggregator `org` over all of it,
 * and the access key `AKID<account>` for each account.
 */
export function generateOrganisation(g: GeneratedOrg): FakeEstate {
  const regions: FakeRegion[] = [];
  const accounts: Record<string, string> = {};
  let pair = 0;
  for (let a = 0; a < g.accounts; a++) {
    const account = String(100000000000 + a * 1111);
    accounts[`AKID${account}`] = account;
    for (const region of g.regions) {
      const p = pair++;
      const rules: FakeRule[] = [];
      for (let r = 0; r < g.rules; r++) {
        const [base, identifier] = GENERATED_RULES[r % GENERATED_RULES.length] as [string, string];
        const custom = r % 8 === 7;
        // The same managed rule deployed again (by another pack) gets another suffix, as AWS does.
        const suffix = `-conformance-pack-${(p * 7919 + Math.floor(r / GENERATED_RULES.length)).toString(36).padStart(6, 'x')}`;
        const name = custom ? `custom-check-${r}` : `${base}${suffix}`;
        const count = g.resultsPerRule(r, p);
        rules.push({
          name,
          owner: custom ? 'CUSTOM_LAMBDA' : 'AWS',
          identifier: custom ? `arn:aws:lambda:${region}:${account}:function:custom-check-${r}` : identifier,
          results: {
            count,
            at: (i) => {
              const complianceType = COMPLIANCE_CYCLE[(i + r) % COMPLIANCE_CYCLE.length] as ResultCompliance;
              return {
                resourceType: 'AWS::S3::Bucket',
                resourceId: `bucket-${account}-${region}-${r}-${i}`,
                complianceType,
                ...(complianceType === 'NON_COMPLIANT' ? { annotation: `Resource ${i} fails check ${r}.` } : {}),
                recordedAt: new Date(Date.UTC(2026, 10, 1) + ((i * 7 + r) % 86_400) * 1000).toISOString(),
              };
            },
          },
        });
      }
      regions.push({
        account,
        region,
        recorder: 'on',
        rules,
        packs: [{ name: 'Operational-Best-Practices-for-HIPAA-Security', rules: rules.filter((r) => r.owner === 'AWS').map((r) => ({ ruleName: r.name, compliance: 'COMPLIANT' as Compliance })) }],
        resourceCounts: [
          { resourceType: 'AWS::S3::Bucket', count: 10 + p },
          { resourceType: 'AWS::EC2::Instance', count: 3 },
        ],
        // The same resources, recorded with tags: every third bucket in the cardholder-data environment.
        resources: {
          count: 13 + p,
          at: (i): FakeResource =>
            i < 10 + p
              ? { resourceType: 'AWS::S3::Bucket', resourceId: `bucket-${account}-${region}-${i}`, tags: { Name: `bucket ${i}`, ...(i % 3 === 0 ? { cde: 'true' } : {}) } }
              : { resourceType: 'AWS::EC2::Instance', resourceId: `i-${account}${region.replace(/-/g, '')}${i}`, tags: i % 2 === 0 ? { cde: 'false' } : ({} as Record<string, string>) },
        },
      });
    }
  }
  return { regions, accounts, aggregators: [{ name: 'org', sources: regions.map((r) => ({ account: r.account, region: r.region })) }] };
}
