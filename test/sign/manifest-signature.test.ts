/** The manifest signature: Ed25519 over RFC 8785 canonical JSON of everything but the signature value. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManifestSignatureSchema } from '../../src/domain/manifest-signature.js';
import { SnapshotManifestSchema } from '../../src/domain/snapshot.js';
import { checkManifestSignature, keyIdOf, manifestParts, signatureProblems, signedBytes, signManifest } from '../../src/sign/manifest-signature.js';

const pair = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const manifest = { format: 'srmap-pack/1', asOf: '2026-09-30', organisation: 'Northwind', files: [{ path: 'a/requirements.csv', sha256: 'ab'.repeat(32), bytes: 10 }], n: 1.5 };

describe('signManifest / checkManifestSignature', () => {
  it('signs the canonical form: key order and indentation do not matter, every field does', () => {
    const signed = signManifest(manifest, pair.privateKey);
    expect(signed.signature).toMatchObject({ algorithm: 'Ed25519', canonicalization: 'RFC 8785', keyId: keyIdOf(pair.publicKey), parts: manifestParts(manifest) });
    expect(Object.keys(signed.signature.parts).sort()).toEqual(['asOf', 'files/a/requirements.csv', 'format', 'n', 'organisation']);
    const reordered = JSON.parse(JSON.stringify({ files: signed.files, signature: signed.signature, n: 1.5, organisation: 'Northwind', asOf: '2026-09-30', format: 'srmap-pack/1' }, null, 4)) as Record<string, unknown>;
    expect(checkManifestSignature(reordered, pair.publicKey)).toEqual({ state: 'verified', keyId: keyIdOf(pair.publicKey) });
    // The signed bytes: the manifest in RFC 8785 form, its signature without `value`.
    const text = signedBytes(signed).toString();
    expect(text.startsWith('{"asOf":"2026-09-30","files":[{"bytes":10,"path":"a/requirements.csv","sha256":"' + 'ab'.repeat(32) + '"}],"format":"srmap-pack/1","n":1.5,"organisation":"Northwind","signature":{"algorithm":"Ed25519"')).toBe(true);
    expect(text).not.toContain(signed.signature.value);
  });

  it('names an edited field, a rewritten hash, another key, and a missing or foreign signature', () => {
    const signed = signManifest(manifest, pair.privateKey);
    const edited = { ...signed, asOf: '2026-10-01' };
    expect(checkManifestSignature(edited, pair.publicKey)).toMatchObject({ state: 'invalid', why: expect.stringContaining('changed after it was signed: asOf differs'), changed: ['asOf'] });
    const rehashed = { ...signed, files: [{ ...manifest.files[0], sha256: 'cd'.repeat(32) }] };
    const check = checkManifestSignature(rehashed, pair.publicKey);
    expect(check).toMatchObject({ state: 'invalid', changed: ['files/a/requirements.csv'] });
    expect(signatureProblems(check, 'manifest.json', true, 'pack/')).toEqual([
      { file: 'manifest.json', message: expect.stringContaining('signature does not verify') },
      { file: 'pack/a/requirements.csv', message: expect.stringContaining('rewritten after signing') },
    ]);
    // The record of the parts edited too: still invalid, said without a part.
    const both = { ...edited, signature: { ...signed.signature, parts: manifestParts(edited) } };
    expect(checkManifestSignature(both, pair.publicKey)).toMatchObject({ state: 'invalid', changed: [], why: expect.stringContaining('its record of the signed parts too') });
    expect(checkManifestSignature({ ...signed, extra: 1 }, pair.publicKey)).toMatchObject({ state: 'invalid', changed: ['extra (added)'] });
    expect(checkManifestSignature(signed, other.publicKey)).toMatchObject({ state: 'invalid', why: expect.stringContaining(`signed by key ${keyIdOf(pair.publicKey)}`) });
    expect(checkManifestSignature(manifest, pair.publicKey)).toEqual({ state: 'unsigned' });
    expect(signatureProblems({ state: 'unsigned' }, 'manifest.json', true)).toHaveLength(1);
    expect(signatureProblems({ state: 'unsigned' }, 'manifest.json', false)).toEqual([]);
    expect(checkManifestSignature(signed, undefined)).toEqual({ state: 'not-checked', keyId: keyIdOf(pair.publicKey) });
    expect(checkManifestSignature({ ...signed, signature: { algorithm: 'RS256' } }, pair.publicKey).state).toBe('invalid');
    // Re-signing with another key is not the signer's signature.
    expect(checkManifestSignature(signManifest(edited, other.privateKey), pair.publicKey).state).toBe('invalid');
  });

  it('a signature is what the one schema (domain/manifest-signature.ts) describes: snapshot, pack and bundle manifests alike', () => {
    const signed = signManifest(manifest, pair.privateKey);
    expect(ManifestSignatureSchema.parse(signed.signature)).toEqual(signed.signature);
    const foreign = 'its signature field is not an Ed25519 / RFC 8785 signature srmap writes';
    const { covers: _covers, ...uncovered } = signed.signature;
    for (const signature of [uncovered, { ...signed.signature, note: 'mine' }, { ...signed.signature, keyId: 'ABC' }, { ...signed.signature, parts: { asOf: 1 } }]) {
      expect(checkManifestSignature({ ...signed, signature }, pair.publicKey)).toEqual({ state: 'invalid', keyId: '', why: foreign, changed: [] });
    }
    // The snapshot manifest's schema takes the same signature, and rejects the same faults.
    const snapshot = SnapshotManifestSchema.shape.signature;
    expect(snapshot.safeParse(signed.signature).success).toBe(true);
    expect(snapshot.safeParse({ ...signed.signature, note: 'mine' }).success).toBe(false);
  });
});
