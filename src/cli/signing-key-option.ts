/**
 * Which private key signs (collect's snapshot, report's pack, bundle's zip): --signing-key FILE,
 * else the SRMAP_SIGNING_KEY environment variable, else srmap.yaml's `paths.signingKey` (relative
 * to srmap.yaml); none of them: nothing is signed. The key is loaded before any work, refused when
 * others can read it or when it sits inside a snapshot, a pack or the command's output folder.
 * Only its path and key id are ever printed.
 */
import type { KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { keyIdOf } from '../sign/manifest-signature.js';
import { loadSigningKey, type KeyForbiddenPlace } from '../sign/signing-keys.js';

export const SIGNING_KEY_ENV = 'SRMAP_SIGNING_KEY';

export const signingKeyOption = {
  type: 'string',
  describe: `Sign the manifest with this Ed25519 private key (srmap keys init); also ${SIGNING_KEY_ENV}, or paths.signingKey in srmap.yaml`,
} as const;

export interface SigningKey {
  key: KeyObject;
  keyId: string;
  path: string;
  /** Where the path came from, for the message that says the output is signed. */
  from: '--signing-key' | typeof SIGNING_KEY_ENV | 'srmap.yaml';
}

export interface SigningKeySources {
  flag?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** srmap.yaml's paths.signingKey and the folder of srmap.yaml. */
  config?: { dir: string; signingKey?: string | undefined } | undefined;
}

/** The path and its source, by precedence; undefined when no key is configured. */
export function signingKeyPath(s: SigningKeySources): { path: string; from: SigningKey['from'] } | undefined {
  if (s.flag !== undefined && s.flag !== '') return { path: resolve(s.flag), from: '--signing-key' };
  const env = s.env[SIGNING_KEY_ENV];
  if (env !== undefined && env !== '') return { path: resolve(env), from: SIGNING_KEY_ENV };
  if (s.config?.signingKey) return { path: resolve(s.config.dir, s.config.signingKey), from: 'srmap.yaml' };
  return undefined;
}

/** The configured key, loaded and checked (exit 2 on a bad one), or undefined when none is configured. */
export async function resolveSigningKey(s: SigningKeySources, forbidden: readonly KeyForbiddenPlace[]): Promise<SigningKey | undefined> {
  const at = signingKeyPath(s);
  if (!at) return undefined;
  const key = await loadSigningKey(at.path, forbidden);
  return { key, keyId: keyIdOf(key), path: at.path, from: at.from };
}
