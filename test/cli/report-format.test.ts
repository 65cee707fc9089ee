/**
 * srmap report --format, as a user asks for part of a pack: only the formats named are written (the
 * CSVs always), the manifest lists exactly the files there and records the formats, the pack
 * verifies, and the HTML pages name only the files beside them.
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSrmap, runSrmapInProcess, timeoutFor } from '../helpers/run-srmap.js';

const SAMPLE = join(REPO_ROOT, 'evidence', 'sample');
const CSVS = ['attestations.csv', 'cuecs.csv', 'evidence-index.csv', 'evidence.csv', 'exceptions.csv', 'gaps.csv', 'manual-evidence.csv', 'requirements.csv', 'responsibility-matrix.csv'];
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-format-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every file under `root`, as a manifest names it. */
async function filesUnder(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(root, p)));
    else out.push(relative(root, p));
  }
  return out;
}

type Manifest = { formats: string[]; files: { path: string }[] };
const readManifest = async (dir: string) => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe('srmap report --format', () => {
  it('csv: the CSVs alone, listed and recorded in the manifest, and the pack verifies', async () => {
    const out = join(work, 'csv');
    const r = await runSrmap(['report', '--snapshot', SAMPLE, '--framework', 'soc2-2017', '--format', 'csv', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${CSVS.length} files (csv) from snapshot sample-2026-09-30`);
    expect(r.stderr).not.toMatch(/PDF|[Ww]orkbook|HTML/);
    expect((await readdir(join(out, 'soc2-2017'))).sort()).toEqual(CSVS);
    expect(await readdir(out)).toEqual(expect.not.arrayContaining(['index.html']));
    const manifest = await readManifest(out);
    expect(manifest.formats).toEqual(['csv']);
    expect(manifest.files.map((f) => f.path).sort()).toEqual((await filesUnder(out)).filter((f) => f !== 'manifest.json').sort());
    const v = await runSrmapInProcess(['verify', '--pack', out]);
    expect([v.code, v.stdout]).toEqual([0, expect.stringMatching(/^pack UNSIGNED: .*every sha256 and size as listed, nothing unlisted \(9 files/)]);
  }, timeoutFor(6));

  it('xlsx,html: a workbook and pages that name the CSV files and the workbook, never a PDF that is not there', async () => {
    const out = join(work, 'xlsx-html');
    const r = await runSrmap(['report', '--snapshot', SAMPLE, '--framework', 'soc2-2017', '--framework', 'hipaa-security', '--format', 'xlsx', '--format', 'html', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    for (const id of ['soc2-2017', 'hipaa-security']) expect((await readdir(join(out, id))).sort()).toEqual([...CSVS, 'index.html', `${id}-workbook.xlsx`].sort());
    const manifest = await readManifest(out);
    expect(manifest.formats).toEqual(['csv', 'xlsx', 'html']);
    expect(manifest.files[0]?.path).toBe('index.html');
    expect(manifest.files.map((f) => f.path).sort()).toEqual((await filesUnder(out)).filter((f) => f !== 'manifest.json').sort());
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain('The same figures are in the CSV files beside each page and in the workbook.');
    expect(index).not.toMatch(/PDF/);
    const page = await readFile(join(out, 'hipaa-security', 'index.html'), 'utf8');
    expect(/<noscript>.*<\/noscript>/.exec(page)?.[0]).toContain('(requirements.csv, evidence.csv, gaps.csv) and in the workbook.');
    const v = await runSrmapInProcess(['verify', '--pack', out]);
    expect(v.code, v.stderr).toBe(0);
  }, timeoutFor(10));

  it('an unknown format: exit 2 naming it and the formats there are, before any work; nothing written', async () => {
    const out = join(work, 'docx');
    const r = await runSrmapInProcess(['report', '--snapshot', SAMPLE, '--format', 'pdf,docx', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("srmap: error [USAGE]: Unknown --format 'docx'.");
    expect(r.stderr).toMatch(/hint: Name one or more of pdf, csv, xlsx, html/);
    await expect(stat(out)).rejects.toThrow();
  });
});
