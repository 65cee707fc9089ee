/**
 * resource-tags.ndjson.gz, a record kind added to srmap-snapshot/1 after its first release: written
 * and read like the others; a snapshot without it (every snapshot written before) stays readable and
 * verifiable; an empty file (collected, no resource) is distinct from no file (not collected).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OPTIONAL_RECORD_KINDS, RECORD_FILES } from '../../src/domain/snapshot.js';
import type { ResourceTagsRecord } from '../../src/domain/snapshot.js';
import { checkRecordFile, readAll, readManifest } from '../../src/store/read-snapshot.js';
import { loadScopedEvidence } from '../../src/pipeline/load-evidence.js';
import { toFrameworkScope, WHOLE_SNAPSHOT } from '../../src/domain/scope.js';
import { REQUIRED_RECORD_KINDS, parseRecordLine } from '../../src/store/snapshot-format.js';
import { verifySnapshot } from '../../src/store/verify-snapshot.js';
import { openSnapshot } from '../../src/store/write-snapshot.js';
import type { SnapshotMeta } from '../../src/store/write-snapshot.js';
import { tempDir } from './helpers.js';

const meta: SnapshotMeta = {
  id: 'tags-1',
  createdAt: '2026-09-30T18:00:00Z',
  organisation: { name: 'Test Org (fictional)', fictional: true },
  scope: { accounts: [{ id: '111122223333' }], regions: ['us-east-1'] },
  toolVersion: '0.1.0',
};

const tagged: ResourceTagsRecord = { account: '111122223333', region: 'us-east-1', resourceType: 'AWS::S3::Bucket', resourceId: 'cardholder-data', tags: { cde: 'true', Name: 'card data' } };
const untagged: ResourceTagsRecord = { account: '111122223333', region: 'us-east-1', resourceType: 'AWS::EC2::Volume', resourceId: 'vol-1', tags: {} };

async function write(records: ResourceTagsRecord[] | 'include' | 'none'): Promise<string> {
  const parent = await tempDir();
  const w = await openSnapshot(parent, meta);
  if (records === 'include') w.include('resourceTags');
  else if (records !== 'none') for (const r of records) await w.write('resourceTags', r);
  await w.commit();
  return join(parent, meta.id);
}

describe('resource-tags.ndjson.gz', () => {
  it('is an optional kind: every other kind is required', () => {
    expect(OPTIONAL_RECORD_KINDS).toEqual(['resourceTags']);
    expect(RECORD_FILES.resourceTags).toBe('resource-tags.ndjson.gz');
    expect(REQUIRED_RECORD_KINDS).not.toContain('resourceTags');
  });

  it('round-trips tags, untagged resources included, and verifies', async () => {
    const dir = await write([tagged, untagged]);
    const m = await readManifest(dir);
    expect(m.files.find((f) => f.path === 'resource-tags.ndjson.gz')).toMatchObject({ records: 2 });
    expect(await readAll(dir, m, 'resourceTags')).toEqual([tagged, untagged]);
    const v = await verifySnapshot(dir);
    expect(v.problems).toEqual([]);
    expect(v.counts.byFile['resource-tags.ndjson.gz']).toBe(2);
  });

  it('a snapshot written without it (before it existed) reads as no tags and verifies', async () => {
    const dir = await write('none');
    const m = await readManifest(dir);
    expect(m.files.some((f) => f.path === 'resource-tags.ndjson.gz')).toBe(false);
    expect(await readAll(dir, m, 'resourceTags')).toEqual([]);
    expect((await verifySnapshot(dir)).ok).toBe(true);
  });

  it('collected with nothing found: an empty file is listed', async () => {
    const dir = await write('include');
    const m = await readManifest(dir);
    expect(m.files.find((f) => f.path === 'resource-tags.ndjson.gz')).toMatchObject({ records: 0 });
    expect((await verifySnapshot(dir)).ok).toBe(true);
  });

  it('a changed tag is found by verify and stops a reader', async () => {
    const dir = await write([tagged]);
    const file = join(dir, 'resource-tags.ndjson.gz');
    const text = gunzipSync(await readFile(file)).toString('utf8').replace('"cde":"true"', '"cde":"fals"');
    await writeFile(file, gzipSync(text));
    const v = await verifySnapshot(dir);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.file)).toContain('resource-tags.ndjson.gz');
    await expect(readAll(dir, await readManifest(dir), 'resourceTags')).rejects.toMatchObject({ code: 'SNAPSHOT_TAMPERED' });
  });

  it('a reader with no scope by tag does not read the tags, but a changed tags file still stops it', async () => {
    const dir = await write([tagged, untagged]);
    await checkRecordFile(dir, await readManifest(dir), 'resourceTags');
    const byTag = toFrameworkScope({ tags: { cde: 'true' } });
    const load = (scopes = [WHOLE_SNAPSHOT]) => loadScopedEvidence(dir, { failingCap: 0, scopes });
    await load();
    const scoped = [...(await load([byTag])).values()][0];
    expect(scoped?.scopeGaps.inScope.map((g) => g.code)).not.toContain('TagsNotCollected');
    expect(scoped?.resourceCounts.get('AWS::S3::Bucket')).toBe(1);
    const file = join(dir, 'resource-tags.ndjson.gz');
    const text = gunzipSync(await readFile(file)).toString('utf8').replace('"cde":"true"', '"cde":"fals"');
    await writeFile(file, gzipSync(text));
    await expect(checkRecordFile(dir, await readManifest(dir), 'resourceTags')).rejects.toMatchObject({ code: 'SNAPSHOT_TAMPERED' });
    await expect(load()).rejects.toMatchObject({ code: 'SNAPSHOT_TAMPERED' });
    await expect(load([byTag])).rejects.toMatchObject({ code: 'SNAPSHOT_TAMPERED' });
  });

  it('a record must name its resource; tags are text', () => {
    expect(() => parseRecordLine('resourceTags', JSON.stringify({ ...tagged, resourceId: '' }), 'resource-tags.ndjson.gz', 1)).toThrow(/resourceId/);
    expect(() => parseRecordLine('resourceTags', JSON.stringify({ ...tagged, tags: { cde: true } }), 'resource-tags.ndjson.gz', 1)).toThrow(/tags\.cde/);
    expect(() => parseRecordLine('resourceTags', JSON.stringify({ ...tagged, extra: 1 }), 'resource-tags.ndjson.gz', 1)).toThrow();
  });
});
