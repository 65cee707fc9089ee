/**
 * End to end, as a user runs it: `srmap demo` on the embedded sample, then what an auditor checks
 * in the pack. One demo run is shared by the read-only checks; a second proves identical bytes.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_COLUMNS, GAPS_COLUMNS, MATRIX_COLUMNS, REQUIREMENTS_COLUMNS } from '../../src/render/csv/to-csv-tables.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { readManifest } from '../../src/store/read-snapshot.js';
import { readPdf } from '../helpers/read-pdf.js';
import { REPO_ROOT, runSrmap, type RunResult } from '../helpers/run-srmap.js';

const FRAMEWORKS = ['hipaa-security', 'pci-dss-4.0.1', 'soc2-2017', 'iso27001-2022'];
const SAMPLE = join(REPO_ROOT, 'evidence', 'sample');

let work: string;
let first: RunResult;

function csv(path: string): Promise<Record<string, string>[]> {
  return readFile(path, 'utf8').then((t) => parse(t, { bom: true, columns: true }) as Record<string, string>[]);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-demo-'));
  first = await runSrmap(['demo', '--out', join(work, 'a')]);
}, 180_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('srmap demo', () => {
  it('exits 0 and prints the pack directory last', () => {
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n').at(-1)).toBe(join(work, 'a'));
  });

  it('writes the documented layout, and the manifest hashes every file', async () => {
    const manifest = JSON.parse(await readFile(join(work, 'a', 'manifest.json'), 'utf8')) as { snapshot: { id: string }; files: { path: string; sha256: string; bytes: number }[] };
    const sample = await readManifest(SAMPLE);
    expect(manifest.snapshot.id).toBe(sample.id);
    for (const id of FRAMEWORKS) {
      expect((await readdir(join(work, 'a', id))).sort()).toEqual(
        ['attestations.csv', 'evidence.csv', 'exceptions.csv', 'gaps.csv', 'manual-evidence.csv', `${id}-pack.pdf`, 'requirements.csv', 'responsibility-matrix.csv'].sort(),
      );
    }
    expect((await readdir(join(work, 'a', 'changes'))).sort()).toEqual(['evidence-changes.csv', 'requirement-changes.csv', 'resource-changes.csv', 'rule-changes.csv', 'scope-changes.csv']);
    expect(manifest.files).toHaveLength(FRAMEWORKS.length * 8 + 5);
    for (const f of manifest.files) {
      const bytes = await readFile(join(work, 'a', f.path));
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
      expect(bytes.length).toBe(f.bytes);
    }
    expect((await readdir(work)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('CSVs parse back with the documented columns, and evidence.csv has every evaluation result', async () => {
    const sample = await readManifest(SAMPLE);
    const evaluations = sample.files.find((f) => f.path === 'evaluations.ndjson.gz')?.records;
    expect(evaluations).toBeGreaterThan(1000);
    const catalog = await loadCatalog();
    for (const id of FRAMEWORKS) {
      const dir = join(work, 'a', id);
      const reqs = await csv(join(dir, 'requirements.csv'));
      expect(Object.keys(reqs[0] ?? {})).toEqual([...REQUIREMENTS_COLUMNS]);
      const fw = catalog.frameworks.find((f) => f.id === id);
      expect(reqs.map((r) => r.requirement_id)).toEqual(fw?.requirements.filter((r) => r.assessable).map((r) => r.id));
      expect(Object.keys((await csv(join(dir, 'responsibility-matrix.csv')))[0] ?? {})).toEqual([...MATRIX_COLUMNS]);
      expect(Object.keys((await csv(join(dir, 'gaps.csv')))[0] ?? {})).toEqual([...GAPS_COLUMNS]);
      const evidence = await csv(join(dir, 'evidence.csv'));
      expect(Object.keys(evidence[0] ?? {})).toEqual([...EVIDENCE_COLUMNS]);
      expect(evidence).toHaveLength(evaluations ?? -1);
      expect(new Set(evidence.map((e) => e.compliance_type))).toEqual(new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']));
    }
  });

  it('the demo exercises every status across the four frameworks', async () => {
    const seen = new Set<string>();
    for (const id of FRAMEWORKS) for (const r of await csv(join(work, 'a', id, 'requirements.csv'))) seen.add(r.status ?? '');
    expect([...seen].sort()).toEqual(['accepted-risk', 'inherited', 'met', 'needs-evidence', 'not-applicable', 'not-met', 'partial']);
  });

  it('each PDF shows every requirement id, the responsibility split and the failing resources', async () => {
    const catalog = await loadCatalog();
    for (const id of FRAMEWORKS) {
      const dir = join(work, 'a', id);
      const pdf = await readPdf(new Uint8Array(await readFile(join(dir, `${id}-pack.pdf`))));
      const text = pdf.pages.join('\n');
      const compact = text.replace(/\s+/g, '');
      const fw = catalog.frameworks.find((f) => f.id === id);
      for (const r of fw?.requirements.filter((x) => x.assessable) ?? []) expect(compact, `${id} ${r.id}`).toContain(r.id.replace(/\s+/g, ''));
      expect(text).toMatch(/What AWS does/i);
      expect(text).toMatch(/What the customer does/i);
      expect(text).toContain(`Page 1 of ${pdf.pages.length}`);
      const reqs = await csv(join(dir, 'requirements.csv'));
      const matrix = await csv(join(dir, 'responsibility-matrix.csv'));
      const someAws = matrix.find((m) => m.responsibility === 'shared')?.aws_does ?? '';
      expect(compact).toContain(someAws.replace(/\s+/g, '').slice(0, 40));
      // The first failing resource (in sort order) of every not-met rule is listed in the PDF.
      const notMetRules = new Set(reqs.filter((r) => r.status === 'not-met').flatMap((r) => (r.config_rules ?? '').split(';')));
      const evidence = await csv(join(dir, 'evidence.csv'));
      const failing = evidence
        .filter((e) => e.compliance_type === 'NON_COMPLIANT' && e.exception_id === '' && notMetRules.has(e.rule_identifier ?? ''))
        .sort((a, b) => `${a.account}${a.region}${a.resource_type}${a.resource_id}`.localeCompare(`${b.account}${b.region}${b.resource_type}${b.resource_id}`));
      const firstFailing = failing[0];
      if (firstFailing) expect(compact).toContain((firstFailing.resource_id ?? '').replace(/\s+/g, ''));
      expect(pdf.info.Title).toEqual(expect.stringContaining(fw?.name ?? '?'));
      // The demo compares with the previous quarter and shows the trend over both shipped quarters.
      expect(text).toContain('Changes since 2026-06-30');
      expect(text).toContain('Trend over the last 2 snapshots');
      // The working folder: register evidence (one row flagged as changed since registered), RACI, exceptions.
      expect(text).toContain('Exceptions (risk acceptance)');
      expect(text).toContain('EXC-2026-004');
      expect(text).toContain('Responsible:');
    }
  });

  it('two runs give identical bytes', async () => {
    const second = await runSrmap(['demo', '--out', join(work, 'b'), '--quiet']);
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe(join(work, 'b'));
    expect(await readFile(join(work, 'b', 'manifest.json'), 'utf8')).toBe(await readFile(join(work, 'a', 'manifest.json'), 'utf8'));
  }, 180_000);
});
