/**
 * srmap verify --pack DIR: is this pack what srmap wrote? Every file the manifest lists is there
 * with its size and sha256; nothing else is there (an unlisted file is an error: a pack is never
 * added to); and the manifest's signature, when the pack is signed, checks with the public key
 * given. A pack whose hashes all match but that is unsigned, or signed but checked without a
 * public key, is reported as such, never as verified: anyone can edit a file and its hash together.
 */
import type { KeyObject } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SrmapError, type Problem } from '../domain/errors.js';
import { pushAll } from '../domain/arrays.js';
import { checkManifestSignature, signatureProblems, type SignatureCheck } from '../sign/manifest-signature.js';
import { sha256File } from './claim-output.js';
import { PACK_FORMAT } from './build-packs.js';

export interface PackVerification {
  dir: string;
  /** Every listed file present, unchanged, nothing unlisted; and the signature, if checked, valid. */
  intact: boolean;
  signature: SignatureCheck;
  files: number;
  filesOk: number;
  bytes: number;
  problems: Problem[];
  snapshotId?: string;
  asOf?: string;
}

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

interface ListedFile {
  path: string;
  sha256: string;
  bytes: number;
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(join(dir, rel))).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    const s = await lstat(join(dir, path));
    if (s.isDirectory()) for (const p of await listFiles(dir, path)) out.push(p);
    else out.push(path);
  }
  return out;
}

export async function verifyPack(dir: string, publicKey: KeyObject | undefined): Promise<PackVerification> {
  const manifestPath = join(dir, 'manifest.json');
  let text: string;
  try {
    const s = await lstat(manifestPath);
    if (!s.isFile() || s.size > MAX_MANIFEST_BYTES) throw new Error('not a regular manifest');
    text = await readFile(manifestPath, 'utf8');
  } catch {
    throw new SrmapError('PACK_INVALID', `${dir} is not an srmap pack: it has no readable manifest.json.`, { hint: 'Give the directory `srmap report --out` wrote.' });
  }
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new SrmapError('PACK_INVALID', `${manifestPath} is not JSON: the pack's manifest was damaged or replaced.`);
  }
  if (manifest.format !== PACK_FORMAT || !Array.isArray(manifest.files)) {
    throw new SrmapError('PACK_INVALID', `${manifestPath} is not a pack manifest (format ${PACK_FORMAT} with a file list).`, { hint: 'For a snapshot, run `srmap verify SNAPSHOT`.' });
  }
  const problems: Problem[] = [];
  const listed = new Map<string, ListedFile>();
  for (const [i, f] of (manifest.files as Partial<ListedFile>[]).entries()) {
    if (typeof f?.path !== 'string' || typeof f.sha256 !== 'string' || typeof f.bytes !== 'number' || f.path.split('/').some((p) => p === '..' || p === '' || p === '.')) {
      problems.push({ file: 'manifest.json', path: `files[${i}]`, message: 'not a file entry srmap writes (path, sha256, bytes)' });
      continue;
    }
    listed.set(f.path, f as ListedFile);
  }
  let filesOk = 0;
  let bytes = 0;
  for (const f of listed.values()) {
    const full = join(dir, f.path);
    let s;
    try {
      s = await lstat(full);
    } catch {
      problems.push({ file: f.path, message: 'listed in the manifest but missing' });
      continue;
    }
    if (!s.isFile()) {
      problems.push({ file: f.path, message: 'listed in the manifest but not a regular file (a link or a directory)' });
      continue;
    }
    const sha256 = await sha256File(full);
    if (s.size !== f.bytes) problems.push({ file: f.path, message: `altered: ${s.size} bytes, the manifest says ${f.bytes}` });
    else if (sha256 !== f.sha256) problems.push({ file: f.path, message: `altered: sha256 ${sha256}, the manifest says ${f.sha256}` });
    else {
      filesOk += 1;
      bytes += s.size;
    }
  }
  for (const path of await listFiles(dir)) {
    if (path !== 'manifest.json' && !listed.has(path)) problems.push({ file: path, message: 'not listed in the manifest: added after the pack was written' });
  }
  const signature = checkManifestSignature(manifest, publicKey);
  pushAll(problems, signatureProblems(signature, 'manifest.json', publicKey !== undefined));
  const snapshot = manifest.snapshot as { id?: unknown } | undefined;
  return {
    dir,
    intact: problems.length === 0,
    signature,
    files: listed.size,
    filesOk,
    bytes,
    problems,
    ...(typeof snapshot?.id === 'string' ? { snapshotId: snapshot.id } : {}),
    ...(typeof manifest.asOf === 'string' ? { asOf: manifest.asOf } : {}),
  };
}
