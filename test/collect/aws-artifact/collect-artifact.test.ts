import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArtifactClient } from '../../../src/collect/aws-artifact/artifact-client.js';
import { collectArtifact } from '../../../src/collect/aws-artifact/collect-artifact.js';
import { checkDocumentUrl } from '../../../src/collect/aws-artifact/fetch-document.js';
import { importArtifactListing, readArtifactListing } from '../../../src/collect/aws-artifact/import-artifact-listing.js';
import { parseArtifactListing } from '../../../src/collect/aws-artifact/parse-artifact-listing.js';
import { SrmapError } from '../../../src/domain/errors.js';
import { readAll, readManifest } from '../../../src/store/read-snapshot.js';
import { verifySnapshot } from '../../../src/store/verify-snapshot.js';
import { openSnapshot } from '../../../src/store/write-snapshot.js';
import type { SnapshotWriter } from '../../../src/store/write-snapshot.js';
import { startFakeArtifact } from '../../helpers/fake-artifact-endpoint.js';
import type { FakeArtifactEndpoint, FakeArtifactOptions, FakeReport } from '../../helpers/fake-artifact-endpoint.js';

const creds = { accessKeyId: 'AKIDCOLLECT', secretAccessKey: 'collect-secret' };
const soc2Pdf = Buffer.from('%PDF-1.7\nAWS SOC 2 Type 2 (fake test document)\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const reports: FakeReport[] = [
  { id: 'report-Soc2New', name: 'AWS SOC 2 Type 2 Report (July 2025 - June 2026)', category: 'Certifications and Attestations', series: 'SOC', version: 2, periodStart: '2025-07-01T00:00:00Z', periodEnd: '2026-06-30T23:59:59Z', state: 'PUBLISHED', document: soc2Pdf },
  { id: 'report-Soc2Old', name: 'AWS SOC 2 Type 2 Report (April 2024 - September 2024)', category: 'Certifications and Attestations', series: 'SOC', version: 1, periodStart: '2024-04-01T00:00:00Z', periodEnd: '2024-09-30T23:59:59Z', state: 'PUBLISHED' },
  { id: 'report-Iso', name: 'AWS ISO/IEC 27001:2022 Certificate', category: 'Certifications and Attestations', series: 'ISO', version: 3, periodStart: '2025-11-13T00:00:00Z', periodEnd: '2028-11-12T23:59:59Z' },
  { id: 'report-Pci', name: 'AWS PCI DSS Attestation of Compliance (AOC) 2026', category: 'Certifications and Attestations', series: 'PCI', version: 1, periodStart: '2026-01-15T00:00:00Z', periodEnd: '2027-01-14T23:59:59Z' },
];
const agreements = [
  { id: 'agreement-baa', name: 'AWS Business Associate Addendum', type: 'STANDARD', state: 'ACTIVE', awsAccountId: '111122223333', effectiveStart: '2024-02-12T16:20:00Z' },
  { id: 'agreement-nda', name: 'AWS Nondisclosure Agreement', type: 'CUSTOM', state: 'CUSTOMER_TERMINATED', effectiveStart: '2022-05-03T09:00:00Z', effectiveEnd: '2024-05-02T23:59:59Z' },
];

const meta = { id: 'artifact-snap', createdAt: '2026-09-30T18:00:00Z', organisation: { name: 'Test Org (fictional)', fictional: true }, scope: { accounts: [], regions: [] }, toolVersion: '0.1.0' };

let fake: FakeArtifactEndpoint | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function setup(over: Partial<FakeArtifactOptions> = {}): Promise<{ writer: SnapshotWriter; client: ArtifactClient; parent: string; f: FakeArtifactEndpoint }> {
  const f = await startFakeArtifact({ credentials: creds, reports, agreements, pageSize: 2, ...over });
  fake = f;
  const parent = await mkdtemp(join(tmpdir(), 'srmap-artifact-'));
  dirs.push(parent);
  const writer = await openSnapshot(parent, meta);
  const client = new ArtifactClient({ endpoint: f.url, credentials: creds });
  return { writer, client, parent, f };
}

const now = () => new Date('2026-09-30T17:00:00.000Z');
/** srmap's retry policy with no waiting: two attempts per call. */
const retry = { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 };

describe('collectArtifact', () => {
  it('lists every page, downloads the chosen report under accepted terms (renewing an expired term token), and records who and when', async () => {
    const { writer, client, parent, f } = await setup({ expiredTermTokens: 1 });
    const summary = await collectArtifact(writer, {
      retry,
      client,
      acceptTerms: true,
      download: [{ series: '^SOC', name: 'SOC 2 Type (2|II)' }],
      downloadedBy: 'arn:aws:sts::111122223333:assumed-role/Auditor/jane',
      documents: { allowHosts: [new URL(f.url).host] },
      now,
    });
    expect(summary).toMatchObject({ reports: 4, agreements: 2, downloaded: 1, gaps: [] });
    await writer.commit();
    const dir = join(parent, meta.id);
    const manifest = await readManifest(dir);
    const stored = await readAll(dir, manifest, 'artifactReports');
    const soc2 = stored.find((r) => r.id === 'report-Soc2New');
    expect(soc2).toMatchObject({
      documentSha256: sha(soc2Pdf),
      documentFile: `artifact-${sha(soc2Pdf)}.pdf`,
      downloadedAt: '2026-09-30T17:00:00Z',
      downloadedBy: 'arn:aws:sts::111122223333:assumed-role/Auditor/jane',
      termArn: 'arn:aws:artifact:us-east-1::term/report-Soc2New',
      origin: 'api',
    });
    expect(stored.filter((r) => r.documentSha256)).toHaveLength(1);
    expect(await readFile(join(dir, `artifact-${sha(soc2Pdf)}.pdf`))).toEqual(soc2Pdf);
    expect(manifest.files.find((x) => x.path === soc2?.documentFile)).toMatchObject({ sha256: sha(soc2Pdf), records: 0 });
    expect(manifest.sources).toEqual([{ source: 'aws-artifact', status: 'collected', counts: { reports: 4, agreements: 2, documents: 1 } }]);
    expect((await readAll(dir, manifest, 'artifactAgreements')).map((a) => [a.id, a.state])).toEqual([
      ['agreement-baa', 'ACTIVE'],
      ['agreement-nda', 'CUSTOMER_TERMINATED'],
    ]);
    expect((await verifySnapshot(dir)).problems).toEqual([]);
    const ops = f.requests.map((r) => `${r.operation}:${r.status}`);
    expect(ops.filter((o) => o.startsWith('ListReports'))).toHaveLength(2);
    expect(ops.filter((o) => o.startsWith('ListCustomerAgreements'))).toHaveLength(1);
    expect(ops.filter((o) => !o.startsWith('List'))).toEqual(['GetReportMetadata:200', 'GetTermForReport:200', 'GetReport:400', 'GetTermForReport:200', 'GetReport:200']);
    expect(f.downloads).toEqual(['/documents/report-Soc2New']);
  });

  it('without accepted terms, lists only: no term, no report document', async () => {
    const { writer, client, f } = await setup();
    const summary = await collectArtifact(writer, { client, retry, now });
    expect(summary.downloaded).toBe(0);
    expect(f.requests.map((r) => r.operation).filter((o) => !o.startsWith('List'))).toEqual([]);
    await writer.abort();
  });

  it('a 403 on the report listing is a gap naming the IAM action; the agreements are still collected', async () => {
    const { writer, client, parent } = await setup();
    fake?.failNext('ListReports', { status: 403, code: 'AccessDeniedException', message: 'User is not authorized to perform: artifact:ListReports' });
    const summary = await collectArtifact(writer, { client, retry, now });
    expect(summary.gaps).toHaveLength(1);
    expect(summary.gaps[0]).toMatchObject({ source: 'aws-artifact', code: 'AccessDeniedException', action: 'artifact:ListReports' });
    expect(summary.gaps[0]?.message).toMatch(/HTTP 403.*Hint: grant artifact:ListReports/);
    const m = await writer.commit();
    expect(m.gaps).toHaveLength(1);
    expect(m.sources[0]).toMatchObject({ status: 'collected', counts: { reports: 0, agreements: 2 } });
    expect(await readAll(join(parent, meta.id), m, 'artifactReports')).toEqual([]);
  });

  it('nothing collected -> the source is a gap', async () => {
    const { writer, client } = await setup();
    fake?.failNext('ListReports', { status: 403, code: 'AccessDeniedException' });
    fake?.failNext('ListCustomerAgreements', { status: 403, code: 'AccessDeniedException' });
    const summary = await collectArtifact(writer, { client, retry, now });
    expect(summary.gaps.map((g) => g.action)).toEqual(['artifact:ListReports', 'artifact:ListCustomerAgreements']);
    const m = await writer.commit();
    expect(m.sources).toEqual([{ source: 'aws-artifact', status: 'gap' }]);
  });

  it('refuses a presigned URL that is not https to an AWS host: a gap, nothing fetched', async () => {
    const { writer, client, f } = await setup({ documentBaseUrl: 'http://attacker.example/docs/' });
    const summary = await collectArtifact(writer, { client, retry, acceptTerms: true, download: [{ series: '^SOC' }], documents: { allowHosts: [new URL(f.url).host] }, now });
    expect(summary.downloaded).toBe(0);
    expect(summary.gaps[0]).toMatchObject({ code: 'ArtifactDocumentUrlRejected', action: 'artifact:GetReport' });
    expect(summary.gaps[0]?.message).toMatch(/not https/);
    expect(f.downloads).toEqual([]);
    await writer.abort();
  });

  it('checks presigned URLs: https and *.amazonaws.com only, test hosts only when allowed', () => {
    expect(checkDocumentUrl('https://awsartifact-reports.s3.us-east-1.amazonaws.com/x.pdf?X-Amz-Signature=a')).toBeUndefined();
    expect(checkDocumentUrl('https://bucket.s3.cn-north-1.amazonaws.com.cn/x')).toBeUndefined();
    expect(checkDocumentUrl('http://bucket.s3.amazonaws.com/x')).toMatch(/not https/);
    expect(checkDocumentUrl('https://amazonaws.com.evil.example/x')).toMatch(/not an AWS host/);
    expect(checkDocumentUrl('https://evilamazonaws.com/x')).toMatch(/not an AWS host/);
    expect(checkDocumentUrl('https://u:p@bucket.s3.amazonaws.com/x')).toMatch(/user information/);
    expect(checkDocumentUrl('http://127.0.0.1:8080/x')).toMatch(/not https/);
    expect(checkDocumentUrl('http://127.0.0.1:8080/x', ['127.0.0.1:8080'])).toBeUndefined();
    expect(checkDocumentUrl('not a url')).toMatch(/not a URL/);
  });
});

describe('an Artifact listing saved by hand (--artifact-from)', () => {
  const cliOutput = {
    reports: [
      { id: 'report-abc', name: 'AWS SOC 2 Type 2 Report', category: 'Certifications and Attestations', series: 'SOC', version: 4, periodStart: '2025-07-01T00:00:00+00:00', periodEnd: '2026-06-30', companyName: 'AWS', acceptanceType: 'EXPLICIT', documentSha256: 'A'.repeat(64) },
    ],
    customerAgreements: [{ id: 'agreement-1', name: 'AWS Business Associate Addendum', type: 'STANDARD', state: 'ACTIVE', effectiveStart: '2024-02-12T16:20:00Z', organizationArn: 'arn:aws:organizations::1:organization/o-1' }],
  };

  it('reads the AWS CLI output shape into records marked as imported', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'srmap-artifact-'));
    dirs.push(parent);
    const file = join(parent, 'artifact.json');
    await writeFile(file, JSON.stringify(cliOutput, null, 2));
    const writer = await openSnapshot(parent, meta);
    const summary = await importArtifactListing(writer, await readArtifactListing(file), file);
    expect(summary).toMatchObject({ reports: 1, agreements: 1 });
    const m = await writer.commit();
    const stored = await readAll(join(parent, meta.id), m, 'artifactReports');
    expect(stored).toEqual([{ id: 'report-abc', name: 'AWS SOC 2 Type 2 Report', category: 'Certifications and Attestations', series: 'SOC', version: 4, periodStart: '2025-07-01T00:00:00Z', periodEnd: '2026-06-30T23:59:59Z', documentSha256: 'a'.repeat(64), origin: 'import' }]);
    expect(m.sources[0]).toMatchObject({ source: 'aws-artifact', status: 'collected', counts: { imported: 1 } });
  });

  it('reports every problem with its line and path', () => {
    const bad = JSON.stringify({ reports: [{ id: 'r1', name: 'SOC 2', category: 'c', series: 'SOC', version: 'one', periodStart: '2026-07-01', periodEnd: '2026-06-30' }, { id: 'r2', name: 'x', category: 'c', series: 'SOC', version: 1, periodStart: 'last year', periodEnd: '2026-06-30' }] }, null, 2);
    let err: unknown;
    try {
      parseArtifactListing(bad, 'artifact.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SrmapError);
    const problems = (err as SrmapError).problems;
    expect(problems.map((p) => p.path)).toEqual(['reports[0].version', 'reports[1].periodStart']);
    expect(problems.every((p) => p.file === 'artifact.json' && typeof p.line === 'number' && p.hint?.includes('README'))).toBe(true);
    expect(problems[0]?.line).toBe(8); // the "version" line
    expect(() => parseArtifactListing('{"reports":[{"id":"r","name":"n","category":"c","series":"s","version":1,"periodStart":"2026-07-01","periodEnd":"2026-06-30"}]}', 'a.json')).toThrow(/not a valid AWS Artifact listing/);
    expect(() => parseArtifactListing('{}', 'a.json')).toThrow(SrmapError);
  });
});
