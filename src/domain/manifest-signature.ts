/**
 * The signature srmap puts in a manifest (a snapshot's, a pack's, a bundle's): its shape only. How
 * it is made and checked is src/sign/manifest-signature.ts.
 */
export interface ManifestSignature {
  algorithm: 'Ed25519';
  canonicalization: 'RFC 8785';
  /** What was signed, in words, for a reader of the manifest. */
  covers: string;
  /** sha256 of the public key (SubjectPublicKeyInfo, DER), hex: which key to check with. */
  keyId: string;
  /**
   * sha256 (hex) of each part of the manifest as signed, in RFC 8785 form: each top-level field by
   * its name, each file entry as `files/<path>`. Covered by the signature; it lets a failed check
   * say which part changed.
   */
  parts: Record<string, string>;
  /** The signature, base64. */
  value: string;
}
