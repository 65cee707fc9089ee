/**
 * Signing a manifest (a pack's or a snapshot's): Ed25519 (node:crypto) over the manifest's
 * canonical JSON (RFC 8785, JCS), so the signature does not depend on how the file is indented or
 * its keys ordered. The signature sits in the manifest itself, under `signature`, and covers every
 * other field of it: the file list with each file's sha256, the dates, the counts, the
 * organisation. Editing a file and its hash together, or any field, breaks it; only the holder of
 * the private key can sign again, and the auditor checks with the public key alone.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';

export interface ManifestSignature {
  algorithm: 'Ed25519';
  canonicalization: 'RFC 8785';
  /** What was signed, in words, for a reader of the manifest. */
  covers: string;
  /** sha256 of the public key (SubjectPublicKeyInfo, DER), hex: which key to check with. */
  keyId: string;
  /** The signature, base64. */
  value: string;
}

export const SIGNATURE_COVERS = 'every field of this manifest but `signature`, as RFC 8785 canonical JSON';

/** sha256 of a public key's DER SubjectPublicKeyInfo, hex. */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** The bytes a signature covers: the manifest without its `signature`, canonical. */
export function signedBytes(manifest: Readonly<Record<string, unknown>>): Buffer {
  const { signature: _signature, ...rest } = manifest;
  const text = canonicalize(rest);
  if (text === undefined) throw new Error('A manifest must be a JSON object to be signed.');
  return Buffer.from(text, 'utf8');
}

/** The manifest with its signature (any earlier one replaced). */
export function signManifest<T extends object>(manifest: T, privateKey: KeyObject): T & { signature: ManifestSignature } {
  const { signature: _old, ...rest } = manifest as T & { signature?: unknown };
  const value = sign(null, signedBytes(rest), privateKey).toString('base64');
  return { ...(rest as T), signature: { algorithm: 'Ed25519', canonicalization: 'RFC 8785', covers: SIGNATURE_COVERS, keyId: keyIdOf(privateKey), value } };
}

export type SignatureCheck =
  | { state: 'unsigned' }
  | { state: 'not-checked'; keyId: string }
  | { state: 'verified'; keyId: string }
  | { state: 'invalid'; keyId: string; why: string };

function isSignature(s: unknown): s is ManifestSignature {
  const o = s as Partial<ManifestSignature> | null;
  return typeof o === 'object' && o !== null && o.algorithm === 'Ed25519' && o.canonicalization === 'RFC 8785' && typeof o.keyId === 'string' && typeof o.value === 'string';
}

/**
 * Checks a parsed manifest's signature with the public key (none given: `not-checked`, never
 * `verified`). A signature by another key, or over other content, is `invalid` with the reason.
 */
export function checkManifestSignature(manifest: Readonly<Record<string, unknown>>, publicKey: KeyObject | undefined): SignatureCheck {
  const s = manifest.signature;
  if (s === undefined) return { state: 'unsigned' };
  if (!isSignature(s)) return { state: 'invalid', keyId: '', why: 'its signature field is not an Ed25519 / RFC 8785 signature srmap writes' };
  if (!publicKey) return { state: 'not-checked', keyId: s.keyId };
  const mine = keyIdOf(publicKey);
  const value = Buffer.from(s.value, 'base64');
  if (value.length !== 64 || value.toString('base64') !== s.value) return { state: 'invalid', keyId: s.keyId, why: 'the signature value is not a 64-byte base64 Ed25519 signature' };
  if (verify(null, signedBytes(manifest), publicKey, value)) return { state: 'verified', keyId: mine };
  const why = s.keyId === mine
    ? 'the manifest was changed after it was signed (a field, or a file\'s hash)'
    : `it was not signed by this key (signed by key ${s.keyId}, the public key given is ${mine}), or the manifest was changed after it was signed`;
  return { state: 'invalid', keyId: s.keyId, why };
}
