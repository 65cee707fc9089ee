/**
 * End to end, as a user installs and runs it: the project packed with `npm pack`, the tarball
 * installed into an empty folder, `npx srmap --version` and `npx srmap demo` run there; then what an
 * auditor checks in that pack. A second demo, run from the checkout's build at the same time, must
 * give identical bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CSV_SHEETS, columnKind } from '../../src/render/xlsx/workbook-model.js';
import { EVIDENCE_COLUMNS, GAPS_COLUMNS, MATRIX_COLUMNS, REQUIREMENTS_COLUMNS } from '../../src/render/csv/to-csv-tables.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { readManifest } from '../../src/store/read-snapshot.js';
import { readPdf, type ReadPdf } from '../helpers/read-pdf.js';
import { oscalSchema } from '../helpers/oscal-schema.js';
import { checkOscalReferences } from '../../src/render/oscal/check-oscal-references.js';
import { packAndInstall, type InstalledPackage } from '../helpers/install-package.js';
import { SET_ASIDE } from '../../src/tools/prepack.js';
import { REPO_ROOT, runSrmap, runSrmapInProcess, timeoutFor, type RunResult } from '../helpers/run-srmap.js';

const FRAMEWORKS = ['hipaa-security', 'pci-dss-4.0.1', 'soc2-2017', 'iso27001-2022', 'nist-csf-2.0'];
const SAMPLE = join(REPO_ROOT, 'evidence', 'sample');
const VERSION = (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
let installed: InstalledPackage;
let version: RunResult;
let first: RunResult;
let second: RunResult;

/** Each framework's PDF read back once and shared by the tests below, which only read it (pdfjs on the five PDFs, about 540 pages, was this file's largest cost when each test read them again). */
const pdfs = new Map<string, Promise<ReadPdf>>();
function pdfOf(id: string): Promise<ReadPdf> {
  let pdf = pdfs.get(id);
  if (!pdf) {
    pdf = readFile(join(work, 'a', id, `${id}-pack.pdf`)).then((b) => readPdf(new Uint8Array(b)));
    pdfs.set(id, pdf);
  }
  return pdf;
}

/**
 * How a workbook cell differs from its CSV text, compared as `toBe` would (Object.is), or undefined:
 * empty is no value; a count is a number; a date or a time is a Date of that day or instant; text
 * stays text, and a CSV cell neutralised for a spreadsheet (a leading quote) is a plain string cell.
 */
function cellDifference(v: unknown, text: string, column: string): string | undefined {
  let got = v;
  let want: unknown;
  const kind = columnKind(column);
  if (text === '') want = null;
  else if (kind === 'int') want = Number(text);
  else if ((kind === 'date' || kind === 'datetime') && !(v instanceof Date)) return `${JSON.stringify(v)} is not a date (${kind} ${JSON.stringify(text)})`;
  else if (kind === 'date') {
    got = (v as Date).toISOString().slice(0, 10);
    want = text;
  } else if (kind === 'datetime') {
    got = (v as Date).getTime();
    want = new Date(text).getTime();
  } else want = /^'(?:[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]|\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/.test(text) ? text.slice(1) : text;
  return Object.is(got, want) ? undefined : `${JSON.stringify(got)}, expected ${JSON.stringify(want)} (${kind})`;
}

function csv(path: string): Promise<Record<string, string>[]> {
  return readFile(path, 'utf8').then((t) => parse(t, { bom: true, columns: true }) as Record<string, string>[]);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-demo-'));
  // The checkout's demo runs while the package is packed, installed and its demo run.
  const fromCheckout = runSrmap(['demo', '--out', join(work, 'b'), '--quiet']);
  installed = await packAndInstall(join(work, 'package'));
  version = await installed.npx(['--version']);
  first = await installed.npx(['demo', '--out', join(work, 'a')]);
  second = await fromCheckout;
}, timeoutFor(45)); // pack, install from the cache, two demos

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the package', () => {
  it('ships only what runs: compiled JavaScript, the catalog, templates and the embedded sample', () => {
    const outside = installed.tarball.files.filter((f) => !/^(dist|frameworks|templates|vendor\/oscal|evidence\/(sample|sample-previous|sample-workspace))\//.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f));
    expect(outside).toEqual([]);
    expect(installed.tarball.files).toContain('dist/cli/srmap.js');
    expect(installed.tarball.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(installed.tarball.files.some((f) => f.startsWith('dist/tools/'))).toBe(false);
    console.log(`${installed.tarball.file}: ${installed.tarball.bytes} bytes, ${installed.tarball.files.length} files, ${installed.tarball.unpackedBytes} bytes unpacked; installed ${installed.mode}`);
  });

  it('installs from the tarball without npm asking to approve a script: the packed package.json has no `prepare`, the checkout\'s keeps it', async () => {
    const packedManifest = JSON.parse(await readFile(join(installed.dir, 'node_modules', 'srmap', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(packedManifest.scripts?.prepare).toBeUndefined();
    expect(installed.installStderr).not.toMatch(/install-scripts|allowScripts/);
    const own = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(own.scripts.prepare).toBe('tsx src/tools/build.ts');
    expect(existsSync(join(REPO_ROOT, SET_ASIDE))).toBe(false);
  });

  it('installs without TypeScript at run time, and `npx srmap --version` prints the version', async () => {
    expect(existsSync(join(installed.dir, 'node_modules', 'srmap', 'dist', 'cli', 'srmap.js'))).toBe(true);
    expect(existsSync(join(installed.dir, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(installed.dir, 'node_modules', 'typescript'))).toBe(false);
    expect(version.stderr).toBe('');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
  });
});

describe('srmap demo', () => {
  it('exits 0 and prints the pack directory last', () => {
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n').at(-1)).toBe(join(work, 'a'));
  });

  it('writes the documented layout, and the manifest hashes every file', async () => {
    const manifest = JSON.parse(await readFile(join(work, 'a', 'manifest.json'), 'utf8')) as { snapshot: { id: string }; formats: string[]; files: { path: string; sha256: string; bytes: number }[] };
    // Without --format, every format, and the manifest says so.
    expect(manifest.formats).toEqual(['pdf', 'csv', 'xlsx', 'html']);
    const sample = await readManifest(SAMPLE);
    expect(manifest.snapshot.id).toBe(sample.id);
    for (const id of FRAMEWORKS) {
      expect((await readdir(join(work, 'a', id))).sort()).toEqual(
        ['attestations.csv', 'cuecs.csv', 'evidence-index.csv', 'evidence.csv', 'exceptions.csv', 'gaps.csv', 'index.html', 'manual-evidence.csv', `${id}-pack.pdf`, `${id}-workbook.xlsx`, 'oscal', 'requirements.csv', 'responsibility-matrix.csv'].sort(),
      );
      expect((await readdir(join(work, 'a', id, 'oscal'))).sort()).toEqual(
        ['common-controls_catalog.json', ...['assessment-plan', 'assessment-results', 'catalog', 'component-definition', 'poam', 'profile', 'ssp'].map((k) => `${id}_${k}.json`)].sort(),
      );
    }
    expect((await readdir(join(work, 'a', 'changes'))).sort()).toEqual(['evidence-changes.csv', 'requirement-changes.csv', 'resource-changes.csv', 'rule-changes.csv', 'scope-changes.csv']);
    expect(manifest.files).toHaveLength(1 + FRAMEWORKS.length * (12 + 8) + 5);
    expect(manifest.files[0]?.path).toBe('index.html');
    for (const f of manifest.files) {
      const bytes = await readFile(join(work, 'a', f.path));
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
      expect(bytes.length).toBe(f.bytes);
    }
    expect((await readdir(work)).filter((n) => n.startsWith('.'))).toEqual([]);
    // srmap verify says the same of a pack in every format (PDFs, workbooks, pages, OSCAL): intact, unsigned.
    const v = await runSrmapInProcess(['verify', '--pack', join(work, 'a')]);
    expect([v.code, v.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^pack UNSIGNED: .*every sha256 and size as listed, nothing unlisted \\(${manifest.files.length} files`))]);
  });

  it('writes each framework\'s OSCAL 1.1.2 set beside the PDF and CSVs: every file valid against NIST\'s schema, every uuid reference resolving', async () => {
    const validate = await oscalSchema();
    for (const id of FRAMEWORKS) {
      const dir = join(work, 'a', id, 'oscal');
      const docs = new Map<string, unknown>();
      for (const name of await readdir(dir)) docs.set(name, JSON.parse(await readFile(join(dir, name), 'utf8')) as unknown);
      for (const [name, doc] of docs) expect(validate(doc).errors, `${id}/${name}`).toEqual([]);
      expect(checkOscalReferences(docs), id).toEqual({ problems: [], notes: [] });
      // The findings are the CSV's statuses, in the framework's own words.
      const ar = docs.get(`${id}_assessment-results.json`) as { 'assessment-results': { results: { findings: { props: { name: string; value: string }[] }[] }[] } };
      const findings = ar['assessment-results'].results[0]?.findings ?? [];
      const reqs = await csv(join(work, 'a', id, 'requirements.csv'));
      expect(findings.map((f) => f.props.find((p) => p.name === 'framework-status')?.value)).toEqual(reqs.map((r) => r.framework_status));
    }
  }, timeoutFor(10));

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

  it('the demo exercises every status across the frameworks of the sample', async () => {
    const seen = new Set<string>();
    for (const id of FRAMEWORKS) for (const r of await csv(join(work, 'a', id, 'requirements.csv'))) seen.add(r.status ?? '');
    // A requirement is inherited only when AWS alone carries it; an organisation with offices, paper
    // and devices of its own shares nearly every one, so 'inherited' shows on the AWS controls.
    expect([...seen].filter((s) => s !== 'inherited').sort()).toEqual(['accepted-risk', 'met', 'needs-evidence', 'not-applicable', 'not-met', 'partial']);
    const controls = new Set<string>();
    for (const id of FRAMEWORKS) for (const m of await csv(join(work, 'a', id, 'responsibility-matrix.csv'))) controls.add(m.control_status ?? '');
    expect(controls).toContain('inherited');
  });

  it('each PDF shows every requirement id, the responsibility split and the failing resources', async () => {
    const catalog = await loadCatalog();
    for (const id of FRAMEWORKS) {
      const dir = join(work, 'a', id);
      const pdf = await pdfOf(id);
      const text = pdf.pages.join('\n');
      const compact = text.replace(/\s+/g, '');
      const fw = catalog.frameworks.find((f) => f.id === id);
      for (const r of fw?.requirements.filter((x) => x.assessable) ?? []) expect(compact, `${id} ${r.id}`).toContain(r.id.replace(/\s+/g, ''));
      expect(text).toMatch(/What AWS does/i);
      expect(text).toMatch(/What the customer does/i);
      expect(text).toContain(`Page 1 of ${pdf.pages.length}`);
      const reqs = await csv(join(dir, 'requirements.csv'));
      const matrix = await csv(join(dir, 'responsibility-matrix.csv'));
      const someAws = matrix.find((m) => m.responsibility === 'shared' && m.role === 'deciding')?.aws_does ?? '';
      expect(compact).toContain(someAws.replace(/\s+/g, '').slice(0, 40));
      // The first failing resource (in sort order) of every not-met rule is listed in the PDF.
      const notMetRules = new Set(reqs.filter((r) => r.status === 'not-met').flatMap((r) => (r.config_rules ?? '').split(';')));
      const evidence = await csv(join(dir, 'evidence.csv'));
      const failing = evidence
        .filter((e) => e.compliance_type === 'NON_COMPLIANT' && e.exception_id === '' && e.in_scope === 'true' && notMetRules.has(e.rule_identifier ?? ''))
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
  }, timeoutFor(20)); // reads back about 800 pages

  it('shows the sample working folder: the register, owners and exceptions in the PDF and the CSVs', async () => {
    const out = join(work, 'a');
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { workingFolder?: { inputs: { path: string }[] } };
    expect(manifest.workingFolder?.inputs.map((i) => i.path)).toEqual(['srmap.yaml', 'evidence-register.csv', 'owners.yaml', 'exceptions.yaml', 'applicability.yaml']);
    const exceptions = await readFile(join(out, 'pci-dss-4.0.1', 'exceptions.csv'), 'utf8');
    expect(exceptions).toMatch(/EXC-2026-009,requirement,,,pci-dss-4\.0\.1:8\.6\.3,current,0,8\.6\.3,/);
    // PCI DSS allows no risk acceptance: the approved exception is a compensating control.
    const pci = await csv(join(out, 'pci-dss-4.0.1', 'requirements.csv'));
    expect(pci.find((r) => r.requirement_id === '8.6.3')).toMatchObject({ status: 'accepted-risk', framework_status: 'In Place with CCW', exception_id: 'EXC-2026-009' });
    expect(exceptions).toMatch(/EXC-2025-011,resources,INCOMING_SSH_DISABLED,sg-0ba57105ba57105ab,,expired,0,/);
    const reqs = await readFile(join(out, 'hipaa-security', 'requirements.csv'), 'utf8');
    expect(reqs).toContain('Risk & Compliance (Priya Raman)');
    expect(reqs).toMatch(/164\.312\(a\)\(2\)\(ii\),.*accepted-risk.*EXC-2026-010/);
    // The vendor review's file changed after it was registered: flagged, and it does not count (PCI DSS 12.8 relies on it).
    const pciReqs = await readFile(join(out, 'pci-dss-4.0.1', 'requirements.csv'), 'utf8');
    expect(pciReqs).toMatch(/Manual evidence unverified: Annual vendor risk review 2026 \(sha256 mismatch/);
    // manual-evidence.csv: one row per kind the framework needs, with the record that decided it.
    const manual = await readFile(join(out, 'hipaa-security', 'manual-evidence.csv'), 'utf8');
    expect(manual.split('\r\n')[0]).toBe('\ufeffframework,kind,kind_title,status,evidence_id,title,owner,collected_on,valid_until,location,sha256,integrity,control_ids,requirement_ids,evidence_ref');
    // srmap.yaml's window is 30 days: the log review valid until 2026-10-20 (20 days after the snapshot) is expiring.
    expect(manual).toMatch(/,expiring,ev-log-review-2026-09,"Security log review sign-off, September 2026",.*,2026-09-20,2026-10-20,documents\/logging\/log-review-2026-09\.md,[0-9a-f]{64},verified,/);
    expect(manual).toMatch(/,expired,ev-training-2025,/);
    expect(await readFile(join(out, 'pci-dss-4.0.1', 'manual-evidence.csv'), 'utf8')).toMatch(/,unverified,ev-vendor-review-2026,.*,mismatch,/);
  });

  it('one truth: every figure the PDF states is the figure of the CSVs (summary, framework terms, trend, scope, gaps, register)', async () => {
    const register = (await csv(join(REPO_ROOT, 'evidence', 'sample-workspace', 'evidence-register.csv'))).filter((r) => (r.evidence_id ?? '') !== '');
    const int = (s: string | undefined) => Number((s ?? 'NaN').replace(/,/g, ''));
    for (const id of FRAMEWORKS) {
      const dir = join(work, 'a', id);
      const pdf = await pdfOf(id);
      const page = (needle: string) => pdf.pages.find((p) => p.includes(needle)) ?? '';
      const reqs = await csv(join(dir, 'requirements.csv'));
      const count = (pred: (r: Record<string, string>) => boolean) => reqs.filter(pred).length;
      const summary = page('Requirements by status\n');
      const labels: Record<string, string> = { met: 'Met', partial: 'Partial', 'not-met': 'Not met', 'accepted-risk': 'Accepted risk', 'needs-evidence': 'Needs evidence', inherited: 'Inherited', 'not-applicable': 'Not applicable' };
      for (const [status, label] of Object.entries(labels)) {
        expect(int(new RegExp(`^${label} ([\\d,]+) \\(`, 'm').exec(summary)?.[1]), `${id} ${status}`).toBe(count((r) => r.status === status));
      }
      const atFault = count((r) => ['not-met', 'partial', 'needs-evidence'].includes(r.status ?? ''));
      expect(summary.replace(/\s+/g, ' ')).toContain(`${atFault} requirement${atFault === 1 ? '' : 's'} need`);
      // The framework's own words: each term with the number of requirements the CSV gives it.
      for (const term of new Set(reqs.map((r) => r.framework_status ?? ''))) {
        const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        expect(int(new RegExp(`^${escaped} (\\d+) `, 'm').exec(summary)?.[1]), `${id} term ${term}`).toBe(count((r) => r.framework_status === term));
      }
      // The trend's last point is this evaluation, not a second one.
      const trend = pdf.pages.filter((p) => p.includes('Trend over the last')).at(-1) ?? '';
      const row = new RegExp('^2026-09-30 sample-2026-09-30 ([\\d ]+)$', 'm').exec(trend)?.[1]?.trim().split(' ').map(Number) ?? [];
      const order = ['met', 'partial', 'not-met', 'accepted-risk', 'needs-evidence', 'inherited', 'not-applicable'];
      expect(row.slice(0, 7), `${id} trend`).toEqual(order.map((s) => count((r) => r.status === s)));
      // Scope: results in and out of scope, and the gaps that count, as evidence.csv and gaps.csv hold them.
      const evidence = await csv(join(dir, 'evidence.csv'));
      const scope = page('Evaluation results in scope');
      expect(int(/Evaluation results in scope ([\d,]+)/.exec(scope)?.[1])).toBe(evidence.filter((e) => e.in_scope === 'true').length);
      expect(int(/Evaluation results out of scope ([\d,]+)/.exec(scope)?.[1])).toBe(evidence.filter((e) => e.in_scope === 'false').length);
      const gaps = (await csv(join(dir, 'gaps.csv'))).filter((g) => g.gap_type === 'collection');
      const inScopeGaps = gaps.filter((g) => g.in_scope === 'true').length;
      expect(summary).toContain(inScopeGaps === 0 ? 'Collection gaps in scope None' : `Collection gaps in scope ${inScopeGaps}`);
      expect(int(/Collection gaps out of scope ([\d,]+)/.exec(summary)?.[1])).toBe(gaps.filter((g) => g.in_scope === 'false').length);
      // The register: the summary's count is the rows listed in Appendix B (evidence inventory).
      expect(int(/Manual evidence records ([\d,]+)/.exec(summary)?.[1])).toBe(register.length);
      const appendixC = pdf.pages.slice(pdf.pages.findIndex((p) => p.includes('Appendix B. Evidence inventory\n'))).join('\n');
      for (const r of register) expect(appendixC.replace(/\s+/g, ''), `${id} ${r.evidence_id}`).toContain(r.evidence_id);
    }
  });

  it('each PDF lists the complementary user entity controls of AWS\'s SOC 2 report with cuecs.csv\'s statuses', async () => {
    const labels: Record<string, string> = { met: 'Met', partial: 'Partial', 'not-met': 'Not met', 'accepted-risk': 'Accepted risk', 'needs-evidence': 'Needs evidence', inherited: 'Inherited', 'not-applicable': 'Not applicable' };
    const reqs = new Map<string, Record<string, string>[]>();
    for (const id of FRAMEWORKS) {
      const dir = join(work, 'a', id);
      const rows = await csv(join(dir, 'cuecs.csv'));
      expect(rows.map((r) => r.cuec_id), id).toEqual(Array.from({ length: 20 }, (_, i) => `CUEC-${String(i + 1).padStart(2, '0')}`));
      const pdf = await pdfOf(id);
      const start = pdf.pages.findIndex((p) => p.includes('Complementary user entity controls\n'));
      const section = pdf.pages.slice(start, start + 3).join('\n');
      const counts = Object.keys(labels).filter((s) => rows.some((r) => r.status === s)).map((s) => `${rows.filter((r) => r.status === s).length} ${labels[s]}`);
      expect(section, id).toContain(`20 CUECs: ${counts.join(', ')}.`);
      const flat = section.replace(/\s+/g, '');
      for (const r of rows) expect(flat, `${id} ${r.cuec_id}`).toContain(`${r.cuec_id}${r.area}${r.topic}${labels[r.status ?? '']}`.replace(/\s+/g, ''));
      reqs.set(id, rows);
    }
    // Each CUEC's status is its controls' as the evaluation found them: the PCI DSS requirement rows of a CUEC's control agree.
    const pci = await csv(join(work, 'a', 'pci-dss-4.0.1', 'requirements.csv'));
    for (const r of reqs.get('pci-dss-4.0.1') ?? []) {
      for (const pair of (r.control_statuses ?? '').split(';')) {
        const [control, status] = pair.split('=');
        expect(['met', 'partial', 'not-met', 'accepted-risk', 'needs-evidence', 'inherited', 'not-applicable'], pair).toContain(status);
        if (!(r.controls_not_in_framework ?? '').split(';').includes(control ?? '')) expect(pci.some((q) => [...(q.controls ?? '').split(';'), ...(q.supporting_controls ?? '').split(';')].includes(control ?? '')), `${r.cuec_id} ${control}`).toBe(true);
      }
    }
  });

  it('the PCI DSS pack is assessed over the declared CDE: out-of-scope results are listed and decide nothing', async () => {
    const dir = join(work, 'a', 'pci-dss-4.0.1');
    const evidence = await csv(join(dir, 'evidence.csv'));
    const out = evidence.filter((e) => e.in_scope === 'false');
    expect(out.some((e) => e.account === '777788889999')).toBe(true);
    expect(evidence.filter((e) => e.account === '777788889999').every((e) => e.in_scope === 'false')).toBe(true);
    // The public marketing bucket in the production account is not tagged cde=true: listed, out of scope.
    expect(out.some((e) => e.resource_id?.startsWith('northwind-public-assets-'))).toBe(true);
    const reqs = await csv(join(dir, 'requirements.csv'));
    const pdf = await pdfOf('pci-dss-4.0.1');
    expect(pdf.pages[0]?.replace(/\s+/g, ' ')).toContain('Cardholder data environment');
    // A PCI requirement's failing resources are all in scope.
    for (const r of reqs.filter((x) => x.status === 'not-met')) {
      for (const rule of (r.config_rules ?? '').split(';').filter(Boolean)) {
        for (const e of evidence.filter((x) => x.rule_identifier === rule && x.compliance_type === 'NON_COMPLIANT' && x.exception_id === '' && x.in_scope === 'false')) {
          expect(reqs.find((x) => x.requirement_id === r.requirement_id)?.reason ?? '', `${r.requirement_id} must not count ${e.resource_id}`).not.toContain(e.resource_id ?? '');
        }
      }
    }
  });

  it('each PDF is economical (contents of at most three pages; the PCI DSS pack at most 200), and its population is evidence.csv\'s', async () => {
    const pages: Record<string, number> = {};
    for (const id of FRAMEWORKS) {
      const dir = join(work, 'a', id);
      const pdf = await pdfOf(id);
      pages[id] = pdf.pages.length;
      const contents = pdf.pages.findIndex((p) => p.includes('Contents\n'));
      const summary = pdf.pages.findIndex((p) => p.includes('Requirements by status\n'));
      expect(summary - contents, `${id} contents pages`).toBeLessThanOrEqual(3);
      // Population: each deciding rule's evaluated results are the in-scope rows of evidence.csv.
      const evidence = await csv(join(dir, 'evidence.csv'));
      const inScope = new Map<string, number>();
      for (const e of evidence) if (e.in_scope === 'true') inScope.set(e.rule_identifier ?? '', (inScope.get(e.rule_identifier ?? '') ?? 0) + 1);
      const population = pdf.pages.filter((p) => p.includes('Deciding rule')).join('\n');
      const rows = [...population.matchAll(/^([A-Z0-9_]+) (\d+) ([\d,]+) /gm)];
      expect(rows.length, id).toBeGreaterThan(0);
      for (const [, rule, , evaluated] of rows) expect(Number(evaluated?.replace(/,/g, '')), `${id} ${rule}`).toBe(inScope.get(rule ?? '') ?? 0);
      expect(pdf.pages.some((p) => p.includes("Management's assertion and sign-off\n")), id).toBe(true);
      // Progress (plain lines: stderr is not a terminal): each section as the layout enters it, on the page the PDF shows it, then the PDF written.
      const detailPage = pdf.pages.findIndex((p) => /^Requirement detail\n/m.test(p)) + 1;
      expect(first.stderr, id).toMatch(new RegExp(`^${id.replace(/\./g, '\\.')}: Requirement detail \\(section \\d+ of \\d+\\), page ${detailPage}$`, 'm'));
      expect(first.stderr, id).toContain(`\n${id}: PDF written, ${pdf.pages.length} pages\n`);
    }
    console.log(`PDF pages: ${JSON.stringify(pages)}`);
    expect(pages['pci-dss-4.0.1']).toBeLessThanOrEqual(200);
  });

  it('each workbook holds every row of every CSV of its pack, in typed cells (text ids, dates, numbers), and its own sheets', async () => {
    const own: Record<string, [string, number]> = { 'iso27001-2022': ['Statement of Applicability', 93], 'pci-dss-4.0.1': ['PCI DSS responsibility', 0] };
    for (const id of FRAMEWORKS) {
      const dir = join(work, 'a', id);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, `${id}-workbook.xlsx`));
      const names = wb.worksheets.map((w) => w.name);
      expect(names.slice(0, 2)).toEqual(['About', 'Requirements']);
      expect(names).toContain('How each status was computed');
      const mine = own[id];
      if (mine) expect(names[2]).toBe(mine[0]);
      else expect(names).toHaveLength(10);
      if (mine?.[1]) expect((wb.getWorksheet(mine[0]) as ExcelJS.Worksheet).rowCount - 1).toBe(mine[1]);
      for (const [file, sheet] of Object.entries(CSV_SHEETS)) {
        const rows = parse(await readFile(join(dir, file), 'utf8'), { bom: true }) as string[][];
        const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
        expect(ws.rowCount, `${id} ${sheet}`).toBe(rows.length);
        const header = rows[0] ?? [];
        expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(header);
        // Every cell compared, the differences collected and asserted once (an expect per cell, about
        // 400,000 of them, was most of this test's time).
        const differences: string[] = [];
        rows.slice(1).forEach((r, i) => {
          const row = ws.getRow(i + 2);
          r.forEach((text, j) => {
            const cell = row.getCell(j + 1);
            const v: unknown = cell.value !== null && typeof cell.value === 'object' && 'text' in cell.value ? cell.value.text : cell.value;
            const difference = cellDifference(v, text, header[j] ?? '');
            if (difference) differences.push(`row ${i + 2} ${header[j]}: ${difference}`);
          });
        });
        expect(differences, `${id} ${sheet}`).toEqual([]);
      }
    }
  }, timeoutFor(6));

  it('an evidence reference names the same piece in every framework\'s pack, and the index counts what evidence.csv holds of it', async () => {
    let first: Map<string, string> | undefined;
    for (const id of FRAMEWORKS) {
      const dir = join(work, 'a', id);
      const evidence = await csv(join(dir, 'evidence.csv'));
      const refOf = new Map<string, string>();
      const counted = new Map<string, { inScope: number; out: number }>();
      for (const e of evidence) {
        expect(e.evidence_ref, `${id} ${e.rule_name}`).toMatch(/^EV-\d{4,}$/);
        refOf.set(`${e.account}|${e.region}|${e.rule_name}`, e.evidence_ref ?? '');
        const c = counted.get(e.evidence_ref ?? '') ?? { inScope: 0, out: 0 };
        if (e.in_scope === 'true') c.inScope += 1;
        else c.out += 1;
        counted.set(e.evidence_ref ?? '', c);
      }
      if (first) expect(refOf, id).toEqual(first);
      first ??= refOf;
      const index = await csv(join(dir, 'evidence-index.csv'));
      const rules = index.filter((r) => r.kind === 'config-rule-results');
      for (const [ref, c] of counted) {
        const row = rules.find((r) => r.evidence_ref === ref);
        expect(row, `${id} ${ref}`).toBeDefined();
        expect(Number(row?.results), `${id} ${ref}`).toBe(c.inScope);
        expect(Number(row?.results_out_of_scope), `${id} ${ref}`).toBe(c.out);
      }
      // Every reference requirements.csv cites is in the index.
      const listed = new Set(index.map((r) => r.evidence_ref));
      for (const r of await csv(join(dir, 'requirements.csv'))) {
        for (const ref of (r.deciding_evidence_refs ?? '').split(';').filter(Boolean)) expect(listed.has(ref), `${id} ${r.requirement_id} ${ref}`).toBe(true);
      }
    }
  });

  it('two runs give identical bytes (the installed package and the checkout)', async () => {
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe(join(work, 'b'));
    expect(await readFile(join(work, 'b', 'manifest.json'), 'utf8')).toBe(await readFile(join(work, 'a', 'manifest.json'), 'utf8'));
  });
});
