/**
 * srmap collect --artifact-only / --artifact-from end to end, as a user runs them: the CLI as a
 * child process, the Artifact client pointed at the local endpoint by AWS_ENDPOINT_URL_ARTIFACT,
 * static credentials from the environment; then srmap verify and srmap report on the snapshot.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll, readManifest } from '../../../src/store/read-snapshot.js';
import { startFakeArtifact } from '../../helpers/fake-artifact-endpoint.js';
import { startFakeAws } from '../../helpers/fake-config-endpoint.js';
import type { FakeAws } from '../../helpers/fake-config-endpoint.js';
import type { FakeArtifactEndpoint, FakeReport } from '../../helpers/fake-artifact-endpoint.js';
import { runSrmap, runSrmapInProcess } from '../../helpers/run-srmap.js';

const creds = { accessKeyId: 'AKIDARTIFACTCLI', secretAccessKey: 'artifact-cli-secret' };
const cat = 'Certifications and Attestations';
const doc = (s: string) => Buffer.from(`%PDF-1.7\n${s} (fake test document)\n%%EOF\n`);
const reports: FakeReport[] = [
  { id: 'report-Soc2', name: 'AWS SOC 2 Type 2 Report (July 2025 - June 2026)', category: cat, series: 'SOC', version: 1, periodStart: '2025-07-01T00:00:00Z', periodEnd: '2026-06-30T23:59:59Z', document: doc('SOC 2') },
  { id: 'report-Soc1', name: 'AWS SOC 1 Type 2 Report (July 2025 - June 2026)', category: cat, series: 'SOC', version: 1, periodStart: '2025-07-01T00:00:00Z', periodEnd: '2026-06-30T23:59:59Z', document: doc('SOC 1') },
  { id: 'report-PciAoc', name: 'AWS PCI DSS Attestation of Compliance (AOC) 2026', category: cat, series: 'PCI', version: 1, periodStart: '2026-01-15T00:00:00Z', periodEnd: '2027-01-14T23:59:59Z', document: doc('AOC') },
  { id: 'report-PciResp', name: 'AWS PCI DSS Responsibility Summary 2026', category: cat, series: 'PCI', version: 1, periodStart: '2026-01-15T00:00:00Z', periodEnd: '2027-01-14T23:59:59Z', document: doc('Responsibility') },
  // Stale: the period ended more than 12 months before the collection.
  { id: 'report-IsoCert', name: 'AWS ISO/IEC 27001:2013 Certificate', category: cat, series: 'ISO', version: 2, periodStart: '2022-11-13T00:00:00Z', periodEnd: '2024-11-12T23:59:59Z', document: doc('ISO cert') },
];
const agreements = [{ id: 'agreement-baa', name: 'AWS Business Associate Addendum', type: 'STANDARD', state: 'ACTIVE', awsAccountId: '111122223333', effectiveStart: '2024-02-12T16:20:00Z' }];

let work: string;
let fake: FakeArtifactEndpoint;
/** STS only: who is downloading (--artifact-only has no Config run to say it). */
let sts: FakeAws;
let env: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-artifact-cli-'));
  fake = await startFakeArtifact({ credentials: creds, reports, agreements, pageSize: 2 });
  sts = await startFakeAws({ regions: [], accounts: { [creds.accessKeyId]: '111122223333' } });
  env = {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_ARTIFACT: fake.url,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_CONFIG_FILE: '/nonexistent/srmap-test-aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/srmap-test-aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SRMAP_RETRY_BASE_MS: '2',
    SRMAP_TEST_ONLY_ARTIFACT_DOCUMENT_HOSTS: new URL(fake.url).host,
  };
});
afterAll(async () => {
  await fake.stop();
  await sts.close();
  await rm(work, { recursive: true, force: true });
});

const caller = 'arn:aws:iam::111122223333:user/srmap-collector';
const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('srmap collect --artifact-only', () => {
  it('lists reports and agreements, downloads the relied-upon reports under accepted terms, and the snapshot verifies', async () => {
    const out = join(work, 'snapshots', 'artifact');
    const run = await runSrmap(['collect', '--artifact-only', '--accept-artifact-terms', '--out', out, '--organisation', 'Test Org (fictional)'], { env });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(lastLine(run.stdout)).toBe(out);
    // SOC 2, AOC, responsibility summary, the (stale) ISO certificate: the kinds the catalog relies on. Not SOC 1.
    expect(run.stdout).toMatch(/AWS Artifact: 5 reports, 1 agreements, 4 documents downloaded/);
    expect(fake.downloads.sort()).toEqual(['/documents/report-IsoCert', '/documents/report-PciAoc', '/documents/report-PciResp', '/documents/report-Soc2']);

    const m = await readManifest(out);
    const stored = await readAll(out, m, 'artifactReports');
    const soc2 = stored.find((r) => r.id === 'report-Soc2');
    expect(soc2?.documentSha256).toBe(sha(doc('SOC 2')));
    expect(soc2?.downloadedBy).toBe(caller);
    expect(stored.find((r) => r.id === 'report-Soc1')?.documentSha256).toBeUndefined();
    const text = await readFile(join(out, 'manifest.json'), 'utf8') + (await readFile(join(out, 'artifact-reports.ndjson'), 'utf8'));
    expect(text).not.toContain(creds.secretAccessKey);
    expect(text).not.toContain(creds.accessKeyId);

    const verify = await runSrmapInProcess(['verify', out]);
    expect(verify.code).toBe(0);

    // The pack built from it cites each attestation (the stale ISO certificate flagged), never embeds the documents.
    const pack = join(work, 'pack');
    const report = await runSrmap(['report', '--snapshot', out, '--out', pack, '--framework', 'hipaa-security', '--quiet']);
    expect(report.code).toBe(0);
    const rows = parse(await readFile(join(pack, 'hipaa-security', 'attestations.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    const byKind = new Map(rows.map((r) => [r.attestation_kind, r]));
    expect(byKind.get('aws-soc2-type2')).toMatchObject({ standing: 'current', id: 'report-Soc2', document_sha256: sha(doc('SOC 2')), downloaded_by: caller, origin: 'api' });
    expect(byKind.get('aws-iso27001-certificate')).toMatchObject({ standing: 'stale', id: 'report-IsoCert', period_end: '2024-11-12' });
    expect(byKind.get('aws-hipaa-baa')).toMatchObject({ standing: 'current', id: 'agreement-baa', version_or_state: 'ACTIVE' });
    expect(rows.every((r) => Number(r.requirement_count) > 0)).toBe(true);
    const packFiles = JSON.parse(await readFile(join(pack, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
    expect(packFiles.files.map((f) => f.sha256)).not.toContain(sha(doc('SOC 2')));
    expect(packFiles.files.some((f) => f.path.startsWith('artifact-'))).toBe(false);
  });

  it('when the caller cannot be identified, the downloads are recorded as by "unknown" and the progress says why', async () => {
    const out = join(work, 'snapshots', 'no-sts');
    const run = await runSrmapInProcess(['collect', '--artifact-only', '--accept-artifact-terms', '--out', out], { env: { ...env, AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/could not identify the caller \(sts:GetCallerIdentity: \w+\); downloads are recorded as by "unknown"/);
    const stored = await readAll(out, await readManifest(out), 'artifactReports');
    expect(stored.filter((r) => r.documentSha256).map((r) => r.downloadedBy)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('a listing saved by hand with a mistake: exit 2, the file, line and field named', async () => {
    const file = join(work, 'listing.json');
    await writeFile(file, JSON.stringify({ reports: [{ id: 'r', name: 'AWS SOC 2 Type 2 Report', category: cat, series: 'SOC', version: 1, periodStart: '2025-07-01', periodEnd: 'June 2026' }] }, null, 2));
    const run = await runSrmapInProcess(['collect', '--artifact-only', '--artifact-from', file, '--out', join(work, 'snapshots', 'bad')], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: line 10, column`);
    expect(run.stderr).toContain('reports[0].periodEnd');
    // With AWS Config too, the listing is checked before any AWS call (none is reachable here).
    const withConfig = await runSrmapInProcess(['collect', '--artifact-from', file, '--out', join(work, 'snapshots', 'bad2')], { env: { ...env, AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_CONFIG_SERVICE: 'http://127.0.0.1:9' } });
    expect(withConfig.code).toBe(2);
    expect(withConfig.stderr).toContain('ARTIFACT_LISTING_INVALID');
  });

  it('--accept-artifact-terms alone is a usage error', async () => {
    const run = await runSrmapInProcess(['collect', '--accept-artifact-terms', '--out', join(work, 'snapshots', 'usage')], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs --artifact/);
  });
});
