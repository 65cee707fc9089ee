/** srmap init, validate and report with a working folder, as a compliance officer runs them. */
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SrmapError } from '../../src/domain/errors.js';
import { REPO_ROOT, runSrmap, timeoutFor, runSrmapInProcess } from '../helpers/run-srmap.js';
import { fakeAwsEnv, generateOrganisation, startFakeAws } from '../helpers/fake-config-endpoint.js';
import { readCollectDefaults } from '../../src/cli/working-folder-options.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-ws-e2e-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const exists = (p: string) => stat(p).then(() => true, () => false);

describe('srmap init', () => {
  it('scaffolds a folder that validates, with one register row per manual evidence kind; never overwrites', async () => {
    const dir = join(work, 'new');
    const r = await runSrmap(['init', dir, '--organisation', 'Acme Health', '--framework', 'hipaa-security']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(dir);
    const register = (await readFile(join(dir, 'evidence-register.csv'), 'utf8')).trim().split('\r\n');
    expect(register[0]).toBe('evidence_id,supports,title,owner,collected_on,valid_until,location,sha256');
    expect(register.length).toBeGreaterThan(10);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toContain('# Acme Health: srmap working folder');
    expect(await readFile(join(dir, 'srmap.yaml'), 'utf8')).toContain('frameworks: [hipaa-security]');
    expect((await runSrmapInProcess(['validate'], { cwd: dir })).code).toBe(0);
    // It asks for the scope: a commented scope per framework to fill in, and a line saying so.
    expect(await readFile(join(dir, 'srmap.yaml'), 'utf8')).toContain("scope:\n  # hipaa-security:\n  #   description: \"Systems that create, receive, keep or send ePHI\"");
    expect(r.stdout).toContain("Next: declare each framework's scope");
    expect(await readFile(join(dir, 'applicability.yaml'), 'utf8')).toContain('declarations: []');
    // With the accounts given, the scope to uncomment names them, and it validates once uncommented.
    const scoped = join(work, 'scoped');
    expect((await runSrmapInProcess(['init', scoped, '--framework', 'pci-dss-4.0.1', '--account', '111122223333'])).code).toBe(0);
    const yaml = (await readFile(join(scoped, 'srmap.yaml'), 'utf8')).replace(/^ {2}# /gm, '  ').replace(/^ {2}\{\}$/m, '');
    expect(yaml).toContain("    accounts: ['111122223333']");
    await writeFile(join(scoped, 'srmap.yaml'), yaml);
    expect((await runSrmapInProcess(['validate'], { cwd: scoped })).code).toBe(0);
    expect((await runSrmapInProcess(['init', join(work, 'bad-account'), '--account', '1234'])).code).toBe(2);
    const again = await runSrmapInProcess(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });
});

describe('srmap collect reads srmap.yaml', () => {
  it('organisation, regions and paths.snapshots (relative to srmap.yaml) become the defaults under its flags', async () => {
    const config = join(REPO_ROOT, 'evidence', 'sample-workspace', 'srmap.yaml');
    expect(await readCollectDefaults(config)).toEqual({
      organisation: 'Northwind Clinics & Payments (fictional)',
      regions: ['us-east-1', 'eu-west-1'],
      snapshotsDir: join(REPO_ROOT, 'evidence'),
    });
    const bad = join(work, 'bad-srmap.yaml');
    await writeFile(bad, 'organisation: X\nregions: [mars-north-1]\n');
    const err = await readCollectDefaults(bad).catch((e: unknown) => e as SrmapError);
    expect(err).toBeInstanceOf(SrmapError);
    expect((err as SrmapError).problems.map((p) => [p.line, p.path])).toEqual([[2, 'regions[0]']]);
  });
});

describe('srmap collect in a working folder', () => {
  it('writes under paths.snapshots with srmap.yaml\'s organisation and regions; flags override them', async () => {
    const fake = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1', 'eu-west-1'], rules: 2, resultsPerRule: () => 3 }));
    try {
      const dir = join(work, 'collecting');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'srmap.yaml'), 'organisation: Acme Health\nregions: [eu-west-1]\npaths:\n  snapshots: snaps\n');
      const env = fakeAwsEnv(fake, 'AKID100000000000');
      const first = await runSrmap(['collect', '--quiet'], { cwd: dir, env });
      expect(first.code, first.stderr).toBe(0);
      const snapshot = first.stdout.trim();
      expect(snapshot.startsWith(join(dir, 'snaps'))).toBe(true);
      const m = JSON.parse(await readFile(join(snapshot, 'manifest.json'), 'utf8')) as { organisation: { name: string }; scope: { regions: string[] } };
      expect([m.organisation.name, m.scope.regions]).toEqual(['Acme Health', ['eu-west-1']]);
      const out = join(dir, 'flagged');
      const second = await runSrmapInProcess(['collect', '--quiet', '--organisation', 'Acme Payments', '--regions', 'us-east-1', '--out', out], { cwd: dir, env });
      expect(second.code, second.stderr).toBe(0);
      const m2 = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as typeof m;
      expect([m2.organisation.name, m2.scope.regions]).toEqual(['Acme Payments', ['us-east-1']]);
    } finally {
      await fake.close();
    }
  }, timeoutFor(3));
});

describe('a register with five faults', () => {
  it('srmap validate reports five located messages, and srmap report renders nothing', async () => {
    const dir = join(work, 'faulty');
    await cp(join(REPO_ROOT, 'evidence', 'sample-workspace'), dir, { recursive: true });
    const file = join(dir, 'evidence-register.csv');
    const lines = (await readFile(file, 'utf8')).split('\r\n');
    lines[1] = (lines[1] ?? '').replace('information-security-policy', 'security-policy-typo');
    lines[2] = (lines[2] ?? '').replace('2026-07-17', '17/07/2026');
    lines[3] = (lines[3] ?? '').replace('People Operations (Marcus Oyelaran)', '');
    lines[4] = (lines[4] ?? '').replace('ev-access-review-q2', 'ev-policy-2026');
    lines[5] = (lines[5] ?? '').replace(/,[0-9a-f]{64}$/, ',not-a-hash');
    await writeFile(file, lines.join('\r\n'));
    const v = await runSrmapInProcess(['validate'], { cwd: dir });
    expect(v.code).toBe(2);
    const located = v.stderr.split('\n').filter((l) => /evidence-register\.csv: line \d+, column \d+/.test(l));
    expect(located).toHaveLength(5);
    expect(v.stderr).toMatch(/line 2, column 2: supports: unknown evidence kind or control security-policy-typo/);
    expect(v.stderr).toContain('hint:');
    const out = join(work, 'faulty-out');
    const r = await runSrmapInProcess(['report', '--config', join(dir, 'srmap.yaml'), '--snapshot', join(REPO_ROOT, 'evidence', 'sample'), '--out', out]);
    expect(r.code).toBe(2);
    expect(await exists(out)).toBe(false);
  });
});

describe('report with the sample working folder', () => {
  it('--expiring-within overrides srmap.yaml, and the pack manifest records the window', async () => {
    const out = join(work, 'window');
    const args = ['report', '--config', join(REPO_ROOT, 'evidence', 'sample-workspace', 'srmap.yaml'), '--snapshot', join(REPO_ROOT, 'evidence', 'sample'), '--framework', 'hipaa-security', '--format', 'csv', '--out', out, '--quiet'];
    const r = await runSrmap([...args, '--expiring-within', '0']);
    expect(r.code).toBe(0);
    const manual = await readFile(join(out, 'hipaa-security', 'manual-evidence.csv'), 'utf8');
    expect(manual).toContain(',current,ev-log-review-2026-09,');
    expect(manual).not.toContain(',expiring,');
    expect((JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { expiringWithinDays?: number }).expiringWithinDays).toBe(0);
    const bad = await runSrmapInProcess([...args, '--expiring-within', '-3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--expiring-within -3');
  });
});
