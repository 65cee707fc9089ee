/**
 * `srmap export oscal`: the snapshot evaluated once, then for each framework its OSCAL 1.1.2 set in
 * `<out>/<framework-id>/`, with a manifest (format `srmap-oscal/1`: the snapshot, every file's
 * sha256 and size, the figures of each set). Built under a temporary name and renamed into place
 * whole, like a pack; replaces only an empty directory or an unchanged earlier export.
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { captureEvidenceRefs } from './load-evidence-refs.js';
import { join } from 'node:path';
import type { Catalog } from '../domain/catalog.js';
import { pushAll } from '../domain/arrays.js';
import { toDay } from '../domain/dates.js';
import { SrmapError } from '../domain/errors.js';
import type { PackInput } from '../domain/result.js';
import type { WorkingFolder } from '../collect/manual/read-working-folder.js';
import { toOscalSet, type OscalDocument } from '../render/oscal/to-oscal-set.js';
import { toOscalSummary, type OscalSummary } from '../render/oscal/to-oscal-summary.js';
import { claimOutputDir, sha256File } from './claim-output.js';
import { evaluateSnapshot } from './evaluate-snapshot.js';
import { selectFrameworks } from './select-frameworks.js';
import { writeOscalDocuments } from './write-oscal.js';

export const OSCAL_EXPORT_FORMAT = 'srmap-oscal/1';

export interface OutputFile {
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * Every file under `dir` (recursively, sorted), with its sha256 and size, paths relative to `dir`.
 * A file in `known` (by that path) was hashed as it was written: its figures are taken, not read
 * again (a million-row evidence.csv is hundreds of MB).
 */
export async function listOutputFiles(dir: string, prefix = '', known: ReadonlyMap<string, { sha256: string; bytes: number }> = new Map()): Promise<OutputFile[]> {
  const out: OutputFile[] = [];
  for (const e of (await readdir(join(dir, prefix), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    const hashed = known.get(rel);
    if (e.isDirectory()) pushAll(out, await listOutputFiles(dir, rel, known));
    else out.push({ path: rel, sha256: hashed?.sha256 ?? (await sha256File(join(dir, rel))), bytes: hashed?.bytes ?? (await stat(join(dir, rel))).size });
  }
  return out;
}

/** One framework's OSCAL set from its pack input, with the figures the documents hold. */
export function buildOscalSet(input: PackInput, catalog: Catalog, context: { toolVersion: string; snapshotManifestSha256: string; working?: WorkingFolder }): { docs: OscalDocument[]; summary: OscalSummary } {
  const docs = toOscalSet({
    pack: input,
    catalog,
    toolVersion: context.toolVersion,
    snapshotManifestSha256: context.snapshotManifestSha256,
    ...(context.working ? { workingInputs: context.working.inputs } : {}),
  });
  return { docs, summary: toOscalSummary(docs) };
}

export interface ExportOscalOptions {
  catalog: Catalog;
  snapshotDir: string;
  outDir: string;
  frameworks?: readonly string[];
  working?: WorkingFolder;
  expiringWithinDays?: number;
  failingCap: number;
  toolVersion: string;
  onProgress?: (message: string) => void;
}

export interface ExportOscalSummary {
  outDir: string;
  snapshotId: string;
  frameworks: { id: string; summary: OscalSummary }[];
  files: OutputFile[];
}

export async function exportOscal(options: ExportOscalOptions): Promise<ExportOscalSummary> {
  const progress = options.onProgress ?? (() => {});
  const frameworks = selectFrameworks(options.catalog, options.frameworks);
  const claim = await claimOutputDir(options.outDir, OSCAL_EXPORT_FORMAT, 'export oscal');
  for (const note of claim.notes) progress(note);
  try {
    progress(`Reading snapshot ${options.snapshotDir}`);
    const captured = captureEvidenceRefs(options.working);
    const evaluated = await evaluateSnapshot({
      catalog: options.catalog,
      snapshotDir: options.snapshotDir,
      frameworks,
      failingCap: options.failingCap,
      ...(options.working ? { working: options.working } : {}),
      ...(options.expiringWithinDays === undefined ? {} : { expiringWithinDays: options.expiringWithinDays }),
      sinks: captured.sinks,
    });
    const first = evaluated[0];
    if (!first) throw new SrmapError('USAGE', 'No framework to export.', { hint: 'Name a framework with --framework, or list frameworks in srmap.yaml.' });
    const manifestOf = first.evidence.manifest;
    const snapshotManifestSha256 = await sha256File(join(options.snapshotDir, 'manifest.json'));
    const refs = captured.refs();
    const sets: { id: string; summary: OscalSummary }[] = [];
    for (const e of evaluated) {
      progress(`OSCAL ${e.id}`);
      const { docs, summary } = buildOscalSet({ result: e.result, evidence: e.evidence, narratives: e.narratives, failingCap: options.failingCap, refs }, options.catalog, {
        toolVersion: options.toolVersion,
        snapshotManifestSha256,
        ...(options.working ? { working: options.working } : {}),
      });
      await writeOscalDocuments(join(claim.tmp, e.id), docs);
      sets.push({ id: e.id, summary });
    }
    const files = await listOutputFiles(claim.tmp);
    const manifest = {
      format: OSCAL_EXPORT_FORMAT,
      tool: { name: 'srmap', version: options.toolVersion },
      oscalVersion: '1.1.2',
      snapshot: { id: manifestOf.id, createdAt: manifestOf.createdAt, manifestSha256: snapshotManifestSha256 },
      asOf: toDay(manifestOf.createdAt),
      organisation: manifestOf.organisation.name,
      frameworks: sets.map((s) => ({ id: s.id, ...s.summary })),
      ...(options.working ? { workingFolder: { inputs: options.working.inputs } } : {}),
      ...(options.expiringWithinDays === undefined ? {} : { expiringWithinDays: options.expiringWithinDays }),
      notice: 'AWS Artifact reports are AWS confidential: these documents cite them (name, id, version, period, sha256) and never embed them.',
      files,
    };
    await writeFile(join(claim.tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await claim.commit();
    return { outDir: options.outDir, snapshotId: manifestOf.id, frameworks: sets, files };
  } finally {
    await claim.release();
  }
}
