/**
 * srmap bundle --pack DIR --out FILE.zip: one file to hand an auditor, checkable with the public key
 * alone (`srmap verify FILE.zip`). It holds
 *   pack/...                 the pack as srmap wrote it (checked first: every hash, nothing unlisted),
 *                            its evidence index among them when the pack has one
 *   snapshot/manifest.json   the manifest of the snapshot the pack was built from (its sha256 is
 *                            the one the pack manifest records)
 *   working-folder/...       the documents of the register records that decided manual evidence
 *                            (the `evidence_id`s of each framework's manual-evidence.csv), each
 *                            hashed as registered: a document whose sha256 differs from the register
 *                            is an error naming it
 *   manifest.json            every file with its sha256 and size, what was cited and left out, and
 *                            the signature when a key is configured; first in the zip, stored
 * and never an AWS Artifact report: a register document whose sha256 is a report's that the snapshot
 * recorded is cited in the manifest, not bundled (AWS Artifact reports are AWS confidential).
 * The zip is deterministic (deterministic-zip.ts) and written to a temporary name, then renamed.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SrmapError, type Problem } from '../domain/errors.js';
import { RECORD_FILES } from '../domain/snapshot.js';
import { toVisibleJson } from '../domain/visible-text.js';
import type { WorkingFolder } from '../collect/manual/read-working-folder.js';
import { isUrlLocation } from '../collect/manual/confine-locations.js';
import { signManifest, type ManifestSignature } from '../sign/manifest-signature.js';
import { findSnapshotDirs } from '../store/find-snapshots.js';
import { readAll, readManifest } from '../store/read-snapshot.js';
import { claimOutputFile, sha256File } from './claim-output.js';
import { PACK_FORMAT } from './build-packs.js';
import { verifyPack } from './verify-pack.js';
import { writeDeterministicZip, type ZipEntry } from './deterministic-zip.js';

export const BUNDLE_FORMAT = 'srmap-bundle/1';
export const BUNDLE_NOTICE = 'AWS Artifact reports are AWS confidential: this bundle cites them (name, sha256) and never holds them.';

export interface BundleOptions {
  packDir: string;
  outFile: string;
  /** The snapshot the pack was built from; else looked for under `snapshotsDir` by its manifest's sha256. */
  snapshotDir?: string;
  snapshotsDir?: string;
  /** The working folder whose register decided the pack's manual evidence (needed when it has any). */
  working?: WorkingFolder;
  signingKey?: KeyObject;
  toolVersion: string;
  onProgress?: (message: string) => void;
}

export interface BundledDocument {
  evidenceId: string;
  title: string;
  location: string;
  sha256: string;
  bytes: number;
  /** Where it is in the zip. */
  path: string;
}

export interface CitedDocument {
  evidenceId: string;
  location: string;
  sha256?: string;
  /** Why it is cited and not bundled. */
  why: string;
}

export interface BundleFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface BundleSummary {
  outFile: string;
  bytes: number;
  sha256: string;
  files: number;
  frameworks: string[];
  documents: BundledDocument[];
  cited: CitedDocument[];
  snapshotId: string;
  signed: boolean;
}

interface PackManifest {
  format: string;
  snapshot: { id: string; createdAt: string; manifestSha256: string };
  asOf: string;
  organisation: string;
  frameworks: { id: string }[];
  workingFolder?: { inputs: { path: string; sha256: string }[] };
  files: BundleFile[];
  signature?: ManifestSignature;
}

const ARTIFACT_WHY = 'an AWS Artifact report (AWS confidential): cited, never bundled';

function toZipPath(path: string): string {
  return path.split(sep).join('/');
}

/** The snapshot the pack was built from: the one given, or the one under `snapshotsDir` whose manifest has the sha256 the pack records. */
async function findPackSnapshot(pack: PackManifest, options: BundleOptions): Promise<string> {
  const wanted = pack.snapshot.manifestSha256;
  if (options.snapshotDir) {
    const dir = resolve(options.snapshotDir);
    const got = await sha256File(join(dir, 'manifest.json')).catch(() => undefined);
    if (got !== wanted) {
      throw new SrmapError('BUNDLE_SNAPSHOT_MISMATCH', `${dir} is not the snapshot the pack was built from: its manifest.json ${got === undefined ? 'cannot be read' : `has sha256 ${got}`}, the pack records ${pack.snapshot.id} with ${wanted}.`, {
        hint: `Give --snapshot the folder of snapshot ${pack.snapshot.id} as it was when the pack was built.`,
      });
    }
    return dir;
  }
  for (const dir of options.snapshotsDir ? await findSnapshotDirs(options.snapshotsDir) : []) {
    if ((await sha256File(join(dir, 'manifest.json')).catch(() => undefined)) === wanted) return dir;
  }
  throw new SrmapError('USAGE', `The snapshot the pack was built from (${pack.snapshot.id}, manifest sha256 ${wanted}) was not found${options.snapshotsDir ? ` under ${options.snapshotsDir}` : ''}.`, {
    hint: 'Give --snapshot DIR, or set paths.snapshots in srmap.yaml to the folder that holds it.',
  });
}

/** sha256s of the AWS Artifact reports the snapshot recorded (listing and downloaded files). */
async function artifactReportHashes(snapshotDir: string): Promise<Set<string>> {
  const manifest = await readManifest(snapshotDir);
  const out = new Set<string>();
  for (const f of manifest.files) if (/^artifact-.*\.pdf$/.test(f.path)) out.add(f.sha256);
  if (manifest.files.some((f) => f.path === RECORD_FILES.artifactReports)) {
    for (const r of await readAll(snapshotDir, manifest, 'artifactReports')) if (r.documentSha256) out.add(r.documentSha256);
  }
  return out;
}

/**
 * The register ids that decided manual evidence in the pack (each framework's manual-evidence.csv,
 * `evidence_id`), each with the integrity the pack recorded for its document.
 */
async function decidingEvidenceIds(packDir: string, pack: PackManifest): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const fw of pack.frameworks) {
    const path = `${fw.id}/manual-evidence.csv`;
    if (!pack.files.some((f) => f.path === path)) continue;
    const rows = parse(await readFile(join(packDir, path), 'utf8'), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    for (const r of rows) if (r.evidence_id) ids.set(r.evidence_id, r.integrity ?? '');
  }
  return new Map([...ids].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface DocumentPlan {
  documents: BundledDocument[];
  cited: CitedDocument[];
  entries: ZipEntry[];
}

async function planDocuments(packed: ReadonlyMap<string, string>, working: WorkingFolder | undefined, artifacts: ReadonlySet<string>, pack: PackManifest): Promise<DocumentPlan> {
  const plan: DocumentPlan = { documents: [], cited: [], entries: [] };
  const ids = [...packed.keys()];
  if (ids.length === 0) return plan;
  if (!working?.manualEvidence) {
    throw new SrmapError('USAGE', `The pack's manual evidence was decided by ${ids.length} register record(s) (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}): the bundle needs the working folder that holds them.`, {
      hint: 'Run srmap bundle in the working folder (./srmap.yaml), or give --config srmap.yaml (or --register).',
    });
  }
  // The working folder must be the one the pack was built from: each input it read then, unchanged.
  const problems: Problem[] = [];
  const now = new Map(working.inputs.map((i) => [i.path, i.sha256]));
  for (const input of pack.workingFolder?.inputs ?? []) {
    const sha = now.get(input.path);
    if (sha !== undefined && sha !== input.sha256) problems.push({ file: input.path, message: `changed since the pack was built: sha256 ${sha}, the pack records ${input.sha256}` });
  }
  const seen = new Set<string>();
  for (const id of ids) {
    const record = working.manualEvidence.find((r) => r.id === id);
    if (!record) {
      problems.push({ file: 'evidence register', message: `${id} decided manual evidence in the pack but is not in the register` });
      continue;
    }
    if (isUrlLocation(record.location)) {
      plan.cited.push({ evidenceId: id, location: record.location, ...(record.sha256 ? { sha256: record.sha256 } : {}), why: 'a URL: srmap does not fetch it' });
      continue;
    }
    if (record.integrity === 'file-missing') {
      plan.cited.push({ evidenceId: id, location: record.location, ...(record.sha256 ? { sha256: record.sha256 } : {}), why: 'no file at its location (the pack reports it missing)' });
      continue;
    }
    if (record.integrity === 'mismatch' && packed.get(id) === 'mismatch') {
      // The pack already reports this document unverified (it decided nothing): cite it as the pack
      // does; a document that hashed as registered when the pack was built and no longer does is not this.
      plan.cited.push({ evidenceId: id, location: record.location, ...(record.sha256 ? { sha256: record.sha256 } : {}), why: 'does not hash as registered (the pack reports it unverified: it decided nothing)' });
      continue;
    }
    if (record.integrity === 'mismatch' || !record.sha256) {
      problems.push({ file: record.location, message: `the document of ${id} does not hash as registered (${record.integrityDetail ?? 'no sha256'})` });
      continue;
    }
    if (artifacts.has(record.sha256)) {
      plan.cited.push({ evidenceId: id, location: record.location, sha256: record.sha256, why: ARTIFACT_WHY });
      continue;
    }
    // Read where the register reader read it (its checks confined it to the working folder).
    const file = isAbsolute(record.location) ? record.location : join(working.registerDir ?? working.dir, record.location);
    const rel = relative(working.dir, file);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    const path = `working-folder/${inside ? toZipPath(rel) : `outside/${record.sha256.slice(0, 12)}-${basename(file)}`}`;
    const bytes = (await stat(file)).size;
    plan.documents.push({ evidenceId: id, title: record.title, location: record.location, sha256: record.sha256, bytes, path });
    if (!seen.has(path)) {
      seen.add(path);
      plan.entries.push({ path, file, sha256: record.sha256, bytes });
    }
  }
  if (problems.length > 0) {
    throw new SrmapError('BUNDLE_DOCUMENT_MISMATCH', `${problems.length} problem(s) with the working folder the pack was built from: no bundle was written.`, {
      problems,
      hint: 'Bundle with the register and documents as they were when the pack was built (or register the new document and build the pack again).',
    });
  }
  return plan;
}

export async function bundlePack(options: BundleOptions): Promise<BundleSummary> {
  const progress = options.onProgress ?? (() => undefined);
  const packDir = resolve(options.packDir);
  const outFile = resolve(options.outFile);
  const checked = await verifyPack(packDir, undefined);
  if (!checked.intact) {
    throw new SrmapError('PACK_ALTERED', `${checked.problems.length} problem(s) in the pack at ${packDir}: it is not as srmap wrote it, and is not bundled.`, {
      problems: checked.problems,
      hint: 'Build the pack again from its snapshot (srmap report), then bundle it.',
    });
  }
  const packManifestText = await readFile(join(packDir, 'manifest.json'));
  const pack = JSON.parse(packManifestText.toString('utf8')) as PackManifest;
  if (pack.format !== PACK_FORMAT) throw new SrmapError('PACK_INVALID', `${packDir}/manifest.json is not a pack manifest.`);
  const snapshotDir = await findPackSnapshot(pack, options);
  for (const [dir, what] of [[packDir, 'the pack'], [snapshotDir, 'the snapshot']] as const) {
    const rel = relative(dir, outFile);
    if (!rel.startsWith('..') && !isAbsolute(rel)) throw new SrmapError('USAGE', `--out ${outFile} is inside ${what} (${dir}): a pack or snapshot is never added to.`, { hint: 'Write the bundle elsewhere, e.g. beside the pack.' });
  }
  progress(`Pack ${packDir}: ${checked.files} files intact; snapshot ${pack.snapshot.id} at ${snapshotDir}`);

  const ids = await decidingEvidenceIds(packDir, pack);
  const docs = await planDocuments(ids, options.working, await artifactReportHashes(snapshotDir), pack);
  const snapshotManifest = await readFile(join(snapshotDir, 'manifest.json'));

  const fileEntries: ZipEntry[] = [
    ...pack.files.map((f): ZipEntry => ({ path: `pack/${f.path}`, file: join(packDir, f.path), sha256: f.sha256, bytes: f.bytes })),
    { path: 'pack/manifest.json', data: packManifestText },
    { path: 'snapshot/manifest.json', data: snapshotManifest },
    ...docs.entries,
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const files: BundleFile[] = [];
  for (const e of fileEntries) {
    if ('data' in e) files.push({ path: e.path, sha256: createHash('sha256').update(e.data).digest('hex'), bytes: e.data.length });
    else files.push({ path: e.path, sha256: e.sha256, bytes: e.bytes });
  }
  const manifest = {
    format: BUNDLE_FORMAT,
    tool: { name: 'srmap', version: options.toolVersion },
    pack: {
      manifestSha256: files.find((f) => f.path === 'pack/manifest.json')?.sha256 ?? '',
      asOf: pack.asOf,
      organisation: pack.organisation,
      frameworks: pack.frameworks.map((f) => f.id),
      ...(pack.signature?.keyId ? { signedBy: pack.signature.keyId } : {}),
    },
    snapshot: { id: pack.snapshot.id, createdAt: pack.snapshot.createdAt, manifestSha256: pack.snapshot.manifestSha256 },
    documents: docs.documents,
    cited: docs.cited,
    notice: BUNDLE_NOTICE,
    files,
  };
  const signed = options.signingKey ? signManifest(manifest, options.signingKey) : manifest;
  const manifestText = Buffer.from(`${toVisibleJson(signed, 2)}\n`, 'utf8');

  const claim = await claimOutputFile(outFile, [join(packDir, 'manifest.json'), join(snapshotDir, 'manifest.json')], isBundleHead, 'bundle');
  const tmp = `${outFile}.tmp-${process.pid}`;
  try {
    progress(`Writing ${files.length + 1} files into ${outFile}`);
    await writeDeterministicZip(tmp, [{ path: 'manifest.json', data: manifestText, store: true }, ...fileEntries], pack.snapshot.createdAt);
    await rename(tmp, outFile);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    await claim.release();
  }
  return {
    outFile,
    bytes: (await stat(outFile)).size,
    sha256: await sha256File(outFile),
    files: files.length + 1,
    frameworks: manifest.pack.frameworks,
    documents: docs.documents,
    cited: docs.cited,
    snapshotId: pack.snapshot.id,
    signed: options.signingKey !== undefined,
  };
}

/** Is this the head of a bundle srmap wrote (a zip whose first entry, stored, is a bundle manifest)? */
export function isBundleHead(head: string): boolean {
  return head.startsWith('PK\u0003\u0004') && head.includes('manifest.json') && /"format"\s*:\s*"srmap-bundle\//.test(head);
}
