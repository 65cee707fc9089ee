/**
 * srmap verify FILE.zip [--public-key FILE]: is this bundle what srmap bundle wrote? Every entry the
 * bundle manifest lists is in the zip with its sha256 and size, nothing else is (an unlisted file,
 * or a name twice, is an error), and the manifest's signature checks with the public key.
 * Directory entries are folded into one line: srmap bundle writes none, but re-zipping the unpacked
 * bundle (`zip -r`, a file manager's "compress") adds one per folder. Empty entries for the folders
 * of listed files add nothing a reader could take for evidence, so they are a warning (the zip is not
 * the file srmap bundle wrote, every file in it is); any other directory entry (a folder no listed
 * file is in, or one that carries data) is an addition, and an error. Inside it, the pack is checked against its own manifest (and its signature, when it
 * has one), and the snapshot manifest against the sha256 the pack records. Unsigned, or checked
 * without a public key, is said to be so, never "verified".
 */
import type { KeyObject } from 'node:crypto';
import { basename } from 'node:path';
import { pushAll } from '../domain/arrays.js';
import type { Problem } from '../domain/errors.js';
import { checkManifestSignature, signatureProblems, type SignatureCheck } from '../sign/manifest-signature.js';
import { BUNDLE_FORMAT } from './bundle-pack.js';
import { PACK_FORMAT } from './build-packs.js';
import { readZipEntries, type ZipEntryRead } from './read-zip-entries.js';

export interface BundleVerification {
  file: string;
  intact: boolean;
  signature: SignatureCheck;
  /** The pack's own signature inside the bundle. */
  packSignature?: SignatureCheck;
  /** The snapshot manifest's own signature inside the bundle. */
  snapshotSignature?: SignatureCheck;
  files: number;
  filesOk: number;
  bytes: number;
  documents: number;
  cited: number;
  frameworks: string[];
  snapshotId?: string;
  asOf?: string;
  problems: Problem[];
  /** What does not make the bundle fail but the reader should know: directory entries a re-zip added. */
  warnings: Problem[];
}

interface ListedFile {
  path: string;
  sha256: string;
  bytes: number;
}

const MANIFESTS = new Set(['manifest.json', 'pack/manifest.json', 'snapshot/manifest.json']);

function parseJson(entry: ZipEntryRead | undefined): Record<string, unknown> | undefined {
  if (!entry?.data) return undefined;
  try {
    const v = JSON.parse(entry.data.toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function listedFiles(manifest: Record<string, unknown>, file: string, problems: Problem[]): Map<string, ListedFile> {
  const listed = new Map<string, ListedFile>();
  for (const [i, f] of ((Array.isArray(manifest.files) ? manifest.files : []) as Partial<ListedFile>[]).entries()) {
    if (typeof f?.path !== 'string' || typeof f.sha256 !== 'string' || typeof f.bytes !== 'number') {
      problems.push({ file, path: `files[${i}]`, message: 'not a file entry srmap writes (path, sha256, bytes)' });
      continue;
    }
    listed.set(f.path, f as ListedFile);
  }
  return listed;
}

/** Every folder a listed file is in (`pack/`, `pack/hipaa-security/`): what re-zipping the unpacked bundle adds entries for. */
function foldersOf(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const path of paths) {
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) folders.add(path.slice(0, i + 1));
  }
  return folders;
}

const countOf = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The first two names, and how many more: one line however many there are. */
function examples(entries: readonly ZipEntryRead[]): string {
  const shown = entries.slice(0, 2).map((e) => e.path);
  return entries.length > 2 ? `e.g. ${shown.join(', ')} and ${(entries.length - 2).toLocaleString('en-US')} more` : shown.join(', ');
}

function compare(entry: ZipEntryRead, f: ListedFile, by: string): string | undefined {
  if (entry.damaged) return `damaged: ${entry.damaged}`;
  if (entry.bytes !== f.bytes) return `altered: ${entry.bytes ?? '?'} bytes, ${by} says ${f.bytes}`;
  if (entry.sha256 !== f.sha256) return `altered: sha256 ${entry.sha256 ?? '?'}, ${by} says ${f.sha256}`;
  return undefined;
}

export async function verifyBundle(file: string, publicKey: KeyObject | undefined): Promise<BundleVerification> {
  const entries = await readZipEntries(file, (name) => MANIFESTS.has(name));
  const problems: Problem[] = [];
  const byPath = new Map<string, ZipEntryRead>();
  for (const e of entries) {
    if (byPath.has(e.path)) problems.push({ file: e.path, message: 'in the zip twice: a bundle holds each file once' });
    else byPath.set(e.path, e);
  }
  const manifest = parseJson(byPath.get('manifest.json'));
  if (!manifest || manifest.format !== BUNDLE_FORMAT) {
    problems.push({ file: 'manifest.json', message: manifest ? `not a bundle manifest (format ${BUNDLE_FORMAT})` : 'missing or not JSON: this zip is not a bundle srmap wrote' });
    return { file, intact: false, signature: { state: 'unsigned' }, files: 0, filesOk: 0, bytes: 0, documents: 0, cited: 0, frameworks: [], problems, warnings: [] };
  }
  const listed = listedFiles(manifest, 'manifest.json', problems);
  let filesOk = 0;
  let bytes = 0;
  for (const f of listed.values()) {
    const entry = byPath.get(f.path);
    if (!entry || entry.directory) {
      problems.push({ file: f.path, message: 'listed in the bundle manifest but not in the zip' });
      continue;
    }
    const why = compare(entry, f, 'the bundle manifest');
    if (why) problems.push({ file: f.path, message: why });
    else {
      filesOk += 1;
      bytes += f.bytes;
    }
  }
  const directories: ZipEntryRead[] = [];
  for (const e of byPath.values()) {
    if (e.path === 'manifest.json' || listed.has(e.path)) continue;
    if (e.directory) directories.push(e);
    else problems.push({ file: e.path, message: 'not listed in the bundle manifest: added after the bundle was written' });
  }
  const warnings: Problem[] = [];
  const folders = foldersOf(listed.keys());
  const rezip = directories.filter((e) => folders.has(e.path) && (e.bytes ?? 0) === 0);
  const added = directories.filter((e) => !rezip.includes(e));
  if (added.length > 0) {
    problems.push({ file: basename(file), message: `${countOf(added.length, 'directory entry', 'directory entries')} not listed in the bundle manifest (${examples(added)}), and not the empty folder of a listed file: added after the bundle was written` });
  }
  if (rezip.length > 0) {
    warnings.push({ file: basename(file), message: `${countOf(rezip.length, 'directory entry', 'directory entries')} srmap bundle does not write (${examples(rezip)}): the bundle was re-zipped; they are the empty folders of listed files and hold nothing, so every file is still as listed, but this zip is not byte for byte the one srmap bundle wrote` });
  }
  const signature = checkManifestSignature(manifest, publicKey);
  pushAll(problems, signatureProblems(signature, 'manifest.json', publicKey !== undefined));

  // The pack inside: its files against its own manifest, its signature when signed.
  const pack = parseJson(byPath.get('pack/manifest.json'));
  let packSignature: SignatureCheck | undefined;
  let snapshotSignature: SignatureCheck | undefined;
  if (!pack || pack.format !== PACK_FORMAT) {
    problems.push({ file: 'pack/manifest.json', message: 'missing or not a pack manifest' });
  } else {
    const packFiles = listedFiles(pack, 'pack/manifest.json', problems);
    for (const f of packFiles.values()) {
      const entry = byPath.get(`pack/${f.path}`);
      if (!entry) {
        problems.push({ file: `pack/${f.path}`, message: 'listed in the pack manifest but not in the bundle' });
        continue;
      }
      const why = compare(entry, f, 'the pack manifest');
      // Already named against the bundle manifest when both disagree with the zip.
      if (why && !problems.some((p) => p.file === `pack/${f.path}`)) problems.push({ file: `pack/${f.path}`, message: why });
    }
    for (const e of byPath.values()) {
      if (!e.directory && e.path.startsWith('pack/') && e.path !== 'pack/manifest.json' && !packFiles.has(e.path.slice(5)) && !problems.some((p) => p.file === e.path)) {
        problems.push({ file: e.path, message: 'not listed in the pack manifest: added to the pack' });
      }
    }
    if (pack.signature !== undefined) {
      packSignature = checkManifestSignature(pack, publicKey);
      pushAll(problems, signatureProblems(packSignature, 'pack/manifest.json', false, 'pack/'));
    }
    const snapshotEntry = byPath.get('snapshot/manifest.json');
    const recorded = (pack.snapshot as { manifestSha256?: unknown } | undefined)?.manifestSha256;
    if (!snapshotEntry) problems.push({ file: 'snapshot/manifest.json', message: 'missing: the bundle holds the manifest of the snapshot the pack was built from' });
    else if (snapshotEntry.sha256 !== recorded) problems.push({ file: 'snapshot/manifest.json', message: `not the snapshot the pack was built from: sha256 ${snapshotEntry.sha256 ?? '?'}, the pack manifest records ${String(recorded)}` });
    const snapshot = parseJson(snapshotEntry);
    if (snapshot?.signature !== undefined) {
      snapshotSignature = checkManifestSignature(snapshot, publicKey);
      pushAll(problems, signatureProblems(snapshotSignature, 'snapshot/manifest.json', false, 'snapshot/'));
    }
  }
  const p = manifest.pack as { asOf?: unknown; frameworks?: unknown } | undefined;
  const s = manifest.snapshot as { id?: unknown } | undefined;
  return {
    file,
    intact: problems.length === 0,
    signature,
    ...(packSignature ? { packSignature } : {}),
    ...(snapshotSignature ? { snapshotSignature } : {}),
    files: listed.size + 1,
    filesOk,
    bytes,
    documents: Array.isArray(manifest.documents) ? manifest.documents.length : 0,
    cited: Array.isArray(manifest.cited) ? manifest.cited.length : 0,
    frameworks: Array.isArray(p?.frameworks) ? p.frameworks.filter((f): f is string => typeof f === 'string') : [],
    ...(typeof s?.id === 'string' ? { snapshotId: s.id } : {}),
    ...(typeof p?.asOf === 'string' ? { asOf: p.asOf } : {}),
    problems,
    warnings,
  };
}
