/**
 * srmap diff and snapshots list, as a user runs them, on the shipped quarters (previous and current)
 * and on a snapshot rewritten without its AWS Artifact source (a scope change).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../src/store/snapshot-format.js';
import { readAll, readManifest } from '../../src/store/read-snapshot.js';
import { openSnapshot } from '../../src/store/write-snapshot.js';
import { REPO_ROOT, runSrmap, timeoutFor, type RunResult, runSrmapInProcess } from '../helpers/run-srmap.js';

const PREVIOUS = join(REPO_ROOT, 'evidence', 'sample-previous');
const CURRENT = join(REPO_ROOT, 'evidence', 'sample');
let work: string;
let run: RunResult;

const csv = async (path: string) => parse(await readFile(path, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-diff-'));
  run = await runSrmap(['diff', PREVIOUS, CURRENT, '--out', join(work, 'diff')]);
}, timeoutFor(3)); // one diff of the sample quarters
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('srmap diff previous quarter -> current quarter', () => {
  it('exits 0, reports the scope change first, and prints the out directory last', () => {
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(join(work, 'diff'));
    expect(run.stdout.indexOf('Scope changes (3)')).toBeGreaterThan(-1);
    expect(run.stdout.indexOf('Scope changes')).toBeLessThan(run.stdout.indexOf('regressed'));
  });

  it('scope-changes.csv: eu-west-1 added in two accounts, a gap in the third', async () => {
    const rows = await csv(join(work, 'diff', 'scope-changes.csv'));
    expect(rows.map((r) => [r.account, r.region, r.before, r.after])).toEqual([
      ['111122223333', 'eu-west-1', 'absent', 'collected'],
      ['444455556666', 'eu-west-1', 'absent', 'collected'],
      ['777788889999', 'eu-west-1', 'absent', 'gap'],
    ]);
  });

  it('requirement-changes.csv: training expired regresses, fixed findings improve; a region added never counts as an improvement', async () => {
    const rows = await csv(join(work, 'diff', 'requirement-changes.csv'));
    const find = (fw: string, id: string) => rows.find((r) => r.framework === fw && r.requirement_id === id);
    expect(find('hipaa-security', '164.308(a)(5)(i)')).toMatchObject({ before: 'met', after: 'not-met', change: 'regressed' });
    expect(rows.filter((r) => r.change === 'improved').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.change === 'regressed').length).toBeGreaterThan(0);
    for (const r of rows) expect(r.reason ?? '').not.toMatch(/eu-west-1 is new/);
  });

  it('resource-changes.csv: the public bucket newly failing, the unencrypted database and root MFA newly fixed', async () => {
    const rows = await csv(join(work, 'diff', 'resource-changes.csv'));
    const failing = rows.filter((r) => r.change === 'newly-failing');
    const fixed = rows.filter((r) => r.change === 'newly-fixed');
    expect(failing.map((r) => r.rule_identifier)).toContain('S3_BUCKET_PUBLIC_READ_PROHIBITED');
    expect(failing.every((r) => r.before === 'COMPLIANT' && r.after === 'NON_COMPLIANT' && r.annotation !== '')).toBe(true);
    expect(fixed.map((r) => r.rule_identifier).sort()).toEqual(['RDS_STORAGE_ENCRYPTED', 'ROOT_ACCOUNT_MFA_ENABLED']);
    expect(rows.some((r) => r.region === 'eu-west-1')).toBe(false);
  });

  it('evidence-changes.csv: training records expired, the access review renewed, exceptions added', async () => {
    const rows = await csv(join(work, 'diff', 'evidence-changes.csv'));
    const get = (subject: string) => rows.find((r) => r.subject === subject)?.change;
    expect(get('security-awareness-training-records')).toBe('expired');
    expect(get('access-review')).toBe('renewed');
    expect(get('EXC-2026-004')).toBe('added');
  });

  it("in a working folder, the frameworks of its srmap.yaml, as report and export take them", async () => {
    const ws = join(work, 'ws');
    expect((await runSrmapInProcess(['init', ws, '--framework', 'hipaa-security'])).code).toBe(0);
    const r = await runSrmapInProcess(['diff', PREVIOUS, CURRENT, '--quiet'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    const table = r.stdout.split('\n').filter((l) => /^\s*(hipaa-security|pci-dss-4\.0\.1|soc2-2017|iso27001-2022|nist-csf-2\.0)\s/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(new Set(table)).toEqual(new Set(['hipaa-security']));
  }, timeoutFor(3));

  it('a source collected in one snapshot only makes the requirements it touches not comparable', async () => {
    const current = await readManifest(CURRENT);
    const writer = await openSnapshot(work, { id: 'no-artifact', createdAt: '2026-12-31T18:00:00Z', organisation: current.organisation, scope: current.scope, toolVersion: current.tool.version });
    for (const kind of RECORD_KINDS) {
      if (kind === 'artifactReports' || kind === 'artifactAgreements') continue;
      for (const r of await readAll(CURRENT, current, kind)) await writer.write(kind, r as never);
    }
    for (const s of current.sources) if (s.source !== 'aws-artifact') writer.addSource(s);
    for (const g of current.gaps) writer.addGap(g);
    await writer.commit();
    const r = await runSrmapInProcess(['diff', CURRENT, join(work, 'no-artifact'), '--framework', 'hipaa-security', '--out', join(work, 'diff-artifact'), '--quiet']);
    expect(r.code).toBe(0);
    const rows = await csv(join(work, 'diff-artifact', 'requirement-changes.csv'));
    const notComparable = rows.filter((x) => x.change === 'not-comparable');
    expect(notComparable.length).toBeGreaterThan(0);
    expect(notComparable.every((x) => /aws-artifact/.test(x.reason ?? ''))).toBe(true);
    expect(rows.filter((x) => x.change === 'improved')).toEqual([]);
    expect((await csv(join(work, 'diff-artifact', 'scope-changes.csv')))[0]).toMatchObject({ source: 'aws-artifact', before: 'collected', after: 'absent' });
  }, timeoutFor(3));
});

describe('srmap snapshots list', () => {
  it('lists the shipped quarters oldest first, verified', async () => {
    const r = await runSrmap(['snapshots', 'list', join(REPO_ROOT, 'evidence')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^sample-2026-06-30\s+2026-06-30\s+3\s+us-east-1\s+3,244\s+0\s+yes/);
    expect(lines[2]).toMatch(/^sample-2026-09-30\s+2026-09-30\s+3\s+us-east-1,eu-west-1\s+4,367\s+1\s+yes/);
  });

  it('flags a snapshot whose hashes do not verify, and exits 2', async () => {
    const dir = join(work, 'list');
    await cp(PREVIOUS, join(dir, 'q2'), { recursive: true });
    const f = join(dir, 'q2', 'owners.ndjson');
    await writeFile(f, (await readFile(f, 'utf8')).replace('CISO', 'CEO '));
    const r = await runSrmapInProcess(['snapshots', 'list', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/sample-2026-06-30.*NO \(1 problem/);
  });
});
