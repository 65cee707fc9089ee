/**
 * srmap collect and srmap verify end to end, as a user runs them: the CLI as a child process, the SDK
 * pointed at the local endpoint by AWS_ENDPOINT_URL_CONFIG_SERVICE / AWS_ENDPOINT_URL_STS (or
 * --endpoint-url), static credentials from the environment.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../../src/store/snapshot-format.js';
import { readAll, readManifest } from '../../../src/store/read-snapshot.js';
import { openSnapshot } from '../../../src/store/write-snapshot.js';
import type { RecordKind } from '../../../src/domain/snapshot.js';
import { estateFromSnapshot, fakeAwsEnv, generateOrganisation, startFakeAws } from '../../helpers/fake-config-endpoint.js';
import type { FakeAws } from '../../helpers/fake-config-endpoint.js';
import { REPO_ROOT, SRMAP_BIN, runSrmap, timeoutFor } from '../../helpers/run-srmap.js';

const SAMPLE = join(REPO_ROOT, 'evidence', 'sample');
/** The two frameworks the sample's conformance packs serve (all four build alike; two keep the suite quick). */
const PACK_FRAMEWORKS = ['hipaa-security', 'pci-dss-4.0.1'];
const CONFIG_KINDS: RecordKind[] = ['configRules', 'evaluations', 'resourceCounts', 'conformancePacks'];
let work: string;
let fake: FakeAws;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-collect-'));
  fake = await startFakeAws(estateFromSnapshot(SAMPLE));
});
afterAll(async () => {
  await fake.close();
  await rm(work, { recursive: true, force: true });
});

const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

function csv(path: string): Promise<Record<string, string>[]> {
  return readFile(path, 'utf8').then((t) => parse(t, { bom: true, columns: true }) as Record<string, string>[]);
}

/**
 * The collected AWS Config evidence with the sample's other evidence (AWS Artifact, manual, exceptions,
 * owners) and date, so a pack built from it can be compared with the sample's pack.
 */
async function withSampleContext(collected: string, out: string): Promise<string> {
  const sample = await readManifest(SAMPLE);
  const got = await readManifest(collected);
  const w = await openSnapshot(work, { id: sample.id, createdAt: sample.createdAt, organisation: sample.organisation, scope: sample.scope, toolVersion: sample.tool.version }, { dirName: out });
  for (const kind of RECORD_KINDS) {
    const from = CONFIG_KINDS.includes(kind) ? collected : SAMPLE;
    for (const r of await readAll(from, from === SAMPLE ? sample : got, kind)) await w.write(kind, r as never);
  }
  for (const s of [...got.sources, ...sample.sources.filter((x) => x.source !== 'aws-config')]) w.addSource(s);
  for (const g of got.gaps) w.addGap(g);
  await w.commit();
  return join(work, out);
}

describe('srmap collect', () => {
  it('collects the sample estate through an aggregator; the pack matches the sample pack', async () => {
    const env = fakeAwsEnv(fake, 'AKID111122223333');
    const run = await runSrmap(['collect', '--aggregator', 'org', '--out', join(work, 'snapshots', 'org')], { env });
    expect(run.stderr).toMatch(/Collecting AWS Config through aggregator org/);
    // The recorder that is off in the sample is a gap: written, exit 3.
    expect(run.code).toBe(3);
    expect(lastLine(run.stdout)).toBe(join(work, 'snapshots', 'org'));
    expect(run.stdout).toMatch(/results 4,367: COMPLIANT 3,465, NON_COMPLIANT 101, NOT_APPLICABLE 696, INSUFFICIENT_DATA 105/);
    expect(run.stdout).toMatch(/API calls [\d,]+ \([\d.]+ per 1,000 results/);
    expect(run.stdout).toMatch(/777788889999 eu-west-1 NoConfigData/);

    const verify = await runSrmap(['verify', join(work, 'snapshots', 'org'), '--json']);
    expect(verify.code).toBe(0);
    const report = JSON.parse(verify.stdout) as { ok: boolean; counts: Record<string, number>; gaps: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.counts).toMatchObject({ accounts: 3, regions: 2, rules: 1276, evaluations: 4367, conformancePacks: 10 });
    expect(report.gaps).toHaveLength(1);

    const mixed = await withSampleContext(join(work, 'snapshots', 'org'), 'org-with-sample-context');
    const [a, b] = await Promise.all([
      runSrmap(['report', '--snapshot', SAMPLE, '--out', join(work, 'pack-sample'), '--quiet', ...PACK_FRAMEWORKS.flatMap((f) => ['--framework', f])]),
      runSrmap(['report', '--snapshot', mixed, '--out', join(work, 'pack-collected'), '--quiet', ...PACK_FRAMEWORKS.flatMap((f) => ['--framework', f])]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    for (const fw of PACK_FRAMEWORKS) {
      const status = (rows: Record<string, string>[]) => rows.map((r) => `${r.requirement_id} ${r.status}`);
      expect(status(await csv(join(work, 'pack-collected', fw, 'requirements.csv')))).toEqual(status(await csv(join(work, 'pack-sample', fw, 'requirements.csv'))));
      // Through an aggregator a custom rule's identity is its name (the aggregate APIs give no Source);
      // managed-rule identifiers must be exactly the sample's.
      const id = (r: Record<string, string>) => (/^[A-Z0-9_]+$/.test(r.rule_identifier ?? '') ? r.rule_identifier : 'custom');
      const evidence = (rows: Record<string, string>[]) => rows.map((r) => [r.account, r.region, r.rule_name, id(r), r.resource_id, r.compliance_type, r.annotation, r.recorded_at, r.exception_id].join('|')).sort();
      expect(evidence(await csv(join(work, 'pack-collected', fw, 'evidence.csv')))).toEqual(evidence(await csv(join(work, 'pack-sample', fw, 'evidence.csv'))));
    }
  }, timeoutFor(15)); // collect through the aggregator, two reports

  it('collects one account, several regions, record for record as the sample holds them (--endpoint-url)', async () => {
    const env = { ...fakeAwsEnv(fake, 'AKID444455556666'), AWS_ENDPOINT_URL_CONFIG_SERVICE: '', AWS_ENDPOINT_URL_STS: '' };
    const out = join(work, 'snapshots', 'one');
    const run = await runSrmap(['collect', '--regions', 'us-east-1,eu-west-1', '--endpoint-url', fake.url, '--out', out, '--quiet'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    const got = await readManifest(out);
    const sample = await readManifest(SAMPLE);
    expect(got.scope.accounts).toEqual([{ id: '444455556666' }]);
    expect(got.organisation.name).toBe('AWS account 444455556666');
    for (const kind of CONFIG_KINDS) {
      const mine = (await readAll(SAMPLE, sample, kind)).filter((r) => (r as { account: string }).account === '444455556666');
      const lines = (rs: unknown[]) => rs.map((r) => JSON.stringify(r)).sort();
      expect(lines(await readAll(out, got, kind)), kind).toEqual(lines(mine));
    }
  }, timeoutFor(3));

  it('exits 2 with a hint when there are no credentials', async () => {
    const env = { ...fakeAwsEnv(fake, 'x'), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' };
    const run = await runSrmap(['collect', '--regions', 'us-east-1', '--out', join(work, 'snapshots', 'nocreds')], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/AWS_CREDENTIALS/);
    expect(run.stderr).toMatch(/hint: .*--profile/);
    expect(existsSync(join(work, 'snapshots', 'nocreds'))).toBe(false);
  }, timeoutFor(3));
});

describe('interrupted collects leave nothing that looks complete', () => {
  it('SIGKILL mid-run: no snapshot directory, the partial one has no manifest and the next collect removes it', async () => {
    const slow = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1', 'eu-west-1'], rules: 40, resultsPerRule: () => 150 }), { delayMs: 30 });
    try {
      const parent = join(work, 'killed');
      const child = spawn(process.execPath, [SRMAP_BIN, 'collect', '--regions', 'us-east-1,eu-west-1', '--out', join(parent, 'snap')], {
        env: { ...process.env, ...fakeAwsEnv(slow, 'AKID100000000000') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      // Wait until results are being written, then kill.
      for (const until = Date.now() + timeoutFor(6) / 2; (slow.stats.resultsServed < 500 || !existsSync(parent)) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
      expect(slow.stats.resultsServed).toBeGreaterThanOrEqual(500);
      child.kill('SIGKILL');
      await exited;
      const names = await readdir(parent);
      expect(names.filter((n) => !n.startsWith('.'))).toEqual([]);
      const partial = names.find((n) => n.startsWith('.snap.partial-'));
      expect(partial, stderr).toBeDefined();
      expect(existsSync(join(parent, partial ?? '', 'manifest.json'))).toBe(false);
      const verify = await runSrmap(['verify', join(parent, partial ?? ''), '--json']);
      expect(verify.code).toBe(2);

      slow.delayMs = 0;
      const again = await runSrmap(['collect', '--regions', 'us-east-1', '--out', join(parent, 'snap2')], { env: fakeAwsEnv(slow, 'AKID100000000000') });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain(`removed ${join(parent, partial ?? '')}`);
      expect((await readdir(parent)).sort()).toEqual(['snap2']);
    } finally {
      await slow.close();
    }
  }, timeoutFor(6));

  it('SIGINT: exit 130 and the temporary directory is removed', async () => {
    const slow = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 20, resultsPerRule: () => 150 }), { delayMs: 30 });
    try {
      const parent = join(work, 'interrupted');
      const child = spawn(process.execPath, [SRMAP_BIN, 'collect', '--regions', 'us-east-1', '--out', join(parent, 'snap')], {
        env: { ...process.env, ...fakeAwsEnv(slow, 'AKID100000000000') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      for (const until = Date.now() + timeoutFor(6) / 2; slow.stats.resultsServed < 300 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(await readdir(parent)).toEqual([]);
    } finally {
      await slow.close();
    }
  }, timeoutFor(6));
});

describe('srmap verify', () => {
  it('reports a truncated, a tampered and a missing file with exit 2', async () => {
    const src = join(work, 'snapshots', 'one');
    if (!existsSync(src)) return; // made by the one-account test above
    const copy = join(work, 'tampered');
    await cp(src, copy, { recursive: true });
    await truncate(join(copy, 'evaluations.ndjson.gz'), 100);
    const text = await readFile(join(copy, 'config-rules.ndjson'), 'utf8');
    const { writeFile, unlink } = await import('node:fs/promises');
    await writeFile(join(copy, 'config-rules.ndjson'), text.replace('"ACTIVE"', '"INACTIVE"'));
    await unlink(join(copy, 'resource-counts.ndjson'));
    const run = await runSrmap(['verify', copy, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { ok: boolean; problems: { file: string; message: string }[] };
    expect(report.ok).toBe(false);
    const about = (f: string) => report.problems.filter((p) => p.file === f).map((p) => p.message).join(' ');
    expect(about('evaluations.ndjson.gz')).toMatch(/truncated|unexpected end|gzip/i);
    expect(about('config-rules.ndjson')).toMatch(/tampered: .*(sha256|bytes)/);
    expect(about('resource-counts.ndjson')).toMatch(/missing/);
    const human = await runSrmap(['verify', copy]);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/SNAPSHOT_INVALID/);
  }, timeoutFor(3));
});
