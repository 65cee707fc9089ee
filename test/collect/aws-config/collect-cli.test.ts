/**
 * srmap collect and srmap verify end to end, as a user runs them: the CLI as a child process, the SDK
 * pointed at the local endpoint by AWS_ENDPOINT_URL_CONFIG_SERVICE / AWS_ENDPOINT_URL_STS (or
 * --endpoint-url), static credentials from the environment.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../../src/store/snapshot-format.js';
import { readAll, readManifest } from '../../../src/store/read-snapshot.js';
import { openSnapshot } from '../../../src/store/write-snapshot.js';
import type { CollectionLimit, ConfigRuleRecord, EvaluationRecord, RecordKind, SnapshotManifest } from '../../../src/domain/snapshot.js';
import { estateFromSnapshot, fakeAwsEnv, generateOrganisation, startFakeAws } from '../../helpers/fake-config-endpoint.js';
import type { FakeAws } from '../../helpers/fake-config-endpoint.js';
import { REPO_ROOT, SRMAP_BIN, runSrmap, timeoutFor, runSrmapInProcess } from '../../helpers/run-srmap.js';

const SAMPLE = join(REPO_ROOT, 'evidence', 'sample');
/** The two frameworks the sample's conformance packs serve (all four build alike; two keep the suite quick). */
const PACK_FRAMEWORKS = ['hipaa-security', 'pci-dss-4.0.1'];
const CONFIG_KINDS: RecordKind[] = ['configRules', 'evaluations', 'resourceCounts', 'conformancePacks'];
let work: string;
let fake: FakeAws;
let sample: SnapshotManifest;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-collect-'));
  fake = await startFakeAws(estateFromSnapshot(SAMPLE));
  sample = await readManifest(SAMPLE);
});
afterAll(async () => {
  await fake.close();
  await rm(work, { recursive: true, force: true });
});

const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';
const fmt = (n: number) => n.toLocaleString('en-US');
const keyOf = (r: { account: string; region: string; ruleName: string }) => `${r.account}|${r.region}|${r.ruleName}`;

function csv(path: string): Promise<Record<string, string>[]> {
  return readFile(path, 'utf8').then((t) => parse(t, { bom: true, columns: true }) as Record<string, string>[]);
}

/** A rule's own compliance as AWS derives it from its results. */
function ruleCompliance(results: readonly EvaluationRecord[]): ConfigRuleRecord['compliance'] {
  return results.some((r) => r.complianceType === 'NON_COMPLIANT') ? 'NON_COMPLIANT' : results.some((r) => r.complianceType === 'COMPLIANT') ? 'COMPLIANT' : 'INSUFFICIENT_DATA';
}

/**
 * A snapshot with `config` (the sample's AWS Config evidence, or a collected one) and the sample's
 * other evidence (AWS Artifact, manual, exceptions, owners) and date, so packs built from two of them
 * can be compared. `limits` go into both sides alike.
 */
async function withSampleContext(config: { dir: string; manifest: SnapshotManifest; keep?: (kind: RecordKind, r: unknown) => boolean }, out: string, limits: readonly CollectionLimit[]): Promise<string> {
  const w = await openSnapshot(work, { id: sample.id, createdAt: sample.createdAt, organisation: sample.organisation, scope: sample.scope, toolVersion: sample.tool.version }, { dirName: out });
  for (const kind of RECORD_KINDS) {
    const from = CONFIG_KINDS.includes(kind) ? config : { dir: SAMPLE, manifest: sample };
    for (const r of await readAll(from.dir, from.manifest, kind)) if (!config.keep || from.dir !== config.dir || config.keep(kind, r)) await w.write(kind, r as never);
  }
  for (const s of [...config.manifest.sources.filter((x) => x.source === 'aws-config'), ...sample.sources.filter((x) => x.source !== 'aws-config')]) w.addSource(s);
  for (const g of config.manifest.gaps) w.addGap(g);
  for (const l of limits) w.addLimit(l);
  await w.commit();
  return join(work, out);
}

describe('srmap collect', () => {
  it('collects the sample estate through an aggregator: what the aggregate APIs can give, the rest stated as limits; the pack matches', async () => {
    const env = fakeAwsEnv(fake, 'AKID111122223333');
    const out = join(work, 'snapshots', 'org');
    const run = await runSrmap(['collect', '--aggregator', 'org', '--out', out], { env });
    expect(run.stderr).toMatch(/Collecting AWS Config through aggregator org/);
    // Never complete through an aggregator (NOT_APPLICABLE cannot be had, members' recorders cannot be seen): exit 3.
    expect(run.code, run.stderr).toBe(3);
    expect(lastLine(run.stdout)).toBe(out);
    const evals = await readAll(SAMPLE, sample, 'evaluations');
    const n = (t: string) => evals.filter((e) => e.complianceType === t).length;
    expect(run.stdout).toContain(`results ${fmt(n('COMPLIANT') + n('NON_COMPLIANT'))}: COMPLIANT ${fmt(n('COMPLIANT'))}, NON_COMPLIANT ${fmt(n('NON_COMPLIANT'))}, NOT_APPLICABLE 0`);
    expect(run.stdout).toMatch(/API calls [\d,]+ \([\d.]+ per 1,000 results/);
    // The sample's stopped recorder: nothing at all through the aggregator, a recorder gap, no IAM action.
    expect(run.stdout).toMatch(/777788889999 eu-west-1 NoConfigData\n/);
    expect(run.stdout).toMatch(/limits of the route 4:\n {4}AggregateComplianceTypes \(not-collected: NOT_APPLICABLE\)/);
    expect(run.stdout).toMatch(/NOT complete: see gaps and limits/);

    const verify = await runSrmapInProcess(['verify', out, '--json']);
    expect(verify.code).toBe(0);
    const report = JSON.parse(verify.stdout) as { ok: boolean; counts: Record<string, number>; gaps: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.counts).toMatchObject({ accounts: 3, regions: 2, evaluations: n('COMPLIANT') + n('NON_COMPLIANT'), conformancePacks: 10 });
    expect(report.gaps).toHaveLength(1);
    const got = await readManifest(out);
    expect(got.limits?.map((l) => l.code)).toEqual(['AggregateComplianceTypes', 'AggregateInsufficientDataRules', 'AggregateRecorderState', 'NoCountOfCompliant']);

    // The reference: the sample as the aggregate APIs can show it (COMPLIANT and NON_COMPLIANT results,
    // and the rules that have one). Both packs carry the same limits.
    const shown = new Set(evals.filter((e) => e.complianceType === 'COMPLIANT' || e.complianceType === 'NON_COMPLIANT').map(keyOf));
    const reference = await withSampleContext(
      { dir: SAMPLE, manifest: sample, keep: (kind, r) => (kind === 'evaluations' ? shown.has(keyOf(r as EvaluationRecord)) && ['COMPLIANT', 'NON_COMPLIANT'].includes((r as EvaluationRecord).complianceType) : kind === 'configRules' ? shown.has(keyOf(r as ConfigRuleRecord)) : true) },
      'sample-through-aggregator',
      got.limits ?? [],
    );
    const mixed = await withSampleContext({ dir: out, manifest: got }, 'org-with-sample-context', got.limits ?? []);
    // The packs' CSVs are compared: --format csv (the PDFs were most of these reports' time).
    const [a, b] = await Promise.all([
      runSrmap(['report', '--snapshot', reference, '--out', join(work, 'pack-reference'), '--quiet', '--format', 'csv', ...PACK_FRAMEWORKS.flatMap((f) => ['--framework', f])]),
      runSrmap(['report', '--snapshot', mixed, '--out', join(work, 'pack-collected'), '--quiet', '--format', 'csv', ...PACK_FRAMEWORKS.flatMap((f) => ['--framework', f])]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    for (const fw of PACK_FRAMEWORKS) {
      const status = (rows: Record<string, string>[]) => rows.map((r) => `${r.requirement_id} ${r.status}`);
      expect(status(await csv(join(work, 'pack-collected', fw, 'requirements.csv')))).toEqual(status(await csv(join(work, 'pack-reference', fw, 'requirements.csv'))));
      // Through an aggregator a custom rule's identity is its name (the aggregate APIs give no Source);
      // managed-rule identifiers must be exactly the sample's.
      const id = (r: Record<string, string>) => (/^[A-Z0-9_]+$/.test(r.rule_identifier ?? '') ? r.rule_identifier : 'custom');
      const evidence = (rows: Record<string, string>[]) => rows.map((r) => [r.account, r.region, r.rule_name, id(r), r.resource_id, r.compliance_type, r.annotation, r.recorded_at, r.exception_id].join('|')).sort();
      expect(evidence(await csv(join(work, 'pack-collected', fw, 'evidence.csv')))).toEqual(evidence(await csv(join(work, 'pack-reference', fw, 'evidence.csv'))));
    }
  }, timeoutFor(15)); // collect through the aggregator, two reports

  it('collects one account, several regions, record for record as AWS holds them (--endpoint-url)', async () => {
    const env = { ...fakeAwsEnv(fake, 'AKID444455556666'), AWS_ENDPOINT_URL_CONFIG_SERVICE: '', AWS_ENDPOINT_URL_STS: '' };
    const out = join(work, 'snapshots', 'one');
    const run = await runSrmap(['collect', '--regions', 'us-east-1,eu-west-1', '--endpoint-url', fake.url, '--out', out, '--quiet'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    const got = await readManifest(out);
    expect(got.scope.accounts).toEqual([{ id: '444455556666' }]);
    expect(got.organisation.name).toBe('AWS account 444455556666');
    expect(got.sources.map((s) => s.recorder)).toEqual(['recording', 'recording']);
    const lines = (rs: unknown[]) => rs.map((r) => JSON.stringify(r)).sort();
    const mine = <K extends RecordKind>(kind: K) => readAll(SAMPLE, sample, kind).then((rs) => rs.filter((r) => (r as { account: string }).account === '444455556666'));
    // Every result AWS can hold: all but the sample's INSUFFICIENT_DATA records (never a result's type in AWS).
    const results = (await mine('evaluations')).filter((e) => e.complianceType !== 'INSUFFICIENT_DATA');
    expect(lines(await readAll(out, got, 'evaluations'))).toEqual(lines(results));
    // Every rule, with its own compliance as AWS derives it from its results.
    const expectedRules = (await mine('configRules')).map((r) => ({ ...r, compliance: ruleCompliance(results.filter((e) => keyOf(e) === keyOf(r))) }));
    expect(lines(await readAll(out, got, 'configRules'))).toEqual(lines(expectedRules));
    for (const kind of ['resourceCounts', 'conformancePacks'] as const) expect(lines(await readAll(out, got, kind)), kind).toEqual(lines(await mine(kind)));
    expect((await readAll(out, got, 'resourceTags')).length).toBeGreaterThan(0);
  }, timeoutFor(3));

  it('exits 2 with a hint when there are no credentials, leaving nothing behind', async () => {
    const env = { ...fakeAwsEnv(fake, 'x'), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' };
    const parent = join(work, 'nocreds');
    const run = await runSrmapInProcess(['collect', '--regions', 'us-east-1', '--out', join(parent, 'snap')], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/AWS_CREDENTIALS/);
    expect(run.stderr).toMatch(/hint: .*--profile/);
    // Not even the folder made to hold the snapshot.
    expect(existsSync(parent)).toBe(false);
  }, timeoutFor(3));

  it('an --out that cannot be written is found before any AWS call: exit 2, a clear message', async () => {
    const file = join(work, 'a-file');
    await writeFile(file, 'not a folder');
    const before = fake.stats.requests;
    const run = await runSrmapInProcess(['collect', '--regions', 'us-east-1', '--out', join(file, 'snap')], { env: fakeAwsEnv(fake, 'AKID444455556666') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error \[OUT_NOT_WRITABLE\]: Cannot write a snapshot under .*a-file: a file is in the way where a folder should be \((EEXIST|ENOTDIR)\)\./);
    expect(run.stderr).toMatch(/hint: .*no AWS call was made/);
    expect(run.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(fake.stats.requests).toBe(before);
    expect(await readFile(file, 'utf8')).toBe('not a folder');
  }, timeoutFor(3));
});

describe('interrupted collects leave nothing that looks complete', () => {
  async function interrupt(signal: NodeJS.Signals, parent: string): Promise<{ code: number | null; stderr: string; served: number }> {
    const slow = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1', 'eu-west-1'], rules: 40, resultsPerRule: () => 150 }), { delayMs: 30 });
    try {
      const child = spawn(process.execPath, [SRMAP_BIN, 'collect', '--regions', 'us-east-1,eu-west-1', '--out', join(parent, 'snap')], {
        env: { ...process.env, ...fakeAwsEnv(slow, 'AKID100000000000') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      // Wait until results are being written, then signal.
      for (const until = Date.now() + timeoutFor(6) / 2; (slow.stats.resultsServed < 500 || !existsSync(parent)) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
      expect(slow.stats.resultsServed).toBeGreaterThanOrEqual(500);
      child.kill(signal);
      return { code: await exited, stderr, served: slow.stats.resultsServed };
    } finally {
      await slow.close();
    }
  }

  it('SIGKILL mid-run: no snapshot directory, the partial one has no manifest and the next collect removes it', async () => {
    const parent = join(work, 'killed');
    const { stderr } = await interrupt('SIGKILL', parent);
    const names = await readdir(parent);
    expect(names.filter((n) => !n.startsWith('.'))).toEqual([]);
    const partial = names.find((n) => n.startsWith('.snap.partial-'));
    expect(partial, stderr).toBeDefined();
    expect(existsSync(join(parent, partial ?? '', 'manifest.json'))).toBe(false);
    const verify = await runSrmapInProcess(['verify', join(parent, partial ?? ''), '--json']);
    expect(verify.code).toBe(2);

    const again = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 4, resultsPerRule: () => 5 }));
    try {
      const run = await runSrmap(['collect', '--regions', 'us-east-1', '--out', join(parent, 'snap2')], { env: fakeAwsEnv(again, 'AKID100000000000') });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`removed ${join(parent, partial ?? '')}`);
      expect((await readdir(parent)).sort()).toEqual(['snap2']);
    } finally {
      await again.close();
    }
  }, timeoutFor(6));

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: exit %i and the temporary directory is removed', async (signal, code) => {
    const parent = join(work, `interrupted-${signal}`);
    const got = await interrupt(signal, parent);
    expect(got.code, got.stderr).toBe(code);
    expect(got.stderr).toContain(`interrupted (${signal}): removing the unfinished snapshot`);
    // Not even the folder made to hold the snapshot.
    expect(existsSync(parent)).toBe(false);
  }, timeoutFor(6));

  it('a large collect prints no MaxListenersExceededWarning (many rules write to one file at once)', async () => {
    const big = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'], rules: 40, resultsPerRule: () => 300 }));
    try {
      const run = await runSrmap(['collect', '--regions', 'us-east-1,us-west-2,eu-west-1,eu-central-1', '--out', join(work, 'big')], { env: fakeAwsEnv(big, 'AKID100000000000') });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('results 48,000');
      expect(run.stderr).not.toMatch(/MaxListenersExceededWarning|Warning:/);
    } finally {
      await big.close();
    }
  }, timeoutFor(8));
});

describe('srmap verify', () => {
  it('reports a truncated, a tampered and a missing file with exit 2', async () => {
    const src = join(work, 'snapshots', 'one');
    if (!existsSync(src)) return; // made by the one-account test above
    const copy = join(work, 'tampered');
    await cp(src, copy, { recursive: true });
    await truncate(join(copy, 'evaluations.ndjson.gz'), 100);
    const text = await readFile(join(copy, 'config-rules.ndjson'), 'utf8');
    await writeFile(join(copy, 'config-rules.ndjson'), text.replace('"ACTIVE"', '"INACTIVE"'));
    const { unlink } = await import('node:fs/promises');
    await unlink(join(copy, 'resource-counts.ndjson'));
    const run = await runSrmapInProcess(['verify', copy, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { ok: boolean; problems: { file: string; message: string }[] };
    expect(report.ok).toBe(false);
    const about = (f: string) => report.problems.filter((p) => p.file === f).map((p) => p.message).join(' ');
    expect(about('evaluations.ndjson.gz')).toMatch(/truncated|unexpected end|gzip/i);
    expect(about('config-rules.ndjson')).toMatch(/tampered: .*(sha256|bytes)/);
    expect(about('resource-counts.ndjson')).toMatch(/missing/);
    const human = await runSrmapInProcess(['verify', copy]);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/SNAPSHOT_INVALID/);
  }, timeoutFor(3));
});
