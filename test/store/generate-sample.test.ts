import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RECORD_FILES } from '../../src/domain/snapshot.js';
import { REQUIRED_RECORD_KINDS } from '../../src/store/snapshot-format.js';
import type { SnapshotManifest } from '../../src/domain/snapshot.js';
import type { ComplianceType } from '../../src/domain/status.js';
import { readAll, readManifest, readRecords } from '../../src/store/read-snapshot.js';
import { verifySnapshot } from '../../src/store/verify-snapshot.js';
import {
  ALL_COMPLIANT,
  BASTION_SG,
  EXCEPTED,
  FAILING,
  GAP_PAIR,
  INSUFFICIENT_ONLY,
  generateSample,
  publicAssetsBucket,
} from '../../src/tools/sample/generate.js';
import { tempDir } from './helpers.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FILES = ['manifest.json', ...REQUIRED_RECORD_KINDS.map((k) => RECORD_FILES[k])].sort();

async function files(dir: string): Promise<Map<string, Buffer>> {
  return new Map(await Promise.all(FILES.map(async (f) => [f, await readFile(join(dir, f))] as const)));
}

describe('src/tools/sample generateSample', () => {
  it('same seed and options give identical bytes', async () => {
    const a = join(await tempDir(), 'a');
    const b = join(await tempDir(), 'b');
    await generateSample({ outDir: a });
    await generateSample({ outDir: b });
    const fa = await files(a);
    const fb = await files(b);
    for (const f of FILES) expect(fa.get(f)!.equals(fb.get(f)!), f).toBe(true);
    const other = join(await tempDir(), 'c');
    await generateSample({ outDir: other, seed: 7 });
    expect((await files(other)).get('evaluations.ndjson.gz')!.equals(fa.get('evaluations.ndjson.gz')!)).toBe(false);
  });

  it.each([
    ['evidence/sample', 'current'],
    ['evidence/sample-previous', 'previous'],
  ] as const)('the committed %s is what the generator writes', async (path, quarter) => {
    const fresh = join(await tempDir(), path.split('/').at(-1) ?? 'sample');
    await generateSample({ outDir: fresh, quarter });
    const shipped = join(root, path);
    const a = await files(shipped);
    const b = await files(fresh);
    // Record files byte for byte; the gzip'd one by content (deflate output may differ across
    // zlib builds), and the manifest apart from that file's sha256 and size.
    for (const f of FILES) {
      if (f === 'manifest.json') continue;
      if (f.endsWith('.gz')) expect(gunzipSync(a.get(f)!).equals(gunzipSync(b.get(f)!)), `${f} content`).toBe(true);
      else expect(a.get(f)!.equals(b.get(f)!), `${f} drifted: run npm run sample`).toBe(true);
    }
    const strip = (m: SnapshotManifest): SnapshotManifest => ({
      ...m,
      files: m.files.map((f) => (f.path.endsWith('.gz') ? { ...f, sha256: '', bytes: 0 } : f)),
    });
    expect(strip(await readManifest(shipped))).toEqual(strip(await readManifest(fresh)));
    expect((await verifySnapshot(shipped)).ok).toBe(true);
  });

  it('the shipped sample is small, fictional and shows every pattern', async () => {
    const dir = join(root, 'evidence/sample');
    const manifest = await readManifest(dir);
    expect(manifest.files.reduce((n, f) => n + f.bytes, 0)).toBeLessThan(2_000_000);
    expect(manifest.organisation.fictional).toBe(true);
    // A stopped recorder is a recorder gap, not a missing permission: a read-only collector never starts one.
    expect(manifest.gaps).toEqual([expect.objectContaining({ source: 'aws-config', ...GAP_PAIR, code: 'RecorderNotRecording' })]);
    expect(manifest.gaps[0]?.action).toBeUndefined();
    expect(manifest.sources.filter((s) => s.source === 'aws-config' && s.status === 'collected')).toHaveLength(5);

    const byId = new Map<string, Record<ComplianceType, number>>();
    let total = 0;
    for await (const e of readRecords(dir, manifest, 'evaluations')) {
      total++;
      expect(e.account === GAP_PAIR.account && e.region === GAP_PAIR.region).toBe(false);
      const c = byId.get(e.sourceIdentifier) ?? { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
      c[e.complianceType]++;
      byId.set(e.sourceIdentifier, c);
      if (e.sourceIdentifier === EXCEPTED && e.complianceType === 'NON_COMPLIANT') expect(e.resourceId).toBe(publicAssetsBucket());
      if (e.sourceIdentifier === 'INCOMING_SSH_DISABLED' && e.resourceId === BASTION_SG) expect(e.complianceType).toBe('NON_COMPLIANT');
    }
    expect(total).toBeGreaterThanOrEqual(3000);
    expect(total).toBeLessThanOrEqual(6000);
    for (const id of ALL_COMPLIANT) expect(byId.get(id), id).toMatchObject({ NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 });
    for (const id of ALL_COMPLIANT) expect(byId.get(id)!.COMPLIANT, id).toBeGreaterThan(0);
    for (const id of INSUFFICIENT_ONLY) expect(byId.get(id), id).toMatchObject({ COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 });
    for (const id of Object.keys(FAILING)) expect(byId.get(id)!.NON_COMPLIANT, id).toBeGreaterThan(0);
    expect(byId.get(EXCEPTED)!.NON_COMPLIANT).toBe(1);
    for (const id of ['REDSHIFT_CLUSTER_KMS_ENABLED', 'EMR_KERBEROS_ENABLED', 'OPENSEARCH_IN_VPC_ONLY', 'ELASTICSEARCH_IN_VPC_ONLY']) {
      expect(byId.get(id), id).toMatchObject({ COMPLIANT: 0, NON_COMPLIANT: 0, INSUFFICIENT_DATA: 0 });
    }

    const counts = await readAll(dir, manifest, 'resourceCounts');
    for (const t of ['AWS::Redshift::Cluster', 'AWS::EMR::Cluster', 'AWS::OpenSearch::Domain']) {
      const rows = counts.filter((c) => c.resourceType === t);
      expect(rows).toHaveLength(5);
      expect(rows.every((c) => c.count === 0)).toBe(true);
    }
    const exceptions = await readAll(dir, manifest, 'exceptions');
    const day = manifest.createdAt.slice(0, 10);
    const resourceExceptions = exceptions.filter((e) => e.ruleIdentifier !== undefined);
    expect(resourceExceptions.filter((e) => e.expiresOn >= day)).toHaveLength(1);
    expect(resourceExceptions.filter((e) => e.expiresOn < day)).toHaveLength(1);
    // Requirement-level risk acceptances, both current, so the packs show accepted-risk requirements.
    expect(exceptions.filter((e) => e.requirement !== undefined && e.expiresOn >= day).map((e) => e.requirement)).toEqual([
      'pci-dss-4.0.1:11.4.1',
      'hipaa-security:164.312(a)(2)(ii)',
    ]);
  });
});
