/**
 * snapshot -> evaluate -> render, for one or more frameworks. The pack is built in a temporary
 * directory and renamed into place when complete, so a crash never leaves a half-written pack.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { Catalog, Framework } from '../domain/catalog.js';
import { toDay } from '../domain/dates.js';
import { SrmapError } from '../domain/errors.js';
import { createExceptionMatcher } from '../domain/exceptions.js';
import type { ControlResult, EvidenceSummary, FrameworkResult, PackInput } from '../domain/result.js';
import { evaluateFramework } from '../evaluate/evaluate-framework.js';
import {
  EVIDENCE_COLUMNS,
  GAPS_COLUMNS,
  MATRIX_COLUMNS,
  REQUIREMENTS_COLUMNS,
  toEvidenceRow,
  toGapRows,
  toMatrixRows,
  toRequirementIndex,
  toRequirementRows,
} from '../render/csv/to-csv-tables.js';
import { openCsv, writeCsv, type CsvSink } from '../render/csv/write-csv.js';
import { createNarrativeRenderer } from '../render/narrative/render-narratives.js';
import { toPdfDocument } from '../render/pdf/to-pdf-document.js';
import { writePdf } from '../render/pdf/write-pdf.js';
import { readRecords } from '../store/read-snapshot.js';
import { loadEvidence } from './load-evidence.js';

export const PACK_FORMAT = 'srmap-pack/1';
export const DEFAULT_FAILING_CAP = 25;

export interface BuildPacksOptions {
  catalog: Catalog;
  snapshotDir: string;
  outDir: string;
  /** Framework ids; all of the catalog's when empty. */
  frameworks?: readonly string[];
  failingCap?: number;
  toolVersion: string;
  onProgress?: (message: string) => void;
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
  frameworks: { id: string; result: FrameworkResult }[];
  files: PackFileEntry[];
}

export function selectFrameworks(catalog: Catalog, ids: readonly string[] | undefined): Framework[] {
  if (!ids || ids.length === 0) return [...catalog.frameworks];
  const known = new Map(catalog.frameworks.map((f) => [f.id, f]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new SrmapError('UNKNOWN_FRAMEWORK', `Unknown framework ${unknown.join(', ')}.`, {
      hint: `Use one of: ${[...known.keys()].join(', ')} (see \`srmap frameworks list\`).`,
    });
  }
  return [...new Set(ids)].map((id) => known.get(id) as Framework);
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Refuse to replace a directory that is not an srmap pack (or empty): never delete a user's files. */
async function checkReplaceable(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch {
    return;
  }
  if (entries.length === 0) return;
  try {
    const m = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as { format?: string };
    if (m.format === PACK_FORMAT) return;
  } catch {
    // fall through
  }
  throw new SrmapError('OUT_NOT_A_PACK', `${outDir} exists and is not an srmap pack; refusing to replace it.`, {
    hint: 'Choose another --out directory, or empty this one first.',
  });
}

export async function buildPacks(options: BuildPacksOptions): Promise<PackSummary> {
  const { catalog, snapshotDir, outDir } = options;
  const failingCap = options.failingCap ?? DEFAULT_FAILING_CAP;
  const progress = options.onProgress ?? (() => {});
  const frameworks = selectFrameworks(catalog, options.frameworks);
  await checkReplaceable(outDir);

  progress(`Reading snapshot ${snapshotDir}`);
  const evidence = await loadEvidence(snapshotDir, { failingCap });
  progress(`Read ${evidence.totals.evaluations.toLocaleString('en-US')} evaluation results`);

  const cache = new Map<string, ControlResult>();
  const results = frameworks.map((f) => evaluateFramework(f, catalog, evidence, {}, cache));
  const narrate = createNarrativeRenderer();
  const narratives = new Map<string, string>();
  for (const [id, result] of cache) {
    const control = catalog.controls.get(id);
    if (control) narratives.set(id, narrate(control, result, evidence));
  }

  await mkdir(dirname(outDir), { recursive: true });
  const tmp = join(dirname(outDir), `.${basename(outDir)}.partial-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    const rowCounts = new Map<string, number>();
    for (const result of results) {
      const dir = join(tmp, result.framework.id);
      await mkdir(dir);
      const input: PackInput = { result, evidence, narratives, failingCap };
      progress(`Rendering ${result.framework.id}`);
      const csvs: [string, readonly string[], string[][]][] = [
        ['requirements.csv', REQUIREMENTS_COLUMNS, toRequirementRows(input)],
        ['responsibility-matrix.csv', MATRIX_COLUMNS, toMatrixRows(input)],
        ['gaps.csv', GAPS_COLUMNS, toGapRows(input)],
      ];
      for (const [name, columns, rows] of csvs) {
        const { rows: n } = await writeCsv(join(dir, name), columns, rows);
        rowCounts.set(`${result.framework.id}/${name}`, n);
      }
      await writePdf(toPdfDocument(input, { generatedBy: `srmap ${options.toolVersion}` }), join(dir, `${result.framework.id}-pack.pdf`));
    }
    progress('Writing evidence.csv');
    for (const [path, n] of await writeEvidenceCsvs(tmp, snapshotDir, evidence, results)) rowCounts.set(path, n);

    const files: PackFileEntry[] = [];
    for (const result of results) {
      for (const name of (await readdir(join(tmp, result.framework.id))).sort()) {
        const path = `${result.framework.id}/${name}`;
        const full = join(tmp, path);
        const rows = rowCounts.get(path);
        files.push({ path, sha256: await sha256File(full), bytes: (await stat(full)).size, ...(rows === undefined ? {} : { rows }) });
      }
    }
    const manifest = {
      format: PACK_FORMAT,
      tool: { name: 'srmap', version: options.toolVersion },
      snapshot: {
        id: evidence.manifest.id,
        createdAt: evidence.manifest.createdAt,
        manifestSha256: await sha256File(join(snapshotDir, 'manifest.json')),
      },
      asOf: toDay(evidence.manifest.createdAt),
      organisation: evidence.manifest.organisation.name,
      frameworks: results.map((r) => ({ id: r.framework.id, name: r.framework.name, version: r.framework.version, counts: r.counts })),
      notice: 'AWS Artifact reports are AWS confidential: this pack cites them (name, id, version, period, sha256) and never embeds them.',
      files,
    };
    await writeFile(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // Swap in the new pack: the old one (if any) stays whole until the new one is in place.
    const old = join(dirname(outDir), `.${basename(outDir)}.old-${process.pid}`);
    const hadOld = await rename(outDir, old).then(() => true, () => false);
    await rename(tmp, outDir);
    if (hadOld) await rm(old, { recursive: true, force: true });
    return { outDir, snapshotId: evidence.manifest.id, frameworks: results.map((r) => ({ id: r.framework.id, result: r })), files };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** One pass over the evaluation results, one evidence.csv per framework. */
async function writeEvidenceCsvs(tmp: string, snapshotDir: string, evidence: EvidenceSummary, results: readonly FrameworkResult[]): Promise<Map<string, number>> {
  const matcher = createExceptionMatcher(evidence.exceptions, toDay(evidence.manifest.createdAt));
  const sinks = results.map((r) => ({ id: r.framework.id, index: toRequirementIndex(r), sink: openCsv(join(tmp, r.framework.id, 'evidence.csv'), EVIDENCE_COLUMNS) as CsvSink }));
  try {
    for await (const record of readRecords(snapshotDir, evidence.manifest, 'evaluations')) {
      for (const s of sinks) await s.sink.write(toEvidenceRow(s.id, record, s.index, matcher));
    }
    const counts = new Map<string, number>();
    for (const s of sinks) counts.set(relative(tmp, join(tmp, s.id, 'evidence.csv')), (await s.sink.close()).rows);
    return counts;
  } catch (e) {
    await Promise.all(sinks.map((s) => s.sink.abort()));
    throw e;
  }
}
