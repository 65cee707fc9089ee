/**
 * The signature srmap puts in a manifest (a snapshot's, a pack's, a bundle's): its shape, as one
 * strict zod schema from which the type is inferred. The snapshot manifest's schema embeds it, and
 * `srmap verify` recognises a signature by it in pack and bundle manifests too. How a signature is
 * made and checked is src/sign/manifest-signature.ts.
 */
import { z } from 'zod';

export const ManifestSignatureSchema = z.strictObject({
  algorithm: z.literal('Ed25519'),
  canonicalization: z.literal('RFC 8785'),
  /** What was signed, in words, for a reader of the manifest. */
  covers: z.string().min(1),
  /** sha256 of the public key (SubjectPublicKeyInfo, DER), hex: which key to check with. */
  keyId: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256, hex'),
  /**
   * sha256 (hex) of each part of the manifest as signed, in RFC 8785 form: each top-level field by
   * its name, each file entry as `files/<path>`. Covered by the signature; it lets a failed check
   * say which part changed.
   */
  parts: z.record(z.string(), z.string()),
  /** The signature, base64. */
  value: z.string().min(1),
});

export type ManifestSignature = z.infer<typeof ManifestSignatureSchema>;
