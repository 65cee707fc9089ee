/**
 * Attack run of the collection side (issue 14): hostile endpoint behaviours against srmap collect,
 * by both routes, each scenario a set of checks against the endpoint's own truth. Prints a table
 * (category, checks, passed), the failures, and the collected count against the truth per compliance
 * type for both routes under the worst cases (wrong defaults, short pages, a throttling storm).
 *
 *   npm run build && npx tsx src/tools/attack-collect.ts [--only CATEGORY]
 *
 * Most scenarios run the collector in process against the local endpoint (test/helpers), through the
 * real SDK over HTTP; kills, signals and an unwritable --out run the built CLI (dist/) as a user does.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../catalog/load-catalog.js';
import { collectAwsConfig, planAwsConfig } from '../collect/aws-config/collect-aws-config.js';
import type { AwsConfigPlan } from '../collect/aws-config/collect-aws-config.js';
import { toManagedRuleNames } from '../collect/aws-config/to-config-records.js';
import { ArtifactClient } from '../collect/aws-artifact/artifact-client.js';
import { collectArtifact } from '../collect/aws-artifact/collect-artifact.js';
import { createProgress } from '../collect/collect-progress.js';
import { toRetrySettings } from '../collect/collect-retry.js';
import type { EvidenceSink } from '../collect/collect-sink.js';
import { SrmapError } from '../domain/errors.js';
import type { CollectionLimit, Gap, RecordKind, RecordTypes, SnapshotFile, SourceStatus } from '../domain/snapshot.js';
import { startFakeArtifact } from '../../test/helpers/fake-artifact-endpoint.js';
import { fakeAwsEnv, generateOrganisation, resultsByType, startFakeAws } from '../../test/helpers/fake-config-endpoint.js';
import type { FakeAws, FakeEstate, FakeFault, FakeRequest } from '../../test/helpers/fake-config-endpoint.js';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const BIN = fileURLToPath(new URL('../../dist/cli/srmap.js', import.meta.url));
const FRAMEWORKS = fileURLToPath(new URL('../../frameworks', import.meta.url));
const managedRules = toManagedRuleNames((await loadCatalog(FRAMEWORKS)).managedRules.values());

// ---------------------------------------------------------------------------------------------
// Checks

interface Check {
  category: string;
  name: string;
  pass: boolean;
  detail: string;
}
const checks: Check[] = [];
function check(category: string, name: string, pass: boolean, detail = ''): void {
  checks.push({ category, name, pass, detail });
}
const wanted = (category: string) => values.only === undefined || values.only === category;

// ---------------------------------------------------------------------------------------------
// In-process collection into memory

interface Memory extends EvidenceSink {
  records: { [K in RecordKind]?: RecordTypes[K][] };
  sources: SourceStatus[];
  gaps: Gap[];
  limits: CollectionLimit[];
}

function memory(): Memory {
  const m: Memory = {
    records: {},
    sources: [],
    gaps: [],
    limits: [],
    write(kind, record) {
      ((m.records[kind] ??= []) as unknown[]).push(record);
      return Promise.resolve();
    },
    include(kind) {
      m.records[kind] ??= [];
    },
    addSource: (s) => void m.sources.push(s),
    addGap: (g) => void m.gaps.push(g),
    addLimit: (l) => void m.limits.push(l),
  };
  return m;
}

interface Collected {
  sink: Memory;
  plan?: AwsConfigPlan;
  error?: unknown;
  byType: Record<string, number>;
  complete: boolean;
}

async function collect(fake: FakeAws, options: { regions?: string[]; aggregator?: string; requestTimeoutMs?: number; key?: string } = {}): Promise<Collected> {
  const env = fakeAwsEnv(fake, options.key ?? 'AKID100000000000');
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const sink = memory();
  const progress = createProgress({ mode: 'quiet', write: () => undefined });
  try {
    const plan = await planAwsConfig({
      ...(options.regions ? { regions: options.regions } : {}),
      ...(options.aggregator ? { aggregator: options.aggregator } : {}),
      retry: toRetrySettings({ SRMAP_RETRY_BASE_MS: '1' }),
      regionConcurrency: 4,
      ruleConcurrency: 4,
      managedRules,
      calls: progress.calls,
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    });
    await collectAwsConfig(sink, plan, progress);
    return { sink, plan, byType: byType(sink), complete: isComplete(sink) };
  } catch (error) {
    return { sink, error, byType: byType(sink), complete: false };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function byType(sink: Memory): Record<string, number> {
  const out: Record<string, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
  for (const e of sink.records.evaluations ?? []) out[e.complianceType] = (out[e.complianceType] ?? 0) + 1;
  return out;
}

/** As the pipeline decides it: no gap, and no limit that leaves evidence uncollected or unknown. */
const isComplete = (sink: Memory) => sink.gaps.length === 0 && sink.limits.every((l) => l.effect === 'not-checked');

async function withFake<T>(estate: FakeEstate, options: { faults?: FakeFault[]; delayMs?: number; seed?: number }, fn: (fake: FakeAws) => Promise<T>): Promise<T> {
  const fake = await startFakeAws(estate, options);
  try {
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

const accountEstate = () => generateOrganisation({ accounts: 1, regions: ['us-east-1', 'eu-west-1'], rules: 24, resultsPerRule: (r) => (r * 41) % 230 });
const orgEstate = () => generateOrganisation({ accounts: 4, regions: ['us-east-1', 'eu-west-1'], rules: 16, resultsPerRule: (r, p) => ((r + 1) * (p + 3) * 7) % 190 });
const ACCOUNT_REGIONS = ['us-east-1', 'eu-west-1'];
const aggTruth = (e: FakeEstate) => {
  const t = resultsByType(e);
  return { COMPLIANT: t.COMPLIANT, NON_COMPLIANT: t.NON_COMPLIANT };
};

/** Per type table rows: scenario, route, type, collected, truth. */
const typeRows: [string, string, string, number, number][] = [];
function compareTypes(category: string, scenario: string, route: 'account' | 'aggregator', got: Collected, truth: Record<string, number>): void {
  for (const [t, n] of Object.entries(truth)) {
    typeRows.push([scenario, route, t, got.byType[t] ?? 0, n]);
    check(category, `${scenario}, ${route}: ${t} collected equals the endpoint's truth`, (got.byType[t] ?? 0) === n, `${got.byType[t] ?? 0} of ${n}`);
  }
  if (route === 'aggregator') check(category, `${scenario}, aggregator: NOT_APPLICABLE is a stated limit, never counted`, got.byType.NOT_APPLICABLE === 0 && got.sink.limits.some((l) => l.code === 'AggregateComplianceTypes'));
}

// ---------------------------------------------------------------------------------------------
// Scenarios

if (wanted('wrong defaults')) {
  const c = 'wrong defaults';
  const e = accountEstate();
  await withFake(e, {}, async (fake) => {
    const asked: FakeRequest[] = [];
    fake.onRequest = (r) => asked.push(r);
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    compareTypes(c, 'only C/NC unless asked', 'account', got, resultsByType(e));
    check(c, 'account: every results call names COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE', asked.filter((r) => r.op === 'GetComplianceDetailsByConfigRule').every((r) => JSON.stringify(r.body.ComplianceTypes) === '["COMPLIANT","NON_COMPLIANT","NOT_APPLICABLE"]'));
    check(c, 'account: rule compliance asked with INSUFFICIENT_DATA by name; INSUFFICIENT_DATA rules recorded on the rule', (got.sink.records.configRules ?? []).some((r) => r.compliance === 'INSUFFICIENT_DATA') && asked.filter((r) => r.op === 'DescribeComplianceByConfigRule').every((r) => (r.body.ComplianceTypes as string[]).includes('INSUFFICIENT_DATA')));
    check(c, 'account: no gaps, complete', got.sink.gaps.length === 0 && got.complete, JSON.stringify(got.sink.gaps.map((g) => g.code)));
  });
  const o = orgEstate();
  await withFake(o, {}, async (fake) => {
    const got = await collect(fake, { aggregator: 'org' });
    compareTypes(c, 'only C/NC unless asked', 'aggregator', got, aggTruth(o));
    check(c, 'aggregator: INSUFFICIENT_DATA rules and members\' recorders stated as limits', ['AggregateInsufficientDataRules', 'AggregateRecorderState'].every((code) => got.sink.limits.some((l) => l.code === code)));
    check(c, 'aggregator: never reported complete', !got.complete);
    check(c, 'aggregator: every pair\'s recorder is unknown, none claimed recording', got.sink.sources.every((s) => s.recorder === 'unknown'));
  });
  // A broken filter: NOT_APPLICABLE results never come, even when asked for. AWS gives no count of them,
  // so this cannot be detected; srmap says so in the manifest rather than claiming a check.
  await withFake(e, {}, async (fake) => {
    fake.transform = (req, a) => (req.op === 'GetComplianceDetailsByConfigRule' ? { ...a, EvaluationResults: ((a.EvaluationResults as { ComplianceType?: string }[]) ?? []).filter((x) => x.ComplianceType !== 'NOT_APPLICABLE') } : a);
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    check(c, 'account: NOT_APPLICABLE withheld even when asked: undetectable without an AWS count, so the manifest states NoCountOfNotApplicable', got.sink.limits.some((l) => l.code === 'NoCountOfNotApplicable' && l.effect === 'not-checked'), `collected NOT_APPLICABLE ${got.byType.NOT_APPLICABLE ?? 0}`);
  });
}

if (wanted('short pages')) {
  const c = 'short pages';
  const e = accountEstate();
  await withFake(e, {}, async (fake) => {
    fake.pageCap = 7;
    compareTypes(c, 'pages of 7 with a NextToken', 'account', await collect(fake, { regions: ACCOUNT_REGIONS }), resultsByType(e));
  });
  const o = orgEstate();
  await withFake(o, {}, async (fake) => {
    fake.pageCap = 7;
    const got = await collect(fake, { aggregator: 'org' });
    compareTypes(c, 'pages of 7 with a NextToken', 'aggregator', got, aggTruth(o));
    check(c, 'aggregator: every rule listed across short rule-list pages', (got.sink.records.configRules ?? []).length === o.regions.reduce((n, r) => n + r.rules.filter((x) => (Array.isArray(x.results) ? x.results.length : x.results.count) > 0).length, 0));
  });
  const creds = { accessKeyId: 'AKIDART', secretAccessKey: 's' };
  const reports = Array.from({ length: 9 }, (_, i) => ({ id: `report-${i}`, name: `AWS Report ${i}`, category: 'Certifications and Attestations', series: 'SOC', version: 1, periodStart: '2025-01-01T00:00:00Z', periodEnd: '2025-12-31T00:00:00Z' }));
  const art = await startFakeArtifact({ credentials: creds, reports, pageSize: 2 });
  try {
    const sink = { ...memory(), addFile: async (): Promise<SnapshotFile> => ({ path: 'x', sha256: '0'.repeat(64), bytes: 0, records: 0 }) };
    const s = await collectArtifact(sink, { client: new ArtifactClient({ endpoint: art.url, credentials: creds }), retry: toRetrySettings({ SRMAP_RETRY_BASE_MS: '1' }) });
    check(c, 'Artifact: every report across pages of 2', s.reports === 9, `${s.reports} of 9`);
  } finally {
    await art.stop();
  }
}

if (wanted('truncated listings')) {
  const c = 'truncated listings';
  const e = accountEstate();
  await withFake(e, {}, async (fake) => {
    const victim = e.regions[0]?.rules.find((r) => (Array.isArray(r.results) ? r.results.length : r.results.count) > 100)?.name;
    fake.transform = (req, a) => (req.op === 'GetComplianceDetailsByConfigRule' && req.region === 'us-east-1' && req.body.ConfigRuleName === victim ? { ...a, NextToken: undefined } : a);
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    check(c, 'account: a results listing cut short (no NextToken) is a NON_COMPLIANT ResultsIncomplete gap naming the rule', got.sink.gaps.some((g) => g.code === 'ResultsIncomplete' && g.complianceType === 'NON_COMPLIANT' && g.message.includes(victim ?? '?')), got.sink.gaps.map((g) => g.code).join(','));
    check(c, 'account: such a collect is not complete', !got.complete);
  });
  // COMPLIANT results withheld. AWS counts none, so a loss shows only where the rule itself is COMPLIANT
  // (it must have one); on a NON_COMPLIANT rule it cannot be seen, which the manifest states.
  const mixed = generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 8, resultsPerRule: (r) => (r % 2 === 0 ? 3 : 60) });
  for (const rule of mixed.regions[0]?.rules ?? []) {
    if (Array.isArray(rule.results) || rule.results.count !== 3) continue;
    const at = rule.results.at;
    rule.results = { count: 3, at: (i) => ({ ...at(i), complianceType: 'COMPLIANT' as const }) };
  }
  await withFake(mixed, {}, async (fake) => {
    fake.transform = (req, a) => (req.op === 'GetComplianceDetailsByConfigRule' ? { ...a, EvaluationResults: ((a.EvaluationResults as { ComplianceType?: string }[]) ?? []).filter((x) => x.ComplianceType !== 'COMPLIANT') } : a);
    const got = await collect(fake, { regions: ['us-east-1'] });
    const g = got.sink.gaps.find((x) => x.code === 'ResultsIncomplete' && x.complianceType === 'COMPLIANT');
    check(c, 'account: COMPLIANT results withheld: a COMPLIANT ResultsIncomplete gap for each rule AWS calls COMPLIANT', g !== undefined && /for 4 rule\(s\)/.test(g.message), g?.message.slice(0, 120) ?? 'no gap');
    check(c, 'account: COMPLIANT results withheld from NON_COMPLIANT rules cannot be seen (no AWS count): stated as NoCountOfCompliant', got.sink.limits.some((l) => l.code === 'NoCountOfCompliant' && l.effect === 'not-checked'));
  });
  const o = orgEstate();
  await withFake(o, {}, async (fake) => {
    fake.transform = (req, a) => (req.op === 'GetAggregateComplianceDetailsByConfigRule' && req.body.AccountId === '100000001111' && req.body.ComplianceType === 'NON_COMPLIANT' ? { ...a, AggregateEvaluationResults: [], NextToken: undefined } : a);
    const got = await collect(fake, { aggregator: 'org' });
    check(c, 'aggregator: a member\'s NON_COMPLIANT results withheld: a gap for that account, per region', got.sink.gaps.filter((g) => g.code === 'ResultsIncomplete' && g.account === '100000001111').length === 2);
  });
  await withFake(e, {}, async (fake) => {
    // Asked for the page after X, the endpoint answers the same page and X again: a loop.
    fake.transform = (req, a) => (req.op === 'GetComplianceDetailsByConfigRule' && req.body.NextToken !== undefined ? { ...a, NextToken: req.body.NextToken } : a);
    const started = Date.now();
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    check(c, 'account: a NextToken that loops stops as a PaginationLoop gap, never hangs, never "the end"', got.sink.gaps.some((g) => g.code === 'PaginationLoop') && Date.now() - started < 60_000, got.sink.gaps.map((g) => g.code).join(','));
  });
}

if (wanted('throttling')) {
  const c = 'throttling';
  const storm: FakeFault[] = [
    { probability: 0.15, status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
    { probability: 0.03 / 0.85, status: 500, code: 'InternalFailure' },
  ];
  const e = accountEstate();
  await withFake(e, { faults: storm, seed: 7 }, async (fake) => {
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    compareTypes(c, 'storm 15% throttled + 3% 5xx', 'account', got, resultsByType(e));
    check(c, 'account storm: no gap, nothing given up', got.sink.gaps.length === 0, `${fake.stats.faults} faults`);
  });
  const o = orgEstate();
  await withFake(o, { faults: storm, seed: 8 }, async (fake) => {
    const got = await collect(fake, { aggregator: 'org' });
    compareTypes(c, 'storm 15% throttled + 3% 5xx', 'aggregator', got, aggTruth(o));
    check(c, 'aggregator storm: no gap, nothing given up', got.sink.gaps.length === 0, `${fake.stats.faults} faults`);
  });
  await withFake(e, { faults: [{ operation: 'GetComplianceDetailsByConfigRule', status: 400, code: 'ThrottlingException', times: 8 }] }, async (fake) => {
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    check(c, 'account: 8 throttles in a row on one call: retried through, all collected', got.sink.gaps.length === 0 && got.byType.COMPLIANT === resultsByType(e).COMPLIANT);
  });
  const creds = { accessKeyId: 'AKIDART', secretAccessKey: 's' };
  const art = await startFakeArtifact({ credentials: creds, reports: [{ id: 'report-1', name: 'AWS SOC 2', category: 'Certifications and Attestations', series: 'SOC', version: 1, periodStart: '2025-01-01T00:00:00Z', periodEnd: '2025-12-31T00:00:00Z' }] });
  try {
    art.failNext('ListReports', { status: 429, code: 'ThrottlingException', retryAfter: '1' });
    const sink = { ...memory(), addFile: async (): Promise<SnapshotFile> => ({ path: 'x', sha256: '0'.repeat(64), bytes: 0, records: 0 }) };
    const started = Date.now();
    const s = await collectArtifact(sink, { client: new ArtifactClient({ endpoint: art.url, credentials: creds }), retry: toRetrySettings({ SRMAP_RETRY_BASE_MS: '1', SRMAP_RETRY_MAX_MS: '5000' }) });
    check(c, 'Artifact: a 429 with Retry-After: 1 is waited out (about 1 s) and the listing collected', s.reports === 1 && s.gaps.length === 0 && Date.now() - started >= 950, `${Date.now() - started} ms`);
  } finally {
    await art.stop();
  }
}

if (wanted('5xx')) {
  const c = '5xx';
  const e = accountEstate();
  await withFake(e, { faults: [{ operation: 'DescribeConfigRules', status: 503, code: 'ServiceUnavailable', times: 3 }] }, async (fake) => {
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    check(c, 'account: 503 three times on the rule list: retried, everything collected', got.sink.gaps.length === 0 && (got.sink.records.configRules ?? []).length === 48);
  });
  await withFake(e, { faults: [{ operation: 'GetDiscoveredResourceCounts', region: 'eu-west-1', status: 500, code: 'InternalFailure' }] }, async (fake) => {
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    const g = got.sink.gaps;
    check(c, 'account: a call that keeps failing with 500 becomes one gap with the AWS code and no IAM action', g.length === 1 && g[0]?.code === 'InternalFailure' && g[0]?.action === undefined && g[0]?.region === 'eu-west-1', JSON.stringify(g.map((x) => x.code)));
    check(c, 'account: the rest of that region is still collected', got.byType.COMPLIANT === resultsByType(e).COMPLIANT);
  });
}

if (wanted('AccessDenied per call')) {
  const c = 'AccessDenied per call';
  const e = accountEstate();
  const denied = (operation: string): FakeFault => ({ operation, status: 400, code: 'AccessDeniedException', message: `User is not authorized to perform: config:${operation}` });
  for (const op of ['DescribeConfigurationRecorderStatus', 'DescribeConformancePacks', 'DescribeConformancePackCompliance', 'DescribeConfigRules', 'GetComplianceDetailsByConfigRule', 'DescribeComplianceByConfigRule', 'GetDiscoveredResourceCounts', 'SelectResourceConfig']) {
    await withFake(e, { faults: [denied(op)] }, async (fake) => {
      const got = await collect(fake, { regions: ACCOUNT_REGIONS });
      const named = got.sink.gaps.filter((g) => g.action === `config:${op}`);
      check(c, `account: AccessDenied on ${op} is a gap per region naming config:${op}, other data still collected`, named.length === 2 && got.sink.sources.length === 2 && !got.complete, got.sink.gaps.map((g) => `${g.code}/${g.action ?? '-'}`).join(','));
    });
  }
  await withFake(e, { faults: [{ operation: 'sts:GetCallerIdentity', status: 403, code: 'AccessDenied' }] }, async (fake) => {
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    check(c, 'account: AccessDenied on sts:GetCallerIdentity stops before anything is collected, as a user error', got.error instanceof SrmapError && got.error.kind === 'input' && (got.sink.records.evaluations ?? []).length === 0);
  });
  const o = orgEstate();
  for (const op of ['DescribeConfigurationAggregators', 'DescribeConfigurationAggregatorSourcesStatus', 'DescribeAggregateComplianceByConfigRules']) {
    await withFake(o, { faults: [denied(op)] }, async (fake) => {
      const got = await collect(fake, { aggregator: 'org' });
      check(c, `aggregator: AccessDenied on ${op} (planning) stops with a user error naming config:${op}`, got.error instanceof SrmapError && got.error.code === 'AWS_ACCESS_DENIED' && got.error.message.includes(`config:${op}`));
    });
  }
  for (const op of ['GetAggregateComplianceDetailsByConfigRule', 'DescribeAggregateComplianceByConformancePacks', 'GetAggregateDiscoveredResourceCounts', 'SelectAggregateResourceConfig']) {
    await withFake(o, { faults: [denied(op)] }, async (fake) => {
      const got = await collect(fake, { aggregator: 'org' });
      check(c, `aggregator: AccessDenied on ${op} is a gap naming config:${op}`, got.sink.gaps.length > 0 && got.sink.gaps.every((g) => g.action === `config:${op}`), got.sink.gaps.map((g) => `${g.code}/${g.action ?? '-'}`).join(','));
    });
  }
  const creds = { accessKeyId: 'AKIDART', secretAccessKey: 's' };
  const art = await startFakeArtifact({ credentials: creds, reports: [] });
  try {
    art.failNext('ListReports', { status: 403, code: 'AccessDeniedException', message: 'not authorized' });
    const sink = { ...memory(), addFile: async (): Promise<SnapshotFile> => ({ path: 'x', sha256: '0'.repeat(64), bytes: 0, records: 0 }) };
    const s = await collectArtifact(sink, { client: new ArtifactClient({ endpoint: art.url, credentials: creds }), retry: toRetrySettings({ SRMAP_RETRY_BASE_MS: '1' }) });
    check(c, 'Artifact: AccessDenied on ListReports is a gap naming artifact:ListReports; agreements still collected', s.gaps.some((g) => g.action === 'artifact:ListReports') && sink.sources.some((x) => x.status === 'collected'));
  } finally {
    await art.stop();
  }
}

if (wanted('recorder off')) {
  const c = 'recorder off';
  const e = generateOrganisation({ accounts: 1, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], rules: 6, resultsPerRule: () => 9 });
  Object.assign(e.regions[0] as object, { recorder: 'off' });
  Object.assign(e.regions[1] as object, { recorder: 'none' });
  Object.assign(e.regions[2] as object, { recorder: 'failing' });
  await withFake(e, {}, async (fake) => {
    const got = await collect(fake, { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] });
    const code = (r: string) => got.sink.gaps.find((g) => g.region === r);
    check(c, 'account: a stopped recorder is RecorderNotRecording, state not-recording, no IAM action', code('us-east-1')?.code === 'RecorderNotRecording' && code('us-east-1')?.action === undefined && got.sink.sources.find((s) => s.region === 'us-east-1')?.recorder === 'not-recording');
    check(c, 'account: no recorder is NoConfigurationRecorder, state none, no IAM action', code('eu-west-1')?.code === 'NoConfigurationRecorder' && code('eu-west-1')?.action === undefined);
    check(c, 'account: a failing recorder is RecorderFailing, not a permission (its AccessDenied is in the message only)', code('ap-southeast-2')?.code === 'RecorderFailing' && code('ap-southeast-2')?.action === undefined);
    check(c, 'account: config:StartConfigurationRecorder is never asked for', !JSON.stringify(got.sink.gaps).includes('StartConfigurationRecorder'));
  });
}

if (wanted('aggregator member gaps')) {
  const c = 'aggregator member gaps';
  const o = orgEstate();
  Object.assign(o.regions[1] as object, { recorder: 'off' });
  Object.assign(o.regions[2] as object, { recorder: 'none', rules: [], resourceCounts: [], resources: [] });
  const org = o.aggregators?.[0];
  if (org?.sources[4]) Object.assign(org.sources[4], { status: 'FAILED', errorCode: 'AccessDeniedException' });
  if (org?.sources[5]) Object.assign(org.sources[5], { status: 'OUTDATED' });
  await withFake(o, {}, async (fake) => {
    const got = await collect(fake, { aggregator: 'org' });
    const pair = (i: number) => ({ account: o.regions[i]?.account, region: o.regions[i]?.region });
    const gapOf = (i: number) => got.sink.gaps.filter((g) => g.account === pair(i).account && g.region === pair(i).region);
    check(c, 'a member region with a stopped recorder: not seen, so the route states it (recorder unknown, limit AggregateRecorderState), never "recording"', gapOf(1).length === 0 && got.sink.sources.find((s) => s.account === pair(1).account && s.region === pair(1).region)?.recorder === 'unknown' && got.sink.limits.some((l) => l.code === 'AggregateRecorderState'));
    check(c, 'a member region with nothing at all: NoConfigData, no IAM action', gapOf(2).some((g) => g.code === 'NoConfigData' && g.action === undefined));
    check(c, 'a FAILED source: a gap for that account and region', gapOf(4).some((g) => g.code === 'AccessDeniedException'));
    check(c, 'an OUTDATED source: a gap for that account and region', gapOf(5).some((g) => g.code === 'AggregatorSourceOutdated'));
    check(c, 'the collect is not complete', !got.complete);
  });
}

if (wanted('truncated responses')) {
  const c = 'truncated responses';
  const e = accountEstate();
  await withFake(e, { faults: [{ operation: 'GetComplianceDetailsByConfigRule', status: 200, code: 'Truncated', kind: 'truncate', every: 5 }] }, async (fake) => {
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    compareTypes(c, 'every 5th results answer cut half way', 'account', got, resultsByType(e));
  });
  await withFake(e, { faults: [{ status: 0, code: 'Reset', kind: 'reset', every: 9 }] }, async (fake) => {
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    check(c, 'account: every 9th connection dropped before an answer: retried, no gap', got.sink.gaps.length === 0 && got.byType.NON_COMPLIANT === resultsByType(e).NON_COMPLIANT);
  });
  await withFake(e, {}, async (fake) => {
    fake.transform = (req, a) => (req.op === 'GetComplianceDetailsByConfigRule' ? { ...a, EvaluationResults: ((a.EvaluationResults as Record<string, unknown>[]) ?? []).map((x, i) => (i === 0 ? { ...x, EvaluationResultIdentifier: {} } : x)) } : a);
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    check(c, 'account: results without their resource are left out and said (ResultsUnreadable), never dropped in silence', got.sink.gaps.some((g) => g.code === 'ResultsUnreadable'));
  });
  await withFake(e, {}, async (fake) => {
    fake.transform = (req, a) => (req.op === 'SelectResourceConfig' ? { ...a, Results: ['not json', ...((a.Results as string[]) ?? [])] } : a);
    const got = await collect(fake, { regions: ACCOUNT_REGIONS });
    check(c, 'account: a resource-tags result that is not JSON is a ResourceTagsUnreadable gap', got.sink.gaps.some((g) => g.code === 'ResourceTagsUnreadable'));
  });
}

if (wanted('slow responses')) {
  const c = 'slow responses';
  const e = generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 6, resultsPerRule: (r) => 30 + r * 20 });
  await withFake(e, { delayMs: 150 }, async (fake) => {
    const got = await collect(fake, { regions: ['us-east-1'] });
    check(c, 'account: every answer 150 ms late: all collected', got.sink.gaps.length === 0 && got.byType.COMPLIANT === resultsByType(e).COMPLIANT);
  });
  await withFake(e, { faults: [{ operation: 'GetComplianceDetailsByConfigRule', status: 0, code: 'Hang', kind: 'hang', times: 2 }] }, async (fake) => {
    const started = Date.now();
    const got = await collect(fake, { regions: ['us-east-1'], requestTimeoutMs: 800 });
    check(c, 'account: two calls that never answer hit the request deadline and are retried; nothing hangs, nothing lost', got.sink.gaps.length === 0 && got.byType.NOT_APPLICABLE === resultsByType(e).NOT_APPLICABLE && Date.now() - started < 30_000, `${Date.now() - started} ms`);
  });
}

// ---------------------------------------------------------------------------------------------
// The CLI as a user runs it: kills, signals, an unwritable --out

function spawnCollect(args: string[], env: Record<string, string>): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, 'collect', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, done: new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr }))) };
}

if (wanted('kills and signals') && existsSync(BIN)) {
  const c = 'kills and signals';
  const work = await mkdtemp(join(tmpdir(), 'srmap-attack-'));
  try {
    for (const [signal, code] of [['SIGKILL', null], ['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      await withFake(generateOrganisation({ accounts: 1, regions: ['us-east-1', 'eu-west-1'], rules: 30, resultsPerRule: () => 150 }), { delayMs: 25 }, async (fake) => {
        const parent = join(work, signal);
        const { child, done } = spawnCollect(['--regions', 'us-east-1,eu-west-1', '--out', join(parent, 'snap')], fakeAwsEnv(fake, 'AKID100000000000'));
        for (const until = Date.now() + 120_000; fake.stats.resultsServed < 400 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
        child.kill(signal);
        const r = await done;
        const names = existsSync(parent) ? await readdir(parent) : [];
        const looksComplete = names.some((n) => !n.startsWith('.')) || names.some((n) => existsSync(join(parent, n, 'manifest.json')));
        check(c, `${signal} mid-collect: exit ${String(code ?? 'killed')}, nothing that looks like a snapshot${signal === 'SIGKILL' ? ' (the partial folder has no manifest)' : ', the temporary folder removed'}`, r.code === code && !looksComplete && (signal === 'SIGKILL' || names.length === 0), `exit ${String(r.code)}, left ${names.join(',')}`);
      });
    }
    await withFake(generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 2, resultsPerRule: () => 2 }), {}, async (fake) => {
      const file = join(work, 'a-file');
      await writeFile(file, 'x');
      const r = await spawnCollect(['--regions', 'us-east-1', '--out', join(file, 'snap')], fakeAwsEnv(fake, 'AKID100000000000')).done;
      check(c, 'an --out that cannot be written: exit 2 with OUT_NOT_WRITABLE before any AWS call', r.code === 2 && r.stderr.includes('OUT_NOT_WRITABLE') && fake.stats.requests === 0, `exit ${String(r.code)}, ${fake.stats.requests} requests`);
    });
    await withFake(generateOrganisation({ accounts: 1, regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'], rules: 40, resultsPerRule: () => 250 }), {}, async (fake) => {
      const r = await spawnCollect(['--regions', 'us-east-1,us-west-2,eu-west-1,eu-central-1', '--out', join(work, 'big')], fakeAwsEnv(fake, 'AKID100000000000')).done;
      check(c, 'a 40,000-result collect prints no MaxListenersExceededWarning', r.code === 0 && !/MaxListenersExceeded/.test(r.stderr), `exit ${String(r.code)}`);
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const categories = [...new Set(checks.map((x) => x.category))];
const rows = categories.map((cat) => {
  const mine = checks.filter((x) => x.category === cat);
  return [cat, String(mine.length), String(mine.filter((x) => x.pass).length)];
});
rows.push(['total', String(checks.length), String(checks.filter((x) => x.pass).length)]);
console.log('| category | checks | passed |\n|---|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('\n| scenario | route | compliance type | collected | endpoint truth |\n|---|---|---|---:|---:|');
for (const [s, route, t, got, truth] of typeRows) console.log(`| ${s} | ${route} | ${t} | ${got.toLocaleString('en-US')} | ${truth.toLocaleString('en-US')} |`);
const failed = checks.filter((x) => !x.pass);
if (failed.length > 0) {
  console.log('\nFailed:');
  for (const f of failed) console.log(`- [${f.category}] ${f.name}: ${f.detail}`);
  process.exitCode = 1;
}
