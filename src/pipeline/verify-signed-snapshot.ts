/**
 * srmap verify SNAPSHOT [--public-key FILE]: is this snapshot what collect wrote? The store checks
 * every listed file (sha256, size, record count, every record) and that nothing unlisted is there
 * (verifySnapshot, as for validate --snapshot and snapshots list); here the manifest's signature is
 * checked with the public key given. The manifest itself is covered by no hash: only its signature shows that its
 * dates, gaps, organisation and file hashes were not rewritten together, so an unsigned snapshot,
 * or a signed one checked without a public key, is said to be so, never "verified".
 */
import type { KeyObject } from 'node:crypto';
import type { Problem } from '../domain/errors.js';
import { pushAll } from '../domain/arrays.js';
import { checkManifestSignature, signatureProblems, type SignatureCheck } from '../sign/manifest-signature.js';
import { readManifestText } from '../store/read-snapshot.js';
import { MANIFEST_FILE } from '../store/snapshot-format.js';
import { verifySnapshot, type VerifyResult } from '../store/verify-snapshot.js';

export interface SnapshotVerification extends VerifyResult {
  /** Absent when the manifest could not be read at all. */
  signature?: SignatureCheck;
}

export async function verifySignedSnapshot(dir: string, publicKey: KeyObject | undefined): Promise<SnapshotVerification> {
  const v = await verifySnapshot(dir);
  const problems: Problem[] = [...v.problems];
  if (!v.manifest) return { ...v, ok: false, problems };
  // The signature covers the manifest as written (every field), so it is checked on the file's own JSON.
  const raw = JSON.parse(await readManifestText(dir)) as Record<string, unknown>;
  const signature = checkManifestSignature(raw, publicKey);
  pushAll(problems, signatureProblems(signature, MANIFEST_FILE, publicKey !== undefined));
  return { ...v, ok: problems.length === 0, problems, signature };
}
