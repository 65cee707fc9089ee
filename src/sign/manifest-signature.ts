/**
 * Signing a manifest (a snapshot's, a pack's, a bundle's): Ed25519 (node:crypto) over the
 * manifest's canonical JSON (RFC 8785, JCS), so the signature does not depend on how the file is
 * indented or its keys ordered. The signature sits in the manifest itself, under `signature`, and
 * covers every field of the manifest and of `signature` but its `value`: the file list with each
 * file's sha256, the dates, the counts, the organisation, and a digest of each part (`parts`), so
 * that a failed check can name the part that changed. Editing a file and its hash together, or any
 * field, breaks it; only the holder of the private key can sign again, and the auditor checks with
 * the public key alone.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ManifestSignatureSchema, type ManifestSignature } from '../domain/manifest-signature.js';
import type { Problem } from '../domain/errors.js';

export type { ManifestSignature } from '../domain/manifest-signature.js';

export const SIGNATURE_COVERS = 'every field of this manifest, and of `signature` but its `value`, as RFC 8785 canonical JSON';

/** sha256 of a public key's DER SubjectPublicKeyInfo, hex. */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex');
}

function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('A manifest must be JSON to be signed.');
  return text;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The digest of each part of a manifest (its `signature` left out): top-level fields by name, file entries as `files/<path>`. */
export function manifestParts(manifest: Readonly<Record<string, unknown>>): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (key === 'signature') continue;
    if (key === 'files' && Array.isArray(value)) {
      for (const [i, f] of value.entries()) {
        const path = (f as { path?: unknown } | null)?.path;
        parts[typeof path === 'string' ? `files/${path}` : `files[${i}]`] = sha256(canonical(f));
      }
    } else parts[key] = sha256(canonical(value));
  }
  return parts;
}

/** The bytes a signature covers: the manifest with `signature` but its `value`, canonical. */
export function signedBytes(manifest: Readonly<Record<string, unknown>>): Buffer {
  const { signature, ...rest } = manifest;
  const { value: _value, ...meta } = (typeof signature === 'object' && signature !== null ? signature : {}) as Record<string, unknown>;
  return Buffer.from(canonical(signature === undefined ? rest : { ...rest, signature: meta }), 'utf8');
}

/** The manifest with its signature (any earlier one replaced). */
export function signManifest<T extends object>(manifest: T, privateKey: KeyObject): T & { signature: ManifestSignature } {
  const { signature: _old, ...rest } = manifest as T & { signature?: unknown };
  const meta: Omit<ManifestSignature, 'value'> = {
    algorithm: 'Ed25519',
    canonicalization: 'RFC 8785',
    covers: SIGNATURE_COVERS,
    keyId: keyIdOf(privateKey),
    parts: manifestParts(rest),
  };
  const value = sign(null, signedBytes({ ...rest, signature: meta }), privateKey).toString('base64');
  return { ...(rest as T), signature: { ...meta, value } };
}

export type SignatureCheck =
  | { state: 'unsigned' }
  | { state: 'not-checked'; keyId: string }
  | { state: 'verified'; keyId: string }
  | { state: 'invalid'; keyId: string; why: string; changed: string[] };

function isSignature(s: unknown): s is ManifestSignature {
  return ManifestSignatureSchema.safeParse(s).success;
}

/** The parts whose digest differs from the one recorded at signing: changed, added or removed. */
function changedParts(manifest: Readonly<Record<string, unknown>>, signed: Record<string, string>): string[] {
  const now = manifestParts(manifest);
  const out: string[] = [];
  for (const [part, digest] of Object.entries(now)) {
    if (!(part in signed)) out.push(`${part} (added)`);
    else if (signed[part] !== digest) out.push(part);
  }
  for (const part of Object.keys(signed)) if (!(part in now)) out.push(`${part} (removed)`);
  return out.sort();
}

/**
 * Checks a parsed manifest's signature with the public key (none given: `not-checked`, never
 * `verified`). A signature by another key, or over other content, is `invalid` with the reason and
 * the parts that differ from their digests at signing.
 */
export function checkManifestSignature(manifest: Readonly<Record<string, unknown>>, publicKey: KeyObject | undefined): SignatureCheck {
  const s = manifest.signature;
  if (s === undefined) return { state: 'unsigned' };
  if (!isSignature(s)) return { state: 'invalid', keyId: '', why: 'its signature field is not an Ed25519 / RFC 8785 signature srmap writes', changed: [] };
  if (!publicKey) return { state: 'not-checked', keyId: s.keyId };
  const mine = keyIdOf(publicKey);
  const value = Buffer.from(s.value, 'base64');
  if (value.length !== 64 || value.toString('base64') !== s.value) return { state: 'invalid', keyId: s.keyId, why: 'the signature value is not a 64-byte base64 Ed25519 signature', changed: [] };
  if (verify(null, signedBytes(manifest), publicKey, value)) return { state: 'verified', keyId: mine };
  const changed = changedParts(manifest, s.parts);
  if (s.keyId !== mine) {
    return { state: 'invalid', keyId: s.keyId, why: `it was not signed by this key (signed by key ${s.keyId}, the public key given is ${mine}), or the manifest was changed after it was signed`, changed };
  }
  const why = changed.length > 0
    ? `the manifest was changed after it was signed: ${changed.join(', ')} ${changed.length === 1 ? 'differs' : 'differ'} from what was signed`
    : 'the manifest was changed after it was signed (its record of the signed parts too)';
  return { state: 'invalid', keyId: s.keyId, why, changed };
}

/**
 * What a signature check tells, as problems naming what was altered: each changed file entry by its
 * path (the file replaced and its hash rewritten), each changed field of the manifest by its name.
 * `prefix` is put before file paths (a manifest inside a bundle: `pack/`).
 */
/** The problem of an unsigned manifest checked with a public key: every hash may still match. */
export const UNSIGNED_WITH_KEY = 'unsigned, and a public key was given: nothing shows who wrote it, or that its hashes were not rewritten';

export function signatureProblems(check: SignatureCheck, manifestFile: string, keyGiven: boolean, prefix = ''): Problem[] {
  if (check.state === 'unsigned') return keyGiven ? [{ file: manifestFile, message: UNSIGNED_WITH_KEY }] : [];
  if (check.state !== 'invalid') return [];
  const out: Problem[] = [{ file: manifestFile, message: `signature does not verify: ${check.why}` }];
  for (const part of check.changed) {
    const m = /^files\/(.+?)( \((added|removed)\))?$/.exec(part);
    if (m) {
      const how = m[3] === 'added' ? 'listed in the manifest after it was signed' : m[3] === 'removed' ? 'taken out of the manifest after it was signed' : 'its sha256 or size in the manifest was rewritten after signing: the file was replaced together with its hash';
      out.push({ file: `${prefix}${m[1] ?? ''}`, message: `altered: ${how}` });
    } else {
      out.push({ file: manifestFile, path: part.replace(/ \((added|removed)\)$/, ''), message: `altered: this field of the manifest ${/\(added\)$/.test(part) ? 'was added' : /\(removed\)$/.test(part) ? 'was removed' : 'was changed'} after it was signed` });
    }
  }
  return out;
}
