/**
 * Bounded reading: what a crafted or damaged snapshot can make the reader do. Each case used to
 * hang, take minutes or buffer without limit; now each stops at the first bound it breaks.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SrmapError } from '../../src/domain/errors.js';
import type { SnapshotManifest } from '../../src/domain/snapshot.js';
import { readAll, readManifest, readRecords } from '../../src/store/read-snapshot.js';
import { MAX_MANIFEST_BYTES, MAX_RECORD_BYTES } from '../../src/store/snapshot-format.js';
import { verifySnapshot } from '../../src/store/verify-snapshot.js';
import { openSnapshot } from '../../src/store/write-snapshot.js';
import { tempDir } from './helpers.js';

const meta = {
  id: 'snap-bounded',
  createdAt: '2026-09-30T18:00:00Z',
  organisation: { name: 'Test Org (fictional)', fictional: true },
  scope: { accounts: [{ id: '111122223333' }], regions: ['us-east-1'] },
  toolVersion: '0.1.0',
};

const owner = { scope: 'data-protection', responsible: 'Platform', accountable: 'CISO' };

async function writeSnapshot(): Promise<string> {
  const parent = await tempDir();
  const w = await openSnapshot(parent, meta);
  await w.write('owners', owner);
  await w.write('evaluations', {
    account: '111122223333',
    region: 'us-east-1',
    ruleName: 'r',
    sourceIdentifier: 'ENCRYPTED_VOLUMES',
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-1',
    complianceType: 'COMPLIANT',
    recordedAt: '2026-09-30T12:00:00.000Z',
  });
  await w.commit();
  return join(parent, meta.id);
}

/** Replace a file and make the manifest agree with it: what someone crafting a snapshot does. */
async function craft(dir: string, file: string, bytes: Buffer, records: number): Promise<SnapshotManifest> {
  await writeFile(join(dir, file), bytes);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as SnapshotManifest;
  const entry = manifest.files.find((f) => f.path === file);
  if (!entry) throw new Error(`${file} not listed`);
  entry.bytes = bytes.length;
  entry.records = records;
  entry.sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return manifest;
}

async function rejection(p: Promise<unknown>): Promise<SrmapError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SrmapError);
    return e as SrmapError;
  }
  throw new Error('expected an SrmapError');
}

describe('bounded reading of a snapshot', () => {
  it('a gzip of one 40 MiB line that the manifest vouches for stops at the line limit, with file and line', async () => {
    const dir = await writeSnapshot();
    const manifest = await craft(dir, 'evaluations.ndjson.gz', gzipSync(Buffer.alloc(40 * 1024 * 1024, 'a')), 1);
    const err = await rejection(readAll(dir, manifest, 'evaluations'));
    expect(err.code).toBe('SNAPSHOT_INVALID');
    expect(err.problems[0]).toMatchObject({ file: 'evaluations.ndjson.gz', line: 1 });
    expect(err.message).toMatch(/line 1 is longer than 1 MiB/);
    const v = await verifySnapshot(dir);
    expect(v.problems).toEqual([expect.objectContaining({ file: 'evaluations.ndjson.gz', line: 1, message: expect.stringMatching(/longer than 1 MiB/) })]);
  });

  it('more lines than the manifest lists: stops at the first extra line (a gzip bomb of short lines is bounded by the record count)', async () => {
    const dir = await writeSnapshot();
    const manifest = await craft(dir, 'owners.ndjson', Buffer.from(`${JSON.stringify(owner)}\n`.repeat(5)), 2);
    const err = await rejection(readAll(dir, manifest, 'owners'));
    expect(err.code).toBe('SNAPSHOT_TAMPERED');
    expect(err.message).toMatch(/owners\.ndjson.*more than the 2 records the manifest lists/);
  });

  it('a size other than the listed one is reported before a byte is read', async () => {
    const dir = await writeSnapshot();
    const manifest = await readManifest(dir);
    await truncate(join(dir, 'owners.ndjson'), 3);
    const err = await rejection(readAll(dir, manifest, 'owners'));
    expect(err.code).toBe('SNAPSHOT_TAMPERED');
    expect(err.message).toMatch(/owners\.ndjson.*truncated: expected \d+ bytes, found 3; its contents were not read/);
    const v = await verifySnapshot(dir);
    expect(v.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^tampered: truncated: expected \d+ bytes, found 3; its contents were not read/)]);
  });

  it('a record file that is a symbolic link (to /dev/zero, which never ends) is refused unread', async () => {
    const dir = await writeSnapshot();
    const manifest = await craft(dir, 'owners.ndjson', Buffer.alloc(0), 0);
    await rm(join(dir, 'owners.ndjson'));
    await symlink('/dev/zero', join(dir, 'owners.ndjson'));
    const err = await rejection(readAll(dir, manifest, 'owners'));
    expect(err.message).toMatch(/owners\.ndjson.*a symbolic link.*not read/);
    const v = await verifySnapshot(dir);
    expect(v.problems[0]?.message).toMatch(/^tampered: a symbolic link/);
  });

  it('manifest.json: a symbolic link or more than the manifest limit is refused unread', async () => {
    const dir = await writeSnapshot();
    const text = await readFile(join(dir, 'manifest.json'));
    await rm(join(dir, 'manifest.json'));
    await writeFile(join(dir, 'real-manifest.json'), text);
    await symlink(join(dir, 'real-manifest.json'), join(dir, 'manifest.json'));
    expect((await rejection(readManifest(dir))).message).toMatch(/manifest\.json: a symbolic link/);
    await rm(join(dir, 'manifest.json'));
    await writeFile(join(dir, 'manifest.json'), text);
    await truncate(join(dir, 'manifest.json'), MAX_MANIFEST_BYTES + 1); // sparse: no real disk use
    expect((await rejection(readManifest(dir))).message).toMatch(/more than the 64 MiB a manifest may have/);
  });

  it('the writer refuses a record longer than a reader accepts, so srmap never writes an unreadable snapshot', async () => {
    const parent = await tempDir();
    const w = await openSnapshot(parent, meta);
    const err = await rejection(w.write('owners', { ...owner, responsible: 'x'.repeat(MAX_RECORD_BYTES) }));
    expect(err.code).toBe('SNAPSHOT_RECORD_TOO_LONG');
    await w.abort();
  });

  it('a snapshot as srmap writes it still reads whole', async () => {
    const dir = await writeSnapshot();
    const manifest = await readManifest(dir);
    let n = 0;
    for await (const _ of readRecords(dir, manifest, 'evaluations')) n++;
    expect(n).toBe(1);
    expect((await verifySnapshot(dir)).ok).toBe(true);
  });
});
