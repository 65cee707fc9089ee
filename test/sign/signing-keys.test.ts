/** Key files: a private key only its owner can read, never beside the evidence; the public key alone to verify. */
import { mkdtemp, chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initSigningKeys, loadPublicKey, loadSigningKey, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../../src/sign/signing-keys.js';
import { keyIdOf } from '../../src/sign/manifest-signature.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'srmap-keys-'));
  dirs.push(d);
  return d;
}

describe('signing keys', () => {
  it('writes an Ed25519 pair, the private key mode 0600, and reads both back', async () => {
    const dir = join(await tmp(), 'keys');
    const keys = await initSigningKeys(dir);
    expect((await stat(keys.privateKey)).mode & 0o777).toBe(0o600);
    expect(await readFile(keys.privateKey, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await readFile(keys.publicKey, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const priv = await loadSigningKey(keys.privateKey);
    const pub = await loadPublicKey(keys.publicKey);
    expect(keyIdOf(priv)).toBe(keys.keyId);
    expect(keyIdOf(pub)).toBe(keys.keyId);
    await expect(initSigningKeys(dir)).rejects.toThrow(/already exists: srmap never replaces a key/);
  });

  it('refuses a private key others can read, one inside a snapshot or pack, a private key given as the public one, and a non-Ed25519 key', async () => {
    const dir = await tmp();
    const keys = await initSigningKeys(join(dir, 'k'));
    await chmod(keys.privateKey, 0o644);
    await expect(loadSigningKey(keys.privateKey)).rejects.toThrow(/can be read by others \(mode 644\)/);
    await expect(loadPublicKey(keys.privateKey)).rejects.toThrow(/holds a private key; verify needs only the public key/);
    const pack = join(dir, 'pack');
    await mkdir(pack);
    await writeFile(join(pack, 'manifest.json'), '{"name": "a web app, not srmap\'s"}');
    expect((await initSigningKeys(join(pack, 'ok'))).keyId).toMatch(/^[0-9a-f]{64}$/);
    await writeFile(join(pack, 'manifest.json'), JSON.stringify({ format: 'srmap-pack/1', files: [] }));
    await expect(initSigningKeys(join(pack, 'keys'))).rejects.toThrow(/Will not write a signing key inside/);
    await writeFile(join(pack, PRIVATE_KEY_FILE), await readFile(keys.privateKey), { mode: 0o600 });
    await expect(loadSigningKey(join(pack, PRIVATE_KEY_FILE))).rejects.toThrow(/is inside .*a snapshot or pack/);
    const rsa = join(dir, 'rsa.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    await writeFile(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o600 });
    await expect(loadPublicKey(rsa)).rejects.toThrow(/is a rsa key; srmap signs with Ed25519/);
    await expect(loadPublicKey(join(dir, PUBLIC_KEY_FILE))).rejects.toThrow(/does not exist/);
  });
});

describe('loadSigningKey: output folders', () => {
  it('refuses a key inside an output folder it is told of (the folder itself or below), and takes one beside it', async () => {
    const dir = await tmp();
    const keys = await initSigningKeys(join(dir, 'out', 'keys'));
    await expect(loadSigningKey(keys.privateKey, [{ dir: join(dir, 'out'), what: 'the pack folder (--out)' }])).rejects.toThrow(/is inside .*out, the pack folder \(--out\): it would travel with the evidence/);
    await expect(loadSigningKey(keys.privateKey, [{ dir: join(dir, 'out', 'keys'), what: 'x' }])).rejects.toThrow(/is inside/);
    expect(keyIdOf(await loadSigningKey(keys.privateKey, [{ dir: join(dir, 'outside'), what: 'x' }, { dir: join(dir, 'ou'), what: 'y' }]))).toBe(keys.keyId);
  });
});
