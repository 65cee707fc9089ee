/**
 * A signed pack, as an auditor checks it: srmap keys init, report --signing-key, then verify --pack
 * with the public key alone; then the pack altered three ways (one byte of a file; a file and its
 * hash in the manifest rewritten together; a file added), each named by verify (exit 2). An
 * unsigned pack is reported as unsigned, never as verified.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSrmap, timeoutFor, runSrmapInProcess } from '../helpers/run-srmap.js';

const SAMPLE = join(REPO_ROOT, 'evidence', 'sample');
let work: string;
let pack: string;
let unsigned: string;
let pub: string;
let keyId: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-signed-'));
  const keys = await runSrmap(['keys', 'init', join(work, 'keys')]);
  expect(keys.code, keys.stderr).toBe(0);
  keyId = /key id +([0-9a-f]{64})/.exec(keys.stdout)?.[1] ?? '';
  pub = join(work, 'keys', 'srmap-signing-key.pub.pem');
  pack = join(work, 'pack');
  unsigned = join(work, 'unsigned');
  // The CSVs are what these checks alter and verify; a pack in every format is verified in demo.test.ts.
  const [signed, plain] = await Promise.all([
    runSrmap(['report', '--snapshot', SAMPLE, '--framework', 'soc2-2017', '--format', 'csv', '--out', pack, '--quiet', '--signing-key', join(work, 'keys', 'srmap-signing-key.pem')]),
    runSrmap(['report', '--snapshot', SAMPLE, '--framework', 'soc2-2017', '--format', 'csv', '--out', unsigned, '--quiet']),
  ]);
  expect(signed.code, signed.stderr).toBe(0);
  expect(plain.code, plain.stderr).toBe(0);
}, timeoutFor(30));

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function copyOf(name: string): Promise<string> {
  const dir = join(work, name);
  await cp(pack, dir, { recursive: true });
  return dir;
}

describe('a signed pack', () => {
  it('verifies with the public key alone', async () => {
    const r = await runSrmap(['verify', '--pack', pack, '--public-key', pub]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^pack VERIFIED: .*manifest signed by key ${keyId} \\(\\d+ files`));
    const manifest = JSON.parse(await readFile(join(pack, 'manifest.json'), 'utf8')) as { signature: { keyId: string } };
    expect(manifest.signature.keyId).toBe(keyId);
    // A pack directory given without --pack is recognised by its manifest.
    const bare = await runSrmapInProcess(['verify', pack, '--public-key', pub]);
    expect([bare.code, bare.stdout]).toEqual([0, expect.stringMatching(/^pack VERIFIED: /)]);
    // Without the key: intact hashes, but not verified.
    const nokey = await runSrmapInProcess(['verify', '--pack', pack]);
    expect([nokey.code, nokey.stdout]).toEqual([0, expect.stringMatching(/^pack NOT VERIFIED: .*not checked: give --public-key FILE/)]);
  }, timeoutFor(10));

  it('names one altered byte of a file', async () => {
    const dir = await copyOf('byte');
    const file = join(dir, 'soc2-2017', 'requirements.csv');
    const bytes = await readFile(file);
    const at = bytes.length - 3;
    bytes[at] = (bytes[at] as number) ^ 1;
    await writeFile(file, bytes);
    const r = await runSrmapInProcess(['verify', '--pack', dir, '--public-key', pub]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/soc2-2017\/requirements\.csv: altered: sha256 [0-9a-f]{64}, the manifest says/);
  }, timeoutFor(10));

  it('names a file rewritten with its hash in the manifest: the signature no longer verifies', async () => {
    const dir = await copyOf('rehash');
    const file = join(dir, 'soc2-2017', 'requirements.csv');
    const text = (await readFile(file, 'utf8')).replace(/,not-met,/g, ',met,');
    await writeFile(file, text);
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files: { path: string; sha256: string; bytes: number }[] };
    const entry = manifest.files.find((f) => f.path === 'soc2-2017/requirements.csv') as { sha256: string; bytes: number };
    entry.sha256 = createHash('sha256').update(text).digest('hex');
    entry.bytes = Buffer.byteLength(text);
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
    const r = await runSrmapInProcess(['verify', '--pack', dir, '--public-key', pub]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json: signature does not verify: the manifest was changed after it was signed: files\/soc2-2017\/requirements\.csv differs/);
    // The file's hashes match the rewritten manifest; what the signature names is its entry.
    expect(r.stderr).toMatch(/soc2-2017\/requirements\.csv: altered: its sha256 or size in the manifest was rewritten after signing/);
    expect(r.stderr).not.toMatch(/requirements\.csv: altered: sha256/);
    // Without the public key the rewrite is invisible to the hashes: verify says it is not verified, never that it is.
    const nokey = await runSrmapInProcess(['verify', '--pack', dir]);
    expect(nokey.stdout).toMatch(/^pack NOT VERIFIED/);
  }, timeoutFor(10));

  it('names a file added to the pack, and a pack checked with another key', async () => {
    const dir = await copyOf('added');
    await writeFile(join(dir, 'soc2-2017', 'notes.txt'), 'added later');
    const r = await runSrmapInProcess(['verify', '--pack', dir, '--public-key', pub, '--json']);
    expect(r.code).toBe(2);
    const v = JSON.parse(r.stdout) as { intact: boolean; signature: { state: string }; problems: { file: string; message: string }[] };
    expect(v.intact).toBe(false);
    expect(v.signature.state).toBe('verified');
    expect(v.problems).toEqual([{ file: 'soc2-2017/notes.txt', message: 'not listed in the manifest: added after the pack was written' }]);
    expect((await runSrmapInProcess(['keys', 'init', join(work, 'other')])).code).toBe(0);
    const other = await runSrmapInProcess(['verify', '--pack', pack, '--public-key', join(work, 'other', 'srmap-signing-key.pub.pem')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(new RegExp(`not signed by this key \\(signed by key ${keyId}`));
  }, timeoutFor(10));
});

describe('an unsigned pack', () => {
  it('is reported as unsigned, and fails when a public key is given', async () => {
    const r = await runSrmapInProcess(['verify', '--pack', unsigned]);
    expect([r.code, r.stdout]).toEqual([0, expect.stringMatching(/^pack UNSIGNED: .*its manifest is not signed, so nothing shows the hashes were not rewritten/)]);
    const withKey = await runSrmapInProcess(['verify', '--pack', unsigned, '--public-key', pub]);
    expect(withKey.code).toBe(2);
    expect(withKey.stderr).toMatch(/manifest\.json: unsigned, and a public key was given/);
  }, timeoutFor(10));
});
