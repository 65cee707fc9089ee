/**
 * `srmap export oscal` and `srmap validate --oscal` as a user runs them: the sample organisation's
 * OSCAL sets (one per framework of its srmap.yaml), checked by the CLI against NIST's OSCAL 1.1.2 JSON Schema and srmap's reference
 * check; a tampered file named with its JSON pointer; bad input refused with exit 2 and nothing
 * written.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSrmap, timeoutFor, type RunResult, runSrmapInProcess } from '../helpers/run-srmap.js';

const FRAMEWORKS = ['hipaa-security', 'pci-dss-4.0.1', 'soc2-2017', 'iso27001-2022', 'nist-csf-2.0'];
const SAMPLE = ['--snapshot', join(REPO_ROOT, 'evidence', 'sample'), '--config', join(REPO_ROOT, 'evidence', 'sample-workspace', 'srmap.yaml')];
const FILES = (id: string) => ['common-controls_catalog.json', ...['assessment-plan', 'assessment-results', 'catalog', 'component-definition', 'poam', 'profile', 'ssp'].map((k) => `${id}_${k}.json`)].sort();

let work: string;
let exported: RunResult;
let validated: RunResult;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-oscal-'));
  exported = await runSrmap(['export', 'oscal', ...SAMPLE, '--out', join(work, 'oscal')]);
  validated = await runSrmapInProcess(['validate', '--oscal', join(work, 'oscal')]);
}, timeoutFor(20));

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('srmap export oscal', () => {
  it('writes each framework\'s set and a manifest that hashes every file', async () => {
    expect(exported.stderr).not.toMatch(/error/i);
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split('\n').at(-1)).toBe(join(work, 'oscal'));
    for (const id of FRAMEWORKS) expect((await readdir(join(work, 'oscal', id))).sort()).toEqual(FILES(id));
    const manifest = JSON.parse(await readFile(join(work, 'oscal', 'manifest.json'), 'utf8')) as { format: string; oscalVersion: string; files: { path: string; sha256: string }[]; frameworks: { id: string; findings: { satisfied: number; 'not-satisfied': number } }[] };
    expect(manifest.format).toBe('srmap-oscal/1');
    expect(manifest.oscalVersion).toBe('1.1.2');
    expect(manifest.files).toHaveLength(FRAMEWORKS.length * 8);
    for (const f of manifest.files) expect(createHash('sha256').update(await readFile(join(work, 'oscal', f.path))).digest('hex'), f.path).toBe(f.sha256);
    expect(manifest.frameworks.map((f) => f.id)).toEqual(FRAMEWORKS);
  });

  it('every file is valid OSCAL 1.1.2 and every uuid reference resolves (srmap validate --oscal)', () => {
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);
    expect(validated.stdout.split('\n').filter((l) => l.startsWith('OSCAL OK: ') && l.endsWith('every uuid reference resolves'))).toHaveLength(FRAMEWORKS.length * 8);
    expect(validated.stdout).toContain('skipped manifest.json: not an OSCAL document');
  });

  it('runs again over its own unchanged export, with the same bytes', async () => {
    const before = await readFile(join(work, 'oscal', 'manifest.json'), 'utf8');
    const again = await runSrmapInProcess(['export', 'oscal', ...SAMPLE, '--framework', 'soc2-2017', '--framework', 'pci-dss-4.0.1', '--out', join(work, 'oscal'), '--quiet']);
    expect(again.code).toBe(0);
    const after = JSON.parse(await readFile(join(work, 'oscal', 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
    const earlier = JSON.parse(before) as { files: { path: string; sha256: string }[] };
    for (const f of after.files) expect(f.sha256, f.path).toBe(earlier.files.find((e) => e.path === f.path)?.sha256);
    expect(existsSync(join(work, 'oscal', 'hipaa-security'))).toBe(false);
  }, timeoutFor(10));
});

describe('srmap validate --oscal on files that are wrong', () => {
  it('names the file and the JSON pointer of a broken reference and of a schema violation, exit 2', async () => {
    const dir = join(work, 'tampered');
    await mkdir(dir);
    const src = join(work, 'oscal', 'pci-dss-4.0.1');
    for (const name of ['pci-dss-4.0.1_catalog.json', 'pci-dss-4.0.1_profile.json']) await writeFile(join(dir, name), await readFile(join(src, name)));
    const ssp = JSON.parse(await readFile(join(src, 'pci-dss-4.0.1_ssp.json'), 'utf8')) as { 'system-security-plan': { 'control-implementation': { 'implemented-requirements': { 'by-components': { 'component-uuid': string }[] }[] }; metadata?: unknown } };
    const bc = ssp['system-security-plan']['control-implementation']['implemented-requirements'][0]?.['by-components'][0];
    if (bc) bc['component-uuid'] = '11111111-2222-4333-8444-555555555555';
    await writeFile(join(dir, 'pci-dss-4.0.1_ssp.json'), JSON.stringify(ssp));
    delete ssp['system-security-plan'].metadata;
    await writeFile(join(dir, 'no-metadata_ssp.json'), JSON.stringify(ssp));
    const r = await runSrmapInProcess(['validate', '--oscal', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pci-dss-4.0.1_ssp.json: /system-security-plan/control-implementation/implemented-requirements/0/by-components/0/component-uuid: component-uuid 11111111-2222-4333-8444-555555555555 does not resolve');
    expect(r.stderr).toMatch(/no-metadata_ssp\.json: \/system-security-plan: schema: must have required property 'metadata'/);
    expect(r.stdout).toContain('OSCAL OK: pci-dss-4.0.1_catalog.json');
  }, timeoutFor(10));

  it('refuses a path with no OSCAL document in it', async () => {
    const dir = join(work, 'empty');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.json'), '{"hello": 1}');
    const r = await runSrmapInProcess(['validate', '--oscal', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No OSCAL JSON document under');
  }, timeoutFor(5));
});

describe('srmap export oscal on bad input', () => {
  it('exit 2 and nothing written: no snapshot, no --out, an unknown framework, an --out that is not srmap\'s', async () => {
    const noSnapshot = await runSrmapInProcess(['export', 'oscal', '--out', join(work, 'x')], { cwd: work });
    expect(noSnapshot.code).toBe(2);
    expect(noSnapshot.stderr).toContain('No snapshot given');
    expect(existsSync(join(work, 'x'))).toBe(false);

    const noOut = await runSrmapInProcess(['export', 'oscal', ...SAMPLE]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('No output directory given');

    const unknown = await runSrmapInProcess(['export', 'oscal', ...SAMPLE, '--framework', 'nist-800-53', '--out', join(work, 'x')]);
    expect(unknown.code).toBe(2);
    expect(existsSync(join(work, 'x'))).toBe(false);

    const mine = join(work, 'mine');
    await mkdir(mine);
    await writeFile(join(mine, 'notes.txt'), 'keep me');
    const refused = await runSrmapInProcess(['export', 'oscal', ...SAMPLE, '--out', mine]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not an OSCAL export srmap wrote');
    expect(await readFile(join(mine, 'notes.txt'), 'utf8')).toBe('keep me');
    expect((await readdir(work)).filter((n) => n.startsWith('.'))).toEqual([]);
  }, timeoutFor(15));
});
