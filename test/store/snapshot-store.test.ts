import { existsSync } from 'node:fs';
import { readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SrmapError } from '../../src/domain/errors.js';
import { RECORD_FILES } from '../../src/domain/snapshot.js';
import type { EvaluationRecord, SnapshotManifest } from '../../src/domain/snapshot.js';
import { readAll, readManifest, readRecords } from '../../src/store/read-snapshot.js';
import { REQUIRED_RECORD_KINDS, parseManifest, parseRecordLine } from '../../src/store/snapshot-format.js';
import { verifySnapshot } from '../../src/store/verify-snapshot.js';
import { openSnapshot } from '../../src/store/write-snapshot.js';
import type { SnapshotMeta } from '../../src/store/write-snapshot.js';
import { tempDir } from './helpers.js';

const meta: SnapshotMeta = {
  id: 'snap-1',
  createdAt: '2026-09-30T18:00:00Z',
  organisation: { name: 'Test Org (fictional)', fictional: true },
  scope: { accounts: [{ id: '111122223333', name: 'prod' }], regions: ['us-east-1'] },
  toolVersion: '0.1.0',
};

function evaluation(i: number, complianceType: EvaluationRecord['complianceType'] = 'COMPLIANT'): EvaluationRecord {
  return {
    account: '111122223333',
    region: 'us-east-1',
    ruleName: 'encrypted-volumes-conformance-pack-abcd1234',
    sourceIdentifier: 'ENCRYPTED_VOLUMES',
    resourceType: 'AWS::EC2::Volume',
    resourceId: `vol-0${i.toString(16).padStart(16, '0')}`,
    complianceType,
    ...(complianceType === 'NON_COMPLIANT' ? { annotation: 'The volume is not encrypted.' } : {}),
    recordedAt: '2026-09-30T12:00:00.000Z',
  };
}

async function writeSmall(parent: string, n = 2500): Promise<{ dir: string; manifest: SnapshotManifest }> {
  const w = await openSnapshot(parent, meta);
  await w.write('configRules', {
    account: '111122223333',
    region: 'us-east-1',
    ruleName: 'encrypted-volumes-conformance-pack-abcd1234',
    sourceOwner: 'AWS',
    sourceIdentifier: 'ENCRYPTED_VOLUMES',
  });
  for (let i = 0; i < n; i++) await w.write('evaluations', evaluation(i, i % 10 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT'));
  await w.write('owners', { scope: 'data-protection', responsible: 'Platform', accountable: 'CISO' });
  w.addSource({ source: 'aws-config', account: '111122223333', region: 'us-east-1', status: 'collected', counts: { rules: 1, evaluations: n } });
  w.addGap({ source: 'aws-artifact', code: 'AccessDeniedException', message: 'denied', action: 'artifact:ListReports' });
  const manifest = await w.commit();
  return { dir: join(parent, meta.id), manifest };
}

async function expectSrmapError(p: Promise<unknown>, code: string): Promise<SrmapError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SrmapError);
    expect((err as SrmapError).code).toBe(code);
    return err as SrmapError;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

async function drain(dir: string, manifest: SnapshotManifest): Promise<number> {
  let n = 0;
  for await (const _ of readRecords(dir, manifest, 'evaluations')) n++;
  return n;
}

describe('write + read a snapshot', () => {
  it('round-trips every record, lists every file, sorted, with counts', async () => {
    const parent = await tempDir();
    const { dir, manifest } = await writeSmall(parent);
    expect(await readdir(parent)).toEqual(['snap-1']); // temp dir gone
    const onDisk = await readManifest(dir);
    expect(onDisk).toEqual(manifest);
    expect(onDisk.files.map((f) => f.path)).toEqual(REQUIRED_RECORD_KINDS.map((k) => RECORD_FILES[k]).sort());
    expect(onDisk.files.find((f) => f.path === 'evaluations.ndjson.gz')?.records).toBe(2500);
    expect(onDisk.files.find((f) => f.path === 'exceptions.ndjson')).toMatchObject({ records: 0, bytes: 0 });
    expect(onDisk.gaps).toHaveLength(1);
    expect(onDisk.sources[0]?.counts).toEqual({ rules: 1, evaluations: 2500 });

    const evals = await readAll(dir, onDisk, 'evaluations');
    expect(evals).toHaveLength(2500);
    expect(evals[0]).toEqual(evaluation(0, 'NON_COMPLIANT'));
    expect(evals[1]).toEqual(evaluation(1));
    expect(await readAll(dir, onDisk, 'owners')).toEqual([{ scope: 'data-protection', responsible: 'Platform', accountable: 'CISO' }]);
    expect(await readAll(dir, onDisk, 'exceptions')).toEqual([]);

    // gzip: deterministic header (mtime 0, Unix OS byte), '\n'-terminated NDJSON inside
    const gz = await readFile(join(dir, 'evaluations.ndjson.gz'));
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
    const text = gunzipSync(gz).toString('utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[0]).toBe(JSON.stringify(evaluation(0, 'NON_COMPLIANT')));

    const v = await verifySnapshot(dir);
    expect(v.ok).toBe(true);
    expect(v.problems).toEqual([]);
    expect(v.counts.byFile['evaluations.ndjson.gz']).toBe(2500);
  });

  it('writes the same bytes twice', async () => {
    const a = await writeSmall(await tempDir(), 300);
    const b = await writeSmall(await tempDir(), 300);
    for (const f of ['manifest.json', ...REQUIRED_RECORD_KINDS.map((k) => RECORD_FILES[k])]) {
      expect((await readFile(join(a.dir, f))).equals(await readFile(join(b.dir, f))), f).toBe(true);
    }
  });

  it('refuses to overwrite an existing snapshot, and removes its temp dir', async () => {
    const parent = await tempDir();
    await writeSmall(parent, 10);
    const err = await expectSrmapError(writeSmall(parent, 10), 'SNAPSHOT_EXISTS');
    expect(err.hint).toBeTruthy();
    expect(await readdir(parent)).toEqual(['snap-1']);
  });

  it('replaces an existing snapshot only on commit({ replace: true })', async () => {
    const parent = await tempDir();
    await writeSmall(parent, 10);
    const w = await openSnapshot(parent, meta);
    await w.write('owners', { scope: 'x', responsible: 'y', accountable: 'z' });
    // before commit the old snapshot is untouched
    expect((await readManifest(join(parent, 'snap-1'))).files.find((f) => f.path === 'owners.ndjson')?.records).toBe(1);
    const m = await w.commit({ replace: true });
    expect(m.files.find((f) => f.path === 'evaluations.ndjson.gz')?.records).toBe(0);
    expect(await readdir(parent)).toEqual(['snap-1']);
    expect((await verifySnapshot(join(parent, 'snap-1'))).ok).toBe(true);
  });

  it('an aborted writer leaves no snapshot and no temp dir', async () => {
    const parent = await tempDir();
    const w = await openSnapshot(parent, meta);
    expect(existsSync(w.tempDir)).toBe(true);
    for (let i = 0; i < 5000; i++) await w.write('evaluations', evaluation(i));
    await w.abort();
    expect(await readdir(parent)).toEqual([]);
    await expectSrmapError(readManifest(join(parent, 'snap-1')), 'SNAPSHOT_NOT_FOUND');
    await expect(w.write('owners', { scope: 'x', responsible: 'y', accountable: 'z' })).rejects.toThrow(/aborted/);
  });

  it('an aborted writer takes back the folders it made for the snapshot, and only those', async () => {
    const base = await tempDir();
    await writeFile(join(base, 'kept.txt'), 'the user\'s');
    const w = await openSnapshot(join(base, 'snapshots', 'q4'), meta);
    expect(existsSync(w.tempDir)).toBe(true);
    await w.abort();
    expect(await readdir(base)).toEqual(['kept.txt']);
    // A folder that was there before stays, even empty.
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(base, 'existing'));
    await (await openSnapshot(join(base, 'existing'), meta)).abort();
    expect((await readdir(base)).sort()).toEqual(['existing', 'kept.txt']);
  });

  it('a directory without manifest.json is not a snapshot', async () => {
    const parent = await tempDir();
    const w = await openSnapshot(parent, meta);
    await w.write('owners', { scope: 'x', responsible: 'y', accountable: 'z' });
    const err = await expectSrmapError(readManifest(w.tempDir), 'SNAPSHOT_NOT_FOUND');
    expect(err.message).toMatch(/no manifest\.json/);
    await w.abort();
  });
});

describe('reading a damaged snapshot', () => {
  it('missing directory: SNAPSHOT_NOT_FOUND with a hint', async () => {
    const err = await expectSrmapError(readManifest(join(await tempDir(), 'nope')), 'SNAPSHOT_NOT_FOUND');
    expect(err.hint).toMatch(/srmap collect/);
    expect(err.kind).toBe('input');
  });

  it('bad manifest JSON: SNAPSHOT_INVALID located in manifest.json', async () => {
    const { dir } = await writeSmall(await tempDir(), 1);
    const text = await readFile(join(dir, 'manifest.json'), 'utf8');
    await writeFile(join(dir, 'manifest.json'), text.replace('"format"', '"format" "'));
    const err = await expectSrmapError(readManifest(dir), 'SNAPSHOT_INVALID');
    expect(err.problems[0]).toMatchObject({ file: 'manifest.json', line: 2 });
  });

  it('one changed byte: SNAPSHOT_TAMPERED naming the file, expected vs actual', async () => {
    const { dir, manifest } = await writeSmall(await tempDir(), 50);
    const path = join(dir, 'config-rules.ndjson');
    const bytes = await readFile(path);
    bytes[bytes.indexOf('abcd1234')] = 'x'.charCodeAt(0); // still valid JSON
    await writeFile(path, bytes);
    const err = await expectSrmapError(readAll(dir, manifest, 'configRules'), 'SNAPSHOT_TAMPERED');
    expect(err.message).toContain('config-rules.ndjson');
    expect(err.message).toMatch(/expected sha256 [0-9a-f]{64}, found [0-9a-f]{64}/);
    expect(err.hint).toMatch(/srmap verify/);
  });

  it('one changed byte inside the gzip: SNAPSHOT_TAMPERED naming the file', async () => {
    const { dir, manifest } = await writeSmall(await tempDir());
    const path = join(dir, 'evaluations.ndjson.gz');
    const bytes = await readFile(path);
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = (bytes[mid] ?? 0) ^ 0x01;
    await writeFile(path, bytes);
    const err = await expectSrmapError(drain(dir, manifest), 'SNAPSHOT_TAMPERED');
    expect(err.message).toContain('evaluations.ndjson.gz');
  });

  it('truncated gzip: a clear error naming the file, not a raw zlib error', async () => {
    const { dir, manifest } = await writeSmall(await tempDir());
    const path = join(dir, 'evaluations.ndjson.gz');
    const size = manifest.files.find((f) => f.path === 'evaluations.ndjson.gz')!.bytes;
    await truncate(path, Math.floor(size / 2));
    const err = await expectSrmapError(drain(dir, manifest), 'SNAPSHOT_TAMPERED');
    expect(err.message).toContain('evaluations.ndjson.gz');
    expect(err.message).toMatch(/expected \d+ bytes, found \d+/);

    // Even if the manifest is edited to match the truncated size, the stream says it ends early.
    const edited: SnapshotManifest = {
      ...manifest,
      files: manifest.files.map((f) => (f.path === 'evaluations.ndjson.gz' ? { ...f, bytes: Math.floor(size / 2) } : f)),
    };
    const err2 = await expectSrmapError(drain(dir, edited), 'SNAPSHOT_TAMPERED');
    expect(err2.message).toMatch(/evaluations\.ndjson\.gz.*truncated/);
  });

  it('an emptied record file: SNAPSHOT_TAMPERED naming it', async () => {
    const { dir, manifest } = await writeSmall(await tempDir(), 1);
    await writeFile(join(dir, 'owners.ndjson'), '');
    const err = await expectSrmapError(readAll(dir, manifest, 'owners'), 'SNAPSHOT_TAMPERED');
    expect(err.message).toContain('owners.ndjson');
  });

  it('a bad record line with a matching manifest: SNAPSHOT_INVALID at file, line and path', async () => {
    const parent = await tempDir();
    const w = await openSnapshot(parent, meta);
    await w.write('evaluations', evaluation(1));
    await w.write('evaluations', { ...evaluation(2), complianceType: 'PASSING' as never });
    const manifest = await w.commit();
    const err = await expectSrmapError(drain(join(parent, 'snap-1'), manifest), 'SNAPSHOT_INVALID');
    expect(err.problems[0]).toMatchObject({ file: 'evaluations.ndjson.gz', line: 2, path: 'complianceType' });
    expect(err.message).toMatch(/evaluations\.ndjson\.gz: line 2: complianceType: .*COMPLIANT/);
    expect(err.hint).toMatch(/re-collect/);
  });
});

describe('parse (pure)', () => {
  it('parseRecordLine rejects unknown keys and bad JSON with the line number', () => {
    expect(() => parseRecordLine('owners', '{"scope":"a","responsible":"b","accountable":"c","extra":1}', 'owners.ndjson', 7)).toThrow(
      /owners\.ndjson: line 7/,
    );
    try {
      parseRecordLine('owners', '{"scope":', 'owners.ndjson', 3);
      expect.unreachable();
    } catch (err) {
      expect((err as SrmapError).problems[0]).toMatchObject({ file: 'owners.ndjson', line: 3 });
      expect((err as SrmapError).code).toBe('SNAPSHOT_INVALID');
    }
  });

  it('parseManifest gathers every problem with its path', () => {
    const bad = { format: 'srmap-snapshot/9', id: 'x', createdAt: 'yesterday', tool: { name: 'srmap', version: '1' } };
    try {
      parseManifest(JSON.stringify(bad), 'manifest.json');
      expect.unreachable();
    } catch (err) {
      const paths = (err as SrmapError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['format', 'createdAt', 'organisation', 'files']));
    }
  });

  it('parseManifest rejects paths outside the snapshot', () => {
    const m = { format: 'srmap-snapshot/1', id: 'x', createdAt: '2026-01-01T00:00:00Z', tool: { name: 'srmap', version: '1' }, organisation: { name: 'o' }, scope: { accounts: [], regions: [] }, sources: [], gaps: [], files: [{ path: '../etc/passwd', sha256: '0'.repeat(64), bytes: 1, records: 1 }] };
    expect(() => parseManifest(JSON.stringify(m))).toThrow(/files\[0\]\.path/);
  });
});

describe('verifySnapshot', () => {
  it('reports missing, tampered, truncated and unlisted files without throwing', async () => {
    const { dir } = await writeSmall(await tempDir());
    await writeFile(join(dir, 'owners.ndjson'), '{"scope":"x","responsible":"y","accountable":"z"}\n');
    await truncate(join(dir, 'evaluations.ndjson.gz'), 100);
    await writeFile(join(dir, 'notes.txt'), 'hello');
    const { rm } = await import('node:fs/promises');
    await rm(join(dir, 'config-rules.ndjson'));
    const v = await verifySnapshot(dir);
    expect(v.ok).toBe(false);
    const byFile = Object.fromEntries(v.problems.map((p) => [p.file, p.message]));
    expect(byFile['owners.ndjson']).toMatch(/tampered/);
    expect(byFile['evaluations.ndjson.gz']).toMatch(/truncated/);
    expect(byFile['config-rules.ndjson']).toMatch(/missing/);
    expect(byFile['notes.txt']).toBe('not listed in the manifest: added after the snapshot was written');
    expect(v.counts.filesOk).toBe(6);
  });

  it('a snapshot whose files are all intact but which holds one file more does not verify', async () => {
    const { dir } = await writeSmall(await tempDir());
    expect((await verifySnapshot(dir)).ok).toBe(true);
    await writeFile(join(dir, '.DS_Store'), 'x');
    const v = await verifySnapshot(dir);
    expect(v.ok).toBe(false);
    expect(v.counts.filesOk).toBe(v.counts.files);
    expect(v.problems).toEqual([{ file: '.DS_Store', message: 'not listed in the manifest: added after the snapshot was written', hint: expect.stringMatching(/move the file out of the snapshot folder, or collect a new snapshot/) }]);
  });

  it('reports invalid lines; a directory without a manifest is a problem, a missing directory throws', async () => {
    const parent = await tempDir();
    const w = await openSnapshot(parent, meta);
    await w.write('evaluations', { ...evaluation(2), complianceType: 'PASSING' as never });
    await w.commit();
    const v = await verifySnapshot(join(parent, 'snap-1'));
    expect(v.problems).toEqual([expect.objectContaining({ file: 'evaluations.ndjson.gz', line: 1, path: 'complianceType' })]);

    const { rm } = await import('node:fs/promises');
    await rm(join(parent, 'snap-1', 'manifest.json'));
    const v2 = await verifySnapshot(join(parent, 'snap-1'));
    expect(v2.ok).toBe(false);
    expect(v2.problems[0]?.file).toBe('manifest.json');

    await expectSrmapError(verifySnapshot(join(parent, 'nope')), 'SNAPSHOT_NOT_FOUND');
  });
});
