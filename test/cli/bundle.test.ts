/**
 * srmap bundle, as an auditor receives it: one deterministic, signed zip with the pack, the snapshot
 * manifest and the working-folder documents that decided manual evidence; `srmap verify FILE.zip
 * --public-key` checks it. Then the bundle altered three ways as someone without the key would (one
 * byte of a bundled file; the pack manifest edited with its hash recomputed in the bundle manifest;
 * a file added), each named (exit 2); and a document that no longer hashes as registered stops the
 * bundle, naming it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSrmap, timeoutFor, runSrmapInProcess } from '../helpers/run-srmap.js';
import { readZipEntries } from '../../src/pipeline/read-zip-entries.js';
import { writeDeterministicZip } from '../../src/pipeline/deterministic-zip.js';
import { rewriteSnapshot } from '../helpers/rewrite-snapshot.js';

const EVIDENCE = join(REPO_ROOT, 'evidence');
let work: string;
let ws: string;
let priv: string;
let pub: string;
let keyId: string;
let pack: string;
let bundle: string;

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-bundle-'));
  const keys = await runSrmapInProcess(['keys', 'init', join(work, 'keys')]);
  expect(keys.code, keys.stderr).toBe(0);
  keyId = /key id +([0-9a-f]{64})/.exec(keys.stdout)?.[1] ?? '';
  priv = join(work, 'keys', 'srmap-signing-key.pem');
  pub = join(work, 'keys', 'srmap-signing-key.pub.pem');
  // The sample working folder, its snapshots found where they are, and the one document the sample
  // registers with a wrong sha256 (to show a mismatch in packs) registered as it is.
  ws = join(work, 'ws');
  await cp(join(EVIDENCE, 'sample-workspace'), ws, { recursive: true });
  const config = await readFile(join(ws, 'srmap.yaml'), 'utf8');
  await writeFile(join(ws, 'srmap.yaml'), config.replace(/^ {2}snapshots: \.\.$/m, `  snapshots: ${EVIDENCE}\n  signingKey: ${priv}`));
  const register = await readFile(join(ws, 'evidence-register.csv'), 'utf8');
  const vendor = 'documents/third-party/vendor-risk-review-2026.md';
  await writeFile(join(ws, 'evidence-register.csv'), register.replace(new RegExp(`(${vendor}),[0-9a-f]{64}`), `$1,${sha(await readFile(join(ws, vendor)))}`));
  pack = join(work, 'pack');
  const report = await runSrmap(['report', '--config', join(ws, 'srmap.yaml'), '--snapshot', join(EVIDENCE, 'sample'), '--framework', 'hipaa-security', '--out', pack, '--quiet']);
  expect(report.code, report.stderr).toBe(0);
  bundle = join(work, 'hipaa.zip');
  const b = await runSrmap(['bundle', '--pack', pack, '--out', bundle], { cwd: ws });
  expect(b.code, b.stderr).toBe(0);
  expect(b.stdout).toContain(`manifest.json signed by key ${keyId} (srmap.yaml)`);
}, timeoutFor(60));

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A copy of the bundle re-zipped with some entries changed, as anyone can. */
async function rezip(name: string, change: (entries: Map<string, Buffer>) => void): Promise<string> {
  const entries = new Map((await readZipEntries(bundle, () => true)).map((e) => [e.path, e.data ?? Buffer.alloc(0)]));
  change(entries);
  const out = join(work, `${name}.zip`);
  await writeDeterministicZip(out, [...entries].map(([path, data]) => ({ path, data })), '2026-09-30T00:00:00Z');
  return out;
}

type BundleManifest = { files: { path: string; sha256: string; bytes: number }[]; documents: { path: string; sha256: string }[]; snapshot: { id: string } };

describe('srmap bundle', () => {
  it('holds the pack, the snapshot manifest and the documents that decided manual evidence, as registered; never a key; manifest first', async () => {
    const entries = await readZipEntries(bundle, (n) => n === 'manifest.json');
    const names = entries.map((e) => e.path);
    expect(names[0]).toBe('manifest.json');
    expect(names).toContain('pack/manifest.json');
    expect(names).toContain('pack/hipaa-security/requirements.csv');
    expect(names).toContain('snapshot/manifest.json');
    expect(names.filter((n) => !n.startsWith('pack/') && !n.startsWith('working-folder/')).sort()).toEqual(['manifest.json', 'snapshot/manifest.json']);
    expect(names.some((n) => /\.pem$|artifact-.*\.pdf$/.test(n))).toBe(false);
    const manifest = JSON.parse(entries[0]?.data?.toString('utf8') ?? '{}') as BundleManifest;
    expect(manifest.documents.length).toBeGreaterThan(0);
    const docs = await readZipEntries(bundle, () => false);
    for (const d of manifest.documents) expect(docs.find((e) => e.path === d.path)?.sha256, d.path).toBe(d.sha256);
    expect(manifest.snapshot.id).toBe('sample-2026-09-30');
  });

  it('is the same bytes when written again, in another time zone', async () => {
    const again = join(work, 'again.zip');
    const r = await runSrmap(['bundle', '--pack', pack, '--out', again, '--quiet'], { cwd: ws, env: { ...process.env, TZ: 'Pacific/Chatham' } });
    expect(r.code, r.stderr).toBe(0);
    expect(sha(await readFile(again))).toBe(sha(await readFile(bundle)));
  }, timeoutFor(10));

  it('verifies with the public key alone; NOT VERIFIED without it', async () => {
    const r = await runSrmap(['verify', bundle, '--public-key', pub]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^bundle VERIFIED: .*manifest signed by key ${keyId}`));
    expect(r.stdout).toMatch(/pack manifest signed by key [0-9a-f]{64}, verified/);
    const nokey = await runSrmapInProcess(['verify', bundle]);
    expect([nokey.code, nokey.stdout]).toEqual([0, expect.stringMatching(/^bundle NOT VERIFIED: /)]);
  }, timeoutFor(10));
});

describe('verify FILE.zip names what was altered', () => {
  it('one byte of a bundled file', async () => {
    const file = await rezip('byte', (e) => {
      const b = Buffer.from(e.get('pack/hipaa-security/requirements.csv') as Buffer);
      b[b.length - 3] = (b[b.length - 3] as number) ^ 1;
      e.set('pack/hipaa-security/requirements.csv', b);
    });
    const r = await runSrmapInProcess(['verify', file, '--public-key', pub]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pack\/hipaa-security\/requirements\.csv: altered: sha256 [0-9a-f]{64}, the bundle manifest says/);
  }, timeoutFor(10));

  it('the pack manifest edited with its hash recomputed in the bundle manifest', async () => {
    const file = await rezip('pack-manifest', (e) => {
      const packManifest = JSON.parse((e.get('pack/manifest.json') as Buffer).toString('utf8')) as Record<string, unknown>;
      const edited = Buffer.from(JSON.stringify({ ...packManifest, asOf: '2026-12-31' }, null, 2));
      e.set('pack/manifest.json', edited);
      const m = JSON.parse((e.get('manifest.json') as Buffer).toString('utf8')) as BundleManifest;
      const entry = m.files.find((f) => f.path === 'pack/manifest.json') as { sha256: string; bytes: number };
      entry.sha256 = sha(edited);
      entry.bytes = edited.length;
      e.set('manifest.json', Buffer.from(JSON.stringify(m, null, 2)));
    });
    const r = await runSrmapInProcess(['verify', file, '--public-key', pub, '--json']);
    expect(r.code).toBe(2);
    const v = JSON.parse(r.stdout) as { intact: boolean; signature: { state: string }; problems: { file: string; path?: string; message: string }[] };
    expect(v.signature.state).toBe('invalid');
    expect(v.problems).toEqual(expect.arrayContaining([
      { file: 'manifest.json', message: expect.stringContaining('files/pack/manifest.json differs') },
      { file: 'pack/manifest.json', message: expect.stringContaining('its sha256 or size in the manifest was rewritten after signing') },
      { file: 'pack/manifest.json', message: expect.stringContaining('signature does not verify: the manifest was changed after it was signed: asOf differs') },
    ]));
  }, timeoutFor(10));

  it('a file added, and an unsigned bundle is UNSIGNED, never verified', async () => {
    const file = await rezip('added', (e) => e.set('pack/hipaa-security/notes.txt', Buffer.from('added later')));
    const r = await runSrmapInProcess(['verify', file, '--public-key', pub]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pack\/hipaa-security\/notes\.txt: not listed in the bundle manifest/);
    // Without srmap.yaml (which names the key) and no other key: unsigned.
    const unsigned = join(work, 'unsigned.zip');
    const u = await runSrmapInProcess(['bundle', '--pack', pack, '--out', unsigned, '--quiet', '--snapshot', join(EVIDENCE, 'sample'), '--register', join(ws, 'evidence-register.csv')], { cwd: work });
    expect(u.code, u.stderr).toBe(0);
    const v = await runSrmapInProcess(['verify', unsigned]);
    expect([v.code, v.stdout]).toEqual([0, expect.stringMatching(/^bundle UNSIGNED: /)]);
    const withKey = await runSrmapInProcess(['verify', unsigned, '--public-key', pub]);
    expect(withKey.code).toBe(2);
  }, timeoutFor(20));
});

describe('srmap bundle on the sample as shipped', () => {
  it('cites, without bundling, a document the pack already reports unverified (its register sha256 is wrong on purpose)', async () => {
    const shipped = join(work, 'ws-shipped');
    await cp(join(EVIDENCE, 'sample-workspace'), shipped, { recursive: true });
    const config = await readFile(join(shipped, 'srmap.yaml'), 'utf8');
    await writeFile(join(shipped, 'srmap.yaml'), config.replace(/^ {2}snapshots: \.\.$/m, `  snapshots: ${EVIDENCE}`));
    const shippedPack = join(work, 'shipped-pack');
    const report = await runSrmap(['report', '--config', join(shipped, 'srmap.yaml'), '--snapshot', join(EVIDENCE, 'sample'), '--framework', 'nist-csf-2.0', '--format', 'csv', '--out', shippedPack, '--quiet']);
    expect(report.code, report.stderr).toBe(0);
    const out = join(work, 'shipped.zip');
    const b = await runSrmapInProcess(['bundle', '--pack', shippedPack, '--out', out, '--quiet'], { cwd: shipped });
    expect(b.code, b.stderr).toBe(0);
    const m = JSON.parse((await readZipEntries(out, (n) => n === 'manifest.json'))[0]?.data?.toString('utf8') ?? '{}') as { documents: { location: string }[]; cited: { location: string; why: string }[] };
    const vendor = 'documents/third-party/vendor-risk-review-2026.md';
    expect(m.cited.find((c) => c.location.endsWith(vendor))?.why).toMatch(/does not hash as registered \(the pack reports it unverified/);
    expect(m.documents.some((d) => d.location.endsWith(vendor))).toBe(false);
    expect(m.documents.length).toBeGreaterThan(0);
  }, timeoutFor(60));
});

describe('srmap bundle refuses', () => {
  it('a document whose sha256 is no longer the registered one, naming it; nothing written', async () => {
    const m = JSON.parse((await readZipEntries(bundle, (n) => n === 'manifest.json'))[0]?.data?.toString('utf8') ?? '{}') as BundleManifest & { documents: { location: string }[] };
    const doc = m.documents[0]?.location ?? '';
    const copy = join(work, 'ws-changed');
    await cp(ws, copy, { recursive: true });
    await writeFile(join(copy, doc), `${await readFile(join(copy, doc), 'utf8')}\nedited after it was registered\n`);
    const out = join(work, 'refused.zip');
    const r = await runSrmapInProcess(['bundle', '--pack', pack, '--out', out], { cwd: copy });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${doc}: the document of`);
    expect(r.stderr).toContain('does not hash as registered');
    await expect(readFile(out)).rejects.toThrow();
  }, timeoutFor(10));

  it('to hold an AWS Artifact report: a register document with the sha256 of a report the snapshot recorded is cited, not bundled', async () => {
    const m = JSON.parse((await readZipEntries(bundle, (n) => n === 'manifest.json'))[0]?.data?.toString('utf8') ?? '{}') as { documents: { evidenceId: string; path: string; sha256: string }[] };
    const doc = m.documents[0] as { evidenceId: string; path: string; sha256: string };
    const snapshot = await rewriteSnapshot(join(EVIDENCE, 'sample'), join(work, 'artifact-snaps'), 'with-report', { artifactReports: (r, i) => (i === 0 ? { ...r, documentSha256: doc.sha256 } : r) });
    const artPack = join(work, 'artifact-pack');
    const report = await runSrmap(['report', '--config', join(ws, 'srmap.yaml'), '--snapshot', snapshot, '--framework', 'hipaa-security', '--format', 'csv', '--out', artPack, '--quiet']);
    expect(report.code, report.stderr).toBe(0);
    const out = join(work, 'artifact.zip');
    const r = await runSrmapInProcess(['bundle', '--pack', artPack, '--out', out, '--snapshot', snapshot], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${doc.evidenceId} `);
    expect(r.stdout).toMatch(/an AWS Artifact report \(AWS confidential\): cited, never bundled/);
    const entries = await readZipEntries(out, (n) => n === 'manifest.json');
    expect(entries.filter((e) => e.sha256 === doc.sha256)).toEqual([]);
    const cited = (JSON.parse(entries[0]?.data?.toString('utf8') ?? '{}') as { cited: { evidenceId: string; sha256?: string; why: string }[] }).cited;
    expect(cited).toContainEqual({ evidenceId: doc.evidenceId, location: expect.any(String), sha256: doc.sha256, why: expect.stringContaining('AWS Artifact report') });
  }, timeoutFor(40));
});
