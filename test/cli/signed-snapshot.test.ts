/**
 * A signed snapshot, as an auditor checks it: collect signs the manifest when a key is configured
 * (--signing-key, SRMAP_SIGNING_KEY, paths.signingKey in srmap.yaml); verify SNAPSHOT --public-key
 * checks every hash and the signature. The snapshot is then altered as an attacker with no key
 * would: every NON_COMPLIANT result rewritten as COMPLIANT with the file's hash and size updated in
 * the manifest (the hashes all match), the as-of date edited, a file added. verify names each
 * (exit 2). An unsigned snapshot is reported as unsigned, never as verified.
 */
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSrmap, timeoutFor, runSrmapInProcess } from '../helpers/run-srmap.js';
import { fakeAwsEnv, generateOrganisation, startFakeAws } from '../helpers/fake-config-endpoint.js';
import { generateSample } from '../../src/tools/sample/generate.js';
import { loadSigningKey } from '../../src/sign/signing-keys.js';

const SAMPLE = join(REPO_ROOT, 'evidence', 'sample');
let work: string;
let priv: string;
let pub: string;
let keyId: string;
let signed: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-signed-snap-'));
  const keys = await runSrmapInProcess(['keys', 'init', join(work, 'keys')]);
  expect(keys.code, keys.stderr).toBe(0);
  keyId = /key id +([0-9a-f]{64})/.exec(keys.stdout)?.[1] ?? '';
  priv = join(work, 'keys', 'srmap-signing-key.pem');
  pub = join(work, 'keys', 'srmap-signing-key.pub.pem');
  // The sample estate, written through the snapshot writer as collect writes, signed.
  signed = join(work, 'snaps', 'signed');
  await generateSample({ outDir: signed, signingKey: await loadSigningKey(priv) });
}, timeoutFor(20));

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function copyOf(name: string): Promise<string> {
  const dir = join(work, 'tampered', name);
  await cp(signed, dir, { recursive: true });
  return dir;
}

type Manifest = { createdAt: string; files: { path: string; sha256: string; bytes: number }[]; signature?: { keyId: string } };
const readManifest = async (dir: string) => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;

describe('collect signs the snapshot manifest when a key is configured', () => {
  it('from SRMAP_SIGNING_KEY and from paths.signingKey in srmap.yaml; refuses a key others can read or one inside the snapshots folder, before any AWS call', async () => {
    const fake = await startFakeAws(generateOrganisation({ accounts: 1, regions: ['us-east-1'], rules: 2, resultsPerRule: () => 3 }));
    try {
      const env = fakeAwsEnv(fake, 'AKID100000000000');
      const byEnv = await runSrmap(['collect', '--quiet', '--out', join(work, 'collected', 'by-env')], { env: { ...env, SRMAP_SIGNING_KEY: priv } });
      expect(byEnv.code, byEnv.stderr).toBe(0);
      expect((await readManifest(join(work, 'collected', 'by-env'))).signature?.keyId).toBe(keyId);
      const ok = await runSrmapInProcess(['verify', join(work, 'collected', 'by-env'), '--public-key', pub]);
      expect([ok.code, ok.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^snapshot VERIFIED: .*manifest signed by key ${keyId}`))]);

      const folder = join(work, 'folder');
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'srmap.yaml'), `organisation: Acme Health\nregions: [us-east-1]\npaths:\n  snapshots: snaps\n  signingKey: ${join('..', 'keys', 'srmap-signing-key.pem')}\n`);
      const byConfig = await runSrmapInProcess(['collect', '--out', join(folder, 'snaps', 'one')], { cwd: folder, env });
      expect(byConfig.code, byConfig.stderr).toBe(0);
      expect(byConfig.stderr).toContain(`manifest.json signed by key ${keyId} (srmap.yaml)`);
      expect(byConfig.stderr).not.toContain('PRIVATE KEY');
      expect((await readManifest(join(folder, 'snaps', 'one'))).signature?.keyId).toBe(keyId);

      // The private key in the folder snapshots go to: refused, nothing collected.
      await mkdir(join(folder, 'snaps'), { recursive: true });
      await cp(priv, join(folder, 'snaps', 'key.pem'));
      await chmod(join(folder, 'snaps', 'key.pem'), 0o600);
      const before = fake.stats.requests;
      const inside = await runSrmapInProcess(['collect', '--quiet', '--out', join(folder, 'snaps', 'two'), '--signing-key', join(folder, 'snaps', 'key.pem')], { cwd: folder, env });
      expect(inside.code).toBe(2);
      expect(inside.stderr).toMatch(/is inside .*snaps, the folder snapshots are written to/);
      await chmod(join(folder, 'snaps', 'key.pem'), 0o644);
      const exposed = await runSrmapInProcess(['collect', '--quiet', '--out', join(work, 'three'), '--signing-key', join(folder, 'snaps', 'key.pem')], { cwd: folder, env });
      expect(exposed.code).toBe(2);
      expect(exposed.stderr).toMatch(/can be read by others \(mode 644\)/);
      expect(fake.stats.requests).toBe(before);
    } finally {
      await fake.close();
    }
  }, timeoutFor(30));
});

describe('verify SNAPSHOT', () => {
  it('a signed snapshot: VERIFIED with the public key, NOT VERIFIED without it', async () => {
    const r = await runSrmap(['verify', signed, '--public-key', pub]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^snapshot VERIFIED: sample-2026-09-30: every sha256, size and record count as listed, nothing unlisted, manifest signed by key ${keyId}`));
    const nokey = await runSrmapInProcess(['verify', signed]);
    expect([nokey.code, nokey.stdout]).toEqual([0, expect.stringMatching(/^snapshot NOT VERIFIED: .*not checked: give --public-key FILE/)]);
  }, timeoutFor(10));

  it('names the results rewritten NON_COMPLIANT -> COMPLIANT with the file hash updated in the manifest', async () => {
    const dir = await copyOf('results');
    const file = join(dir, 'evaluations.ndjson.gz');
    const text = gunzipSync(await readFile(file)).toString('utf8');
    expect(text).toContain('"NON_COMPLIANT"');
    const gz = gzipSync(Buffer.from(text.replaceAll('"NON_COMPLIANT"', '"COMPLIANT"'), 'utf8'));
    await writeFile(file, gz);
    const m = await readManifest(dir);
    const entry = m.files.find((f) => f.path === 'evaluations.ndjson.gz') as { sha256: string; bytes: number };
    entry.sha256 = createHash('sha256').update(gz).digest('hex');
    entry.bytes = gz.length;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
    // The hashes all match: without the signature this rewrite would pass.
    const r = await runSrmapInProcess(['verify', dir, '--public-key', pub]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json: signature does not verify: the manifest was changed after it was signed: files\/evaluations\.ndjson\.gz differs/);
    expect(r.stderr).toMatch(/evaluations\.ndjson\.gz: altered: its sha256 or size in the manifest was rewritten after signing/);
    expect(r.stderr).not.toMatch(/expected sha256/);
    const json = await runSrmapInProcess(['verify', dir, '--public-key', pub, '--json']);
    const v = JSON.parse(json.stdout) as { ok: boolean; signature: { state: string }; problems: { file: string }[] };
    expect([json.code, v.ok, v.signature.state, v.problems.map((p) => p.file)]).toEqual([2, false, 'invalid', ['manifest.json', 'evaluations.ndjson.gz']]);
  }, timeoutFor(10));

  it('names an edited as-of date, a byte of a file, and a file added', async () => {
    const dated = await copyOf('dated');
    const m = await readManifest(dated);
    await writeFile(join(dated, 'manifest.json'), JSON.stringify({ ...m, createdAt: '2026-12-31T00:00:00Z' }, null, 2));
    const r = await runSrmapInProcess(['verify', dated, '--public-key', pub, '--json']);
    const v = JSON.parse(r.stdout) as { problems: { file: string; path?: string; message: string }[] };
    expect(r.code).toBe(2);
    expect(v.problems).toEqual([
      { file: 'manifest.json', message: expect.stringContaining('changed after it was signed: createdAt differs') },
      { file: 'manifest.json', path: 'createdAt', message: 'altered: this field of the manifest was changed after it was signed' },
    ]);

    const byte = await copyOf('byte');
    const rules = await readFile(join(byte, 'config-rules.ndjson'));
    rules[10] = (rules[10] as number) ^ 1;
    await writeFile(join(byte, 'config-rules.ndjson'), rules);
    const b = await runSrmapInProcess(['verify', byte, '--public-key', pub]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/config-rules\.ndjson: tampered: expected sha256/);

    const added = await copyOf('added');
    await writeFile(join(added, 'notes.txt'), 'added later');
    const a = await runSrmapInProcess(['verify', added, '--public-key', pub]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/notes\.txt: not listed in the manifest: added after the snapshot was written/);
  }, timeoutFor(15));

  it('an unsigned snapshot is UNSIGNED, never verified, and fails when a public key is given', async () => {
    const r = await runSrmapInProcess(['verify', SAMPLE]);
    expect([r.code, r.stdout]).toEqual([0, expect.stringMatching(/^snapshot UNSIGNED: sample-2026-09-30: .*its manifest is not signed/)]);
    const withKey = await runSrmapInProcess(['verify', SAMPLE, '--public-key', pub]);
    expect(withKey.code).toBe(2);
    expect(withKey.stderr).toMatch(/manifest\.json: unsigned, and a public key was given/);
  }, timeoutFor(10));
});
