/**
 * snapshot -> evaluate -> render, for one or more frameworks. The pack is built in a temporary
 * directory and renamed into place when complete, so a crash never leaves a half-written pack.
 */
import type { KeyObject } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog, Framework } from '../domain/catalog.js';
import { toDay } from '../domain/dates.js';
import { toVisibleJson } from '../domain/visible-text.js';
import type { EvidenceSummary, FrameworkResult, HistoryPoint, PackInput } from '../domain/result.js';
import type { SnapshotDiff } from '../domain/changes.js';
import type { SnapshotManifest } from '../domain/snapshot.js';
import { RESOURCE_CHANGE_COLUMNS, toResourceChangeRow } from '../render/csv/to-change-tables.js';
import { findSnapshotDirs } from '../store/find-snapshots.js';
import { readManifest } from '../store/read-snapshot.js';
import { startDiff, type PendingDiff } from './diff-snapshots.js';
import { writeChangeCsvs } from './write-diff.js';
import {
  EXCEPTIONS_COLUMNS,
  MANUAL_EVIDENCE_COLUMNS,
  GAPS_COLUMNS,
  MATRIX_COLUMNS,
  REQUIREMENTS_COLUMNS,
  toExceptionRows,
  toManualEvidenceRows,
  toGapRows,
  toMatrixRows,
  toRequirementIndex,
  toRequirementRows,
} from '../render/csv/to-csv-tables.js';
import { openCsv, writeCsv } from '../render/csv/write-csv.js';
import { ATTESTATIONS_COLUMNS, toAttestationRows } from '../render/csv/to-attestation-rows.js';
import { CUECS_COLUMNS, toCuecRows } from '../render/csv/to-cuec-rows.js';
import type { Cuec } from '../domain/cuec.js';
import { writeEvidenceCsvs } from '../render/csv/write-evidence-csvs.js';
import type { EvidenceCsvWriter, EvidenceCsvsWritten } from '../render/csv/evidence-csv.js';
import { toRuleRefPlan, withOrphans, type EvidenceRefs, type EvidenceTally } from '../domain/evidence-refs.js';
import { EVIDENCE_INDEX_COLUMNS, toEvidenceIndexRows } from '../render/to-evidence-index-rows.js';
import type { PackTables } from '../render/xlsx/to-workbook-sheets.js';
import { WORKBOOK_EVIDENCE_ROWS } from '../render/xlsx/workbook-model.js';
import { toRunEvidenceRefs } from './load-evidence-refs.js';
import { writeWorkbooks, type WorkbookJob } from './write-workbooks.js';
import { collectGarbage } from './collect-garbage.js';
import { memoryBudgetMb, writePdfsInWorkers, type PdfEvent, type PdfJob } from '../render/pdf/write-pdf-in-worker.js';
import { evaluateSnapshot, frameworkScopes } from './evaluate-snapshot.js';
import type { EvaluationSinks } from './load-evidence.js';
import { collectedIn } from '../evaluate/evaluate-control.js';
import { scopeKey, WHOLE_SNAPSHOT } from '../domain/scope.js';
import { EMPTY_DIGEST, type EvidenceDigest } from '../render/evidence-digest.js';
import { HTML_PAGE, writeFrameworkPage, writeIndexPage } from '../render/html/write-html-pages.js';
import { signManifest } from '../sign/manifest-signature.js';
import { SrmapError } from '../domain/errors.js';
import type { WorkingFolder } from '../collect/manual/read-working-folder.js';
import { selectFrameworks } from './select-frameworks.js';
import { claimOutputDir, sha256File, type OutputClaim } from './claim-output.js';
import { buildOscalSet, listOutputFiles } from './export-oscal.js';
import { writeOscalDocuments } from './write-oscal.js';
import type { OscalSummary } from '../render/oscal/to-oscal-summary.js';
import { ALWAYS_WRITTEN, PACK_FORMATS, type PackFormat } from '../domain/pack-formats.js';

export { selectFrameworks } from './select-frameworks.js';
export { evaluateSnapshot, frameworkScopes, withWorkingFolder } from './evaluate-snapshot.js';

export const PACK_FORMAT = 'srmap-pack/1';
export { DEFAULT_FAILING_CAP } from './defaults.js';
import { DEFAULT_FAILING_CAP, DEFAULT_HISTORY_LIMIT } from './defaults.js';

export interface BuildPacksOptions {
  catalog: Catalog;
  snapshotDir: string;
  outDir: string;
  /** Framework ids; all of the catalog's when empty. */
  frameworks?: readonly string[];
  failingCap?: number;
  toolVersion: string;
  onProgress?: (message: string) => void;
  /** The PDFs' layout as it happens: each page with its framework and section, and each PDF written. */
  onPdfProgress?: (event: PdfEvent) => void;
  /** An earlier snapshot: adds "Changes since <date>" to each PDF and changes/*.csv to the pack. */
  previousDir?: string;
  /** A folder of snapshots: adds a trend over the last `historyLimit` of them (up to this one). */
  historyDir?: string;
  historyLimit?: number;
  /** A working folder: its register, owners and exceptions replace the snapshot's for this evaluation. */
  working?: WorkingFolder;
  /** Manual evidence valid for at most this many days after the snapshot date is `expiring` (default 30). */
  expiringWithinDays?: number;
  /** Evidence rows each workbook holds at most (its first rows of evidence.csv); WORKBOOK_EVIDENCE_ROWS by default. */
  workbookEvidenceRows?: number;
  /** Also write each framework's OSCAL 1.1.2 set in `<framework-id>/oscal/` (`report --oscal`, the demo). */
  oscal?: boolean;
  /** Signs the pack manifest (Ed25519 over its RFC 8785 form, src/sign/manifest-signature.ts). */
  signingKey?: KeyObject;
  /** The catalog's complementary user entity controls (readCuecs): each pack gives them a status, in the PDF and cuecs.csv. */
  cuecs?: readonly Cuec[];
  /** The formats written (`report --format`, parsePackFormats: the CSVs always among them); every format by default. The manifest records them. */
  formats?: readonly PackFormat[];
}

export interface PackFileEntry {
  path: string;
  sha256: string;
  bytes: number;
  rows?: number;
}

export interface PackSummary {
  outDir: string;
  snapshotId: string;
  frameworks: { id: string; result: FrameworkResult; oscal?: OscalSummary }[];
  files: PackFileEntry[];
  /** The formats written (the manifest's `formats`). */
  formats: PackFormat[];
}

export async function buildPacks(options: BuildPacksOptions): Promise<PackSummary> {
  const { catalog, outDir } = options;
  const progress = options.onProgress ?? (() => {});
  const frameworks = selectFrameworks(catalog, options.frameworks);
  // Before any work: --out must be writable, not another run's, and empty or an unchanged pack.
  const claim = await claimOutputDir(outDir, PACK_FORMAT, 'report');
  for (const note of claim.notes) progress(note);
  try {
    return await buildPacksInto(claim, options, frameworks);
  } finally {
    await claim.release();
  }
}

async function buildPacksInto(claim: OutputClaim, options: BuildPacksOptions, frameworks: readonly Framework[]): Promise<PackSummary> {
  const { catalog, snapshotDir, outDir } = options;
  const failingCap = options.failingCap ?? DEFAULT_FAILING_CAP;
  const progress = options.onProgress ?? (() => {});
  progress(`Reading snapshot ${snapshotDir}`);
  const working = options.working;
  const tmp = claim.tmp;
  const formats = PACK_FORMATS.filter((f) => f === ALWAYS_WRITTEN || !options.formats || options.formats.includes(f));
  const rowCounts = new Map<string, number>();
  for (const f of frameworks) await mkdir(join(tmp, f.id));
  await mkdir(join(tmp, WORKBOOK_ROWS_DIR));
  // One read of the snapshot: the evaluation's folds, every framework's evidence.csv (each row
  // citing its piece of evidence, the references numbered before the first result) and, with
  // --previous, the later side of the diff (the previous snapshot is read first).
  const workbookCap = options.workbookEvidenceRows ?? WORKBOOK_EVIDENCE_ROWS;
  // Without workbooks, no file of failing rows for them.
  const evidenceCsvs = openEvidenceCsvs(tmp, frameworks, catalog, working, formats.includes('xlsx') ? workbookCap : undefined);
  let changing: Awaited<ReturnType<typeof startChanges>> | undefined;
  let evaluated: Awaited<ReturnType<typeof evaluateSnapshot>>;
  let written: EvidenceCsvsWritten;
  let changes: SnapshotDiff | undefined;
  try {
    if (options.previousDir) changing = await startChanges(tmp, options);
    const diffSinks = changing?.pending.afterSinks;
    evaluated = await evaluateSnapshot({
      catalog,
      snapshotDir,
      frameworks,
      failingCap,
      ...(working ? { working } : {}),
      ...(options.expiringWithinDays === undefined ? {} : { expiringWithinDays: options.expiringWithinDays }),
      sinks: diffSinks ? async (context) => [...(await evidenceCsvs.sinks(context)), ...(await diffSinks(context))] : evidenceCsvs.sinks,
      ...(changing?.pending.needsTags ? { readTags: true } : {}),
      ...(options.cuecs ? { cuecs: options.cuecs } : {}),
    });
    written = await evidenceCsvs.close();
    if (changing) changes = await changing.finish(rowCounts);
  } catch (e) {
    await evidenceCsvs.abort();
    await changing?.abort();
    throw e;
  }
  // What the stream held is garbage now: collected here, its pages are not kept beside the PDF
  // lanes and workbooks (V8 would collect them only much later: collect-garbage.ts). Worth its
  // time only for a heap past a quarter of the memory budget the PDF lanes are fitted in (the
  // 1M report's 240 MB heap gives back 160 MB; the demo's 100 MB, 30 MB for 0.15 s of CPU).
  if (process.memoryUsage().heapTotal > (memoryBudgetMb() * 1024 * 1024) / 4) collectGarbage();
  const first = evaluated[0];
  if (!first) throw new SrmapError('USAGE', 'No framework to report on.', { hint: 'Name a framework with --framework, or list frameworks in srmap.yaml.' });
  const results = evaluated.map((e) => e.result);
  const manifestOf = first.evidence.manifest;
  const refs = withOrphans(evidenceCsvs.refs(), written.orphans);
  progress(`Read ${(first.evidence.totals.evaluations + first.evidence.outOfScopeResults).toLocaleString('en-US')} evaluation results`);

  const history = options.historyDir ? await readHistory(options, manifestOf, frameworks, evaluated) : undefined;
  const snapshotManifestSha256 = await sha256File(join(snapshotDir, 'manifest.json'));
  const oscal = new Map<string, OscalSummary>();
  const pdfJobs: PdfJob[] = [];
  const inputs = new Map<string, PackInput>();
  const workbookJobs: WorkbookJob[] = [];
  /** Per folder of the pack, files hashed as they were written (evidence.csv: no second read of hundreds of MB). */
  const hashedAsWritten = new Map<string, Map<string, { sha256: string; bytes: number }>>();
  for (const [i, { result, evidence, narratives, cuecs }] of evaluated.entries()) {
    const dir = join(tmp, result.framework.id);
    const input: PackInput = {
      result,
      evidence,
      narratives,
      failingCap,
      refs,
      ...(options.cuecs ? { cuecs } : {}),
      ...(changes ? { changes } : {}),
      ...(history ? { history: history.get(result.framework.id) ?? [] } : {}),
    };
    inputs.set(result.framework.id, input);
    progress(`Writing ${result.framework.id}`);
    const evidenceWritten: Partial<EvidenceCsvsWritten['targets'][number]> & { rows: number; tally: EvidenceTally } = written.targets[i] ?? { rows: 0, tally: new Map() as EvidenceTally };
    rowCounts.set(`${result.framework.id}/evidence.csv`, evidenceWritten.rows);
    if (evidenceWritten.written) hashedAsWritten.set(result.framework.id, new Map([['evidence.csv', evidenceWritten.written]]));
    const csvs: [string, readonly string[], string[][]][] = [
      ['requirements.csv', REQUIREMENTS_COLUMNS, toRequirementRows(input)],
      ['responsibility-matrix.csv', MATRIX_COLUMNS, toMatrixRows(input)],
      ['gaps.csv', GAPS_COLUMNS, toGapRows(input)],
      ['exceptions.csv', EXCEPTIONS_COLUMNS, toExceptionRows(input)],
      ['attestations.csv', ATTESTATIONS_COLUMNS, toAttestationRows(input)],
      ['cuecs.csv', CUECS_COLUMNS, toCuecRows(input)],
      ['manual-evidence.csv', MANUAL_EVIDENCE_COLUMNS, toManualEvidenceRows(input)],
      ['evidence-index.csv', EVIDENCE_INDEX_COLUMNS, toEvidenceIndexRows(input, evidenceWritten.tally)],
    ];
    const tables: Record<string, { columns: readonly string[]; rows: string[][] }> = {};
    for (const [name, columns, rows] of csvs) {
      const { rows: n } = await writeCsv(join(dir, name), columns, rows);
      rowCounts.set(`${result.framework.id}/${name}`, n);
      tables[name] = { columns, rows };
    }
    const { 'evidence-index.csv': index, ...packTables } = tables;
    if (formats.includes('xlsx')) workbookJobs.push({
      input,
      tables: packTables as PackTables,
      evidenceCsv: join(dir, 'evidence.csv'),
      evidenceRows: evidenceWritten.rows,
      evidenceCap: workbookCap,
      failingCsv: failingEvidenceCsv(tmp, result.framework.id),
      tally: evidenceWritten.tally,
      index: index ?? { columns: EVIDENCE_INDEX_COLUMNS, rows: [] },
      file: join(dir, `${result.framework.id}-workbook.xlsx`),
      meta: {
        createdAt: new Date(manifestOf.createdAt),
        title: `${result.framework.name}: evidence workbook`,
        subject: `${manifestOf.organisation.name}, as of ${toDay(manifestOf.createdAt)}, snapshot ${manifestOf.id}`,
        creator: `srmap ${options.toolVersion}`,
      },
      generatedBy: `srmap ${options.toolVersion}`,
    });
    if (options.oscal) {
      progress(`OSCAL ${result.framework.id}`);
      const { docs, summary } = buildOscalSet(input, catalog, { toolVersion: options.toolVersion, snapshotManifestSha256, ...(working ? { working } : {}) });
      await writeOscalDocuments(join(dir, OSCAL_DIR), docs);
      oscal.set(result.framework.id, summary);
    }
    if (formats.includes('pdf')) pdfJobs.push({ input, generatedBy: `srmap ${options.toolVersion}`, file: join(dir, `${result.framework.id}-pack.pdf`) });
  }
  if (pdfJobs.length > 0) progress(`Laying out ${pdfJobs.length} PDFs`);
  // The PDFs are laid out in worker threads; meanwhile this thread writes the workbooks.
  const settled = await Promise.allSettled([
    pdfJobs.length > 0 ? writePdfsInWorkers(pdfJobs, options.onPdfProgress ? { onEvent: options.onPdfProgress } : {}) : [],
    writeWorkbooks(workbookJobs, progress),
  ]);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  await rm(join(tmp, WORKBOOK_ROWS_DIR), { recursive: true, force: true });
  const generatedBy = `srmap ${options.toolVersion}`;
  if (formats.includes('html')) {
    progress('Writing the HTML pages');
    for (const [id, input] of inputs) await writeFrameworkPage(join(tmp, id, HTML_PAGE), input, evidenceCsvs.digests.get(id) ?? EMPTY_DIGEST, generatedBy, formats);
    await writeIndexPage(join(tmp, HTML_PAGE), { organisation: manifestOf.organisation.name, asOf: toDay(manifestOf.createdAt), snapshotId: manifestOf.id, generatedBy, frameworks: results, formats });
  }

  const files: PackFileEntry[] = formats.includes('html') ? [await packFileEntry(tmp, HTML_PAGE)] : [];
  for (const folder of [...results.map((r) => r.framework.id), ...(changes ? [CHANGES_DIR] : [])]) {
    for (const f of await listOutputFiles(join(tmp, folder), '', hashedAsWritten.get(folder))) {
      const path = `${folder}/${f.path}`;
      const rows = rowCounts.get(path);
      files.push({ path, sha256: f.sha256, bytes: f.bytes, ...(rows === undefined ? {} : { rows }) });
    }
  }
  const manifest = {
    format: PACK_FORMAT,
    tool: { name: 'srmap', version: options.toolVersion },
    snapshot: {
      id: manifestOf.id,
      createdAt: manifestOf.createdAt,
      manifestSha256: await sha256File(join(snapshotDir, 'manifest.json')),
    },
    asOf: toDay(manifestOf.createdAt),
    organisation: manifestOf.organisation.name,
    // What --format asked for: a format not listed here was not written (not lost).
    formats,
    frameworks: results.map((r) => ({ id: r.framework.id, name: r.framework.name, version: r.framework.version, counts: r.counts, scope: toManifestScope(r), ...(oscal.has(r.framework.id) ? { oscal: oscal.get(r.framework.id) } : {}) })),
    ...(changes ? { previousSnapshot: { id: changes.before.id, createdAt: changes.before.createdAt, manifestSha256: await sha256File(join(options.previousDir as string, 'manifest.json')) } } : {}),
    ...(working ? { workingFolder: { inputs: working.inputs } } : {}),
    // The catalog overlays this pack was built with (each file's sha256) and what they add or change.
    ...(options.catalog.overlays && options.catalog.overlays.length > 0 ? { catalogOverlays: { overlays: options.catalog.overlays, changes: options.catalog.changes ?? [] } } : {}),
    ...(options.expiringWithinDays === undefined ? {} : { expiringWithinDays: options.expiringWithinDays }),
    notice: 'AWS Artifact reports are AWS confidential: this pack cites them (name, id, version, period, sha256) and never embeds them.',
    files,
  };
  await writeFile(join(tmp, 'manifest.json'), `${toVisibleJson(options.signingKey ? signManifest(manifest, options.signingKey) : manifest, 2)}\n`);
  // Swap in the new pack: the old one (if any) stays whole until the new one is in place.
  await claim.commit();
  return { outDir, snapshotId: manifestOf.id, frameworks: results.map((r) => ({ id: r.framework.id, result: r, ...(oscal.has(r.framework.id) ? { oscal: oscal.get(r.framework.id) } : {}) })), files, formats };

}

async function packFileEntry(tmp: string, path: string, rows?: number): Promise<PackFileEntry> {
  const full = join(tmp, path);
  return { path, sha256: await sha256File(full), bytes: (await stat(full)).size, ...(rows === undefined ? {} : { rows }) };
}

/** What the pack manifest records of a framework's scope: what was declared, and what fell outside it. */
function toManifestScope(r: FrameworkResult) {
  const s = r.scope.scope;
  return {
    declared: s.declared,
    ...(s.description ? { description: s.description } : {}),
    ...(s.accounts ? { accounts: s.accounts } : {}),
    ...(s.regions ? { regions: s.regions } : {}),
    ...(s.tags ? { tags: s.tags } : {}),
    results: r.scope.results,
    gaps: { inScope: r.scope.gaps.inScope.length, outOfScope: r.scope.gaps.outOfScope.length },
  };
}

/** Beside the pack's folders while it is built, removed once the workbooks are written: each framework's failing evidence rows. */
const WORKBOOK_ROWS_DIR = '.workbook-rows';

function failingEvidenceCsv(tmp: string, frameworkId: string): string {
  return join(tmp, WORKBOOK_ROWS_DIR, `${frameworkId}-failing.csv`);
}

/**
 * Every framework's evidence.csv, written as the snapshot streams by (write-evidence-csvs: in worker
 * threads where cores allow), each row marked in or out of the framework's scope. The exceptions are
 * the evaluation's: the working folder's, else the snapshot's.
 */
function openEvidenceCsvs(tmp: string, frameworks: readonly Framework[], catalog: Catalog, working: WorkingFolder | undefined, workbookCap: number | undefined) {
  const scopes = frameworkScopes(frameworks, working);
  let writer: EvidenceCsvWriter | undefined;
  let refs: EvidenceRefs | undefined;
  const sinks: EvaluationSinks = (context) => {
    const { manifest, exceptions } = context;
    // Numbered from the snapshot's deployed rules and records and the register in effect, before the first result.
    refs = toRunEvidenceRefs(context, working);
    const targets = frameworks.map((f) => {
      const scope = scopes.get(f.id) ?? WHOLE_SNAPSHOT;
      const index = toRequirementIndex(f, catalog, collectedIn(manifest, scope, 'aws-config'));
      return {
        frameworkId: f.id,
        file: join(tmp, f.id, 'evidence.csv'),
        scopeKey: scopeKey(scope),
        index: { deciding: [...index.deciding], supporting: [...index.supporting] },
        // The workbook shows these first when evidence.csv has more rows than it holds.
        ...(workbookCap === undefined ? {} : { failing: { file: failingEvidenceCsv(tmp, f.id), cap: workbookCap } }),
      };
    });
    const plan = toRuleRefPlan(refs);
    const w = writeEvidenceCsvs({ targets, exceptions: working?.exceptions ?? exceptions, day: toDay(manifest.createdAt), refs: plan });
    writer = w;
    return [(records, inScope) => w.write({ records, inScope })];
  };
  /** Each framework's evidence.csv digest (what its HTML page shows), once closed. */
  const digests = new Map<string, EvidenceDigest>();
  return {
    sinks,
    digests,
    /** Per framework (in order) the rows written and what they hold of each piece, and the pieces met only in the results; keeps each framework's digest for its HTML page. */
    async close(): Promise<EvidenceCsvsWritten> {
      const written = (await writer?.close()) ?? { targets: [], orphans: [] };
      frameworks.forEach((f, i) => digests.set(f.id, written.targets[i]?.digest ?? EMPTY_DIGEST));
      return written;
    },
    /** The run's evidence references, numbered when the snapshot was opened. */
    refs(): EvidenceRefs {
      if (!refs) throw new Error('the evidence references are numbered when the snapshot is read');
      return refs;
    },
    async abort(): Promise<void> {
      await writer?.abort();
    },
  };
}

export const CHANGES_DIR = 'changes';
/** Each framework's OSCAL set, beside its PDF and CSVs. */
export const OSCAL_DIR = 'oscal';

/**
 * The diff against the previous snapshot, read first; the current snapshot then streams into
 * `pending.afterSinks` beside the pack's own sinks. Resource changes stream into
 * changes/resource-changes.csv; `finish` writes the other change tables.
 */
async function startChanges(tmp: string, options: BuildPacksOptions) {
  const dir = join(tmp, CHANGES_DIR);
  await mkdir(dir);
  const resources = openCsv(join(dir, 'resource-changes.csv'), RESOURCE_CHANGE_COLUMNS);
  let n = 0;
  let pending: PendingDiff;
  try {
    (options.onProgress ?? (() => {}))(`Comparing with ${options.previousDir}`);
    pending = await startDiff({
      catalog: options.catalog,
      beforeDir: options.previousDir as string,
      afterDir: options.snapshotDir,
      frameworks: options.frameworks ?? [],
      ...(options.working ? { working: options.working } : {}),
      ...(options.expiringWithinDays === undefined ? {} : { evaluation: { expiringWithinDays: options.expiringWithinDays } }),
      onResourceChange: (c) => {
        n += 1;
        return resources.write(toResourceChangeRow(c));
      },
    });
  } catch (e) {
    await resources.abort();
    throw e;
  }
  return {
    pending,
    async finish(rowCounts: Map<string, number>): Promise<SnapshotDiff> {
      const diff = await pending.finish();
      await resources.close();
      await writeChangeCsvs(dir, diff, 'written');
      rowCounts.set(`${CHANGES_DIR}/resource-changes.csv`, n);
      return diff;
    },
    abort: () => resources.abort(),
  };
}

/**
 * Each framework's counts in the last snapshots of a folder, up to (and including) this one. The
 * current point is this pack's own evaluation; each earlier snapshot is evaluated the same way (the
 * same scopes and working folder), so a change in the trend is a change in the evidence.
 */
async function readHistory(
  options: BuildPacksOptions,
  current: SnapshotManifest,
  frameworks: readonly Framework[],
  evaluated: readonly { result: FrameworkResult; evidence: EvidenceSummary }[],
): Promise<Map<string, HistoryPoint[]>> {
  const limit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const found: { dir: string; manifest: SnapshotManifest }[] = [];
  for (const dir of await findSnapshotDirs(options.historyDir as string)) {
    const manifest = await readManifest(dir);
    if (manifest.createdAt <= current.createdAt && manifest.id !== current.id) found.push({ dir, manifest });
  }
  found.sort((a, b) => a.manifest.createdAt.localeCompare(b.manifest.createdAt));
  const out = new Map<string, HistoryPoint[]>(frameworks.map((f) => [f.id, []]));
  const point = (r: { result: FrameworkResult; evidence: EvidenceSummary }): HistoryPoint => ({
    snapshotId: r.evidence.manifest.id,
    asOf: toDay(r.evidence.manifest.createdAt),
    byStatus: r.result.counts.byStatus,
    failingResults: [...r.evidence.rules.values()].reduce((n, rule) => n + rule.failingTotal, 0),
    gaps: r.evidence.scopeGaps.inScope.length,
  });
  for (const { dir } of found.slice(-(limit - 1))) {
    (options.onProgress ?? (() => {}))(`Trend: evaluating ${dir}`);
    const earlier = await evaluateSnapshot({
      catalog: options.catalog,
      snapshotDir: dir,
      frameworks,
      failingCap: 0,
      ...(options.working ? { working: options.working } : {}),
      ...(options.expiringWithinDays === undefined ? {} : { expiringWithinDays: options.expiringWithinDays }),
    });
    for (const e of earlier) out.get(e.id)?.push(point(e));
  }
  for (const e of evaluated) out.get(e.result.framework.id)?.push(point(e));
  return out;
}
