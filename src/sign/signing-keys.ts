/**
 * Ed25519 key files: `srmap keys init DIR` writes a private key (PKCS#8 PEM, mode 0600) and its
 * public key (SPKI PEM) for the auditor; commands read them back with checks that say what is wrong
 * and where. A private key is never written inside a snapshot or a pack, and never read from one.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, lstat, open, readFile, rename, rm } from 'node:fs/promises';
import { makeDirectory } from '../store/make-directory.js';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { SrmapError } from '../domain/errors.js';
import { keyIdOf } from './manifest-signature.js';

export const PRIVATE_KEY_FILE = 'srmap-signing-key.pem';
export const PUBLIC_KEY_FILE = 'srmap-signing-key.pub.pem';

/** Largest key file read (a PEM Ed25519 key is about 120 bytes). */
const MAX_KEY_BYTES = 16 * 1024;

/** Is `dir` an srmap output (its manifest.json of a `srmap-` format: a snapshot, a pack, a diff)? */
function isSrmapOutput(dir: string): boolean {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return false;
  try {
    if (statSync(path).size > 16 * 1024 * 1024) return false;
    const format = (JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown }).format;
    return typeof format === 'string' && format.startsWith('srmap-');
  } catch {
    return false;
  }
}

/** The snapshot or pack directory `path` is in (itself or a directory above it with an srmap manifest.json), if any. */
export function insideEvidence(path: string): string | undefined {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (isSrmapOutput(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

async function writeNew(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  await chmod(tmp, mode);
  await rename(tmp, path);
}

export interface KeyPairFiles {
  privateKey: string;
  publicKey: string;
  keyId: string;
}

/** Writes a new key pair into `dir` (created if missing); refuses to replace an existing key. */
export async function initSigningKeys(dir: string): Promise<KeyPairFiles> {
  const at = resolve(dir);
  const evidence = insideEvidence(at);
  if (evidence) {
    throw new SrmapError('KEY_PLACE', `Will not write a signing key inside ${evidence}: it is a snapshot or pack (its manifest.json is srmap's), and a private key must never travel with the evidence.`, {
      hint: 'Choose a folder outside every snapshot and pack, e.g. ~/.srmap/keys.',
    });
  }
  const privateKey = join(at, PRIVATE_KEY_FILE);
  const publicKey = join(at, PUBLIC_KEY_FILE);
  for (const p of [privateKey, publicKey]) {
    if (existsSync(p)) throw new SrmapError('KEY_EXISTS', `${p} already exists: srmap never replaces a key.`, { hint: 'Move it away first if you mean to make a new pair (packs signed with it then need its public key to verify).' });
  }
  await makeDirectory(at, 0o700);
  const pair = generateKeyPairSync('ed25519');
  try {
    await writeNew(privateKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
    await writeNew(publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644);
  } catch (e) {
    await rm(privateKey, { force: true });
    throw e;
  }
  return { privateKey, publicKey, keyId: keyIdOf(pair.publicKey) };
}

async function readKeyFile(path: string, what: string): Promise<{ text: string; mode: number }> {
  let s;
  try {
    s = await lstat(path);
  } catch {
    throw new SrmapError('KEY_MISSING', `${what} ${path} does not exist.`, { hint: 'Give the file `srmap keys init DIR` wrote.' });
  }
  if (!s.isFile()) throw new SrmapError('KEY_INVALID', `${what} ${path} is not a regular file.`);
  if (s.size > MAX_KEY_BYTES) throw new SrmapError('KEY_INVALID', `${what} ${path} is ${s.size} bytes: not a key srmap wrote.`);
  return { text: await readFile(path, 'utf8'), mode: s.mode };
}

/** An output folder a private key must not sit in (a snapshot folder, a pack's --out, a bundle's pack). */
export interface KeyForbiddenPlace {
  dir: string;
  /** In words, e.g. "the folder collect writes snapshots to". */
  what: string;
}

/** Is `path` `dir` or inside it? */
function isWithin(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The private key to sign with: an Ed25519 PEM readable by its owner alone, outside any snapshot or
 * pack and outside the output folders given. Errors name the file, never its content.
 */
export async function loadSigningKey(path: string, forbidden: readonly KeyForbiddenPlace[] = []): Promise<KeyObject> {
  const full = resolve(path);
  const { text, mode } = await readKeyFile(full, 'The signing key');
  if ((mode & 0o077) !== 0) {
    throw new SrmapError('KEY_EXPOSED', `The signing key ${full} can be read by others (mode ${(mode & 0o777).toString(8)}).`, { hint: `chmod 600 ${full}` });
  }
  const evidence = insideEvidence(dirname(full));
  if (evidence) throw new SrmapError('KEY_PLACE', `The signing key ${full} is inside ${evidence}, a snapshot or pack: it would travel with the evidence.`, { hint: 'Move it outside every snapshot and pack.' });
  for (const place of forbidden) {
    if (isWithin(full, place.dir)) {
      throw new SrmapError('KEY_PLACE', `The signing key ${full} is inside ${resolve(place.dir)}, ${place.what}: it would travel with the evidence.`, { hint: 'Keep the private key outside every snapshot, pack and output folder, e.g. in ~/.srmap/keys.' });
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    throw new SrmapError('KEY_INVALID', `The signing key ${full} is not a PEM private key.`, { hint: 'Give the srmap-signing-key.pem that `srmap keys init` wrote.' });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SrmapError('KEY_INVALID', `The signing key ${full} is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; srmap signs with Ed25519.`, { hint: 'Make one with `srmap keys init DIR`.' });
  return key;
}

/** The public key to verify with (a PEM public key; a private key file is refused: the auditor needs only the public one). */
export async function loadPublicKey(path: string): Promise<KeyObject> {
  const full = resolve(path);
  const { text } = await readKeyFile(full, 'The public key');
  if (/PRIVATE KEY/.test(text)) throw new SrmapError('KEY_INVALID', `${full} holds a private key; verify needs only the public key.`, { hint: `Give ${PUBLIC_KEY_FILE}, and keep the private key with whoever signs.` });
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new SrmapError('KEY_INVALID', `${full} is not a PEM public key.`, { hint: `Give the ${PUBLIC_KEY_FILE} that \`srmap keys init\` wrote.` });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SrmapError('KEY_INVALID', `${full} is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; srmap signs with Ed25519.`);
  return key;
}

