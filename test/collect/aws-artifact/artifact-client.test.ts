import { afterEach, describe, expect, it } from 'vitest';
import {
  ArtifactClient,
  ArtifactServiceException,
  GetReportCommand,
  GetReportMetadataCommand,
  GetTermForReportCommand,
  ListCustomerAgreementsCommand,
  ListReportsCommand,
  resolveArtifactEndpoint,
} from '../../../src/collect/aws-artifact/artifact-client.js';
import { paginate } from '../../../src/collect/collect-paging.js';
import { withRetries } from '../../../src/collect/collect-retry.js';
import { signingKey, startFakeArtifact, verifySigV4 } from '../../helpers/fake-artifact-endpoint.js';
import type { FakeArtifactEndpoint, FakeReport } from '../../helpers/fake-artifact-endpoint.js';

const creds = { accessKeyId: 'AKIDTESTARTIFACT', secretAccessKey: 'test/secret+key', sessionToken: 'session-token-1' };

const reports: FakeReport[] = Array.from({ length: 5 }, (_, i) => ({
  id: `report-Ab${i}`,
  name: `AWS Report ${i}`,
  category: 'Certifications and Attestations',
  series: i % 2 === 0 ? 'SOC' : 'ISO',
  version: i + 1,
  periodStart: '2025-07-01T00:00:00Z',
  periodEnd: '2026-06-30T23:59:59Z',
  state: 'PUBLISHED',
}));

let fake: FakeArtifactEndpoint | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

function clientFor(f: FakeArtifactEndpoint, over: Partial<ConstructorParameters<typeof ArtifactClient>[0]> = {}): ArtifactClient {
  return new ArtifactClient({ endpoint: f.url, credentials: creds, ...over });
}

/** srmap's one retry policy around a call, with the waits recorded instead of slept. */
function retried<T>(fn: () => Promise<T>, sleeps: number[], maxDelayMs = 30_000): Promise<T> {
  return withRetries(fn, { maxAttempts: 3, baseDelayMs: 200, maxDelayMs }, { sleep: async (ms) => void sleeps.push(ms) });
}

describe('the fake endpoint verifies SigV4 on its own', () => {
  // AWS SigV4 test suite, "get-vanilla": GET / on example.amazonaws.com, service "service".
  const vanilla = {
    method: 'GET',
    rawUrl: '/',
    headers: {
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    },
  };
  const exampleCreds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

  it('accepts the published test vector, with its canonical request and string to sign', () => {
    const check = verifySigV4(vanilla, exampleCreds, { region: 'us-east-1', service: 'service' });
    expect(check.reason).toBeUndefined();
    expect(check.ok).toBe(true);
    expect(check.canonicalRequest).toBe('GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(check.stringToSign).toBe('AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63');
    // The signing-key example of the SigV4 documentation (date 20120215, service iam).
    expect(signingKey(exampleCreds.secretAccessKey, '20120215', 'us-east-1', 'iam').toString('hex')).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });

  it('rejects a changed query, header or secret', () => {
    expect(verifySigV4({ ...vanilla, rawUrl: '/?a=1' }, exampleCreds, { region: 'us-east-1', service: 'service' }).ok).toBe(false);
    expect(verifySigV4({ ...vanilla, headers: { ...vanilla.headers, host: 'other.amazonaws.com' } }, exampleCreds, { region: 'us-east-1', service: 'service' }).ok).toBe(false);
    expect(verifySigV4(vanilla, { ...exampleCreds, secretAccessKey: 'x' }, { region: 'us-east-1', service: 'service' }).ok).toBe(false);
    expect(verifySigV4(vanilla, exampleCreds, { region: 'us-east-1', service: 'artifact' }).reason).toMatch(/service/);
  });
});

describe('ArtifactClient against the local endpoint', () => {
  it('signs every call for service artifact and paginates ListReports to the end', async () => {
    fake = await startFakeArtifact({ credentials: creds, reports, pageSize: 2 });
    const client = clientFor(fake);
    const seen: string[] = [];
    await paginate(
      'ListReports',
      { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      async (token) => {
        const out = await client.send(new ListReportsCommand({ maxResults: 2, ...(token ? { nextToken: token } : {}) }));
        return { items: out.reports, next: out.nextToken };
      },
      (items) => void seen.push(...items.map((r) => r.id ?? '')),
    );
    expect(seen).toEqual(reports.map((r) => r.id));
    expect(fake.requests.map((r) => [r.operation, r.query.nextToken ?? '', r.status])).toEqual([
      ['ListReports', '', 200],
      ['ListReports', 'page-2', 200],
      ['ListReports', 'page-4', 200],
    ]);
    for (const r of fake.requests) {
      expect(r.signature?.ok).toBe(true);
      expect(r.signature?.scope).toMatch(/^\d{8}\/us-east-1\/artifact\/aws4_request$/);
      expect(r.signature?.signedHeaders).toContain('x-amz-security-token');
    }
    const first = fake.requests[0]?.signature?.canonicalRequest ?? '';
    expect(first.split('\n').slice(0, 3)).toEqual(['GET', '/v1/report/list', 'maxResults=2']);
  });

  it('parses timestamps to Date, and signs a term token full of reserved characters', async () => {
    fake = await startFakeArtifact({ credentials: creds, reports });
    const client = clientFor(fake);
    const meta = await client.send(new GetReportMetadataCommand({ reportId: 'report-Ab1', reportVersion: 2 }));
    expect(meta.reportDetails?.periodEnd).toEqual(new Date('2026-06-30T23:59:59Z'));
    expect(meta.reportDetails?.termArn).toContain('term/report-Ab1');
    const term = await client.send(new GetTermForReportCommand({ reportId: 'report-Ab1', reportVersion: 2 }));
    expect(term.termToken).toMatch(/[+/=]/);
    const got = await client.send(new GetReportCommand({ reportId: 'report-Ab1', reportVersion: 2, termToken: term.termToken ?? '' }));
    expect(got.documentPresignedUrl).toContain('/documents/report-Ab1');
    expect(fake.requests.every((r) => r.signature?.ok)).toBe(true);
  });

  it('paginates ListCustomerAgreements', async () => {
    const agreements = Array.from({ length: 3 }, (_, i) => ({ id: `agreement-${i}`, name: `Agreement ${i}`, type: 'STANDARD', state: 'ACTIVE', effectiveStart: '2024-01-01T00:00:00Z' }));
    fake = await startFakeArtifact({ credentials: creds, agreements, pageSize: 2 });
    const out: string[] = [];
    const client = clientFor(fake);
    await paginate(
      'ListCustomerAgreements',
      { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      async (token) => {
        const page = await client.send(new ListCustomerAgreementsCommand(token ? { nextToken: token } : {}));
        return { items: page.customerAgreements, next: page.nextToken };
      },
      (items) => void out.push(...items.map((a) => a.id ?? '')),
    );
    expect(out).toEqual(['agreement-0', 'agreement-1', 'agreement-2']);
  });

  it('one attempt per call; srmap\'s retry policy retries a 429 after the Retry-After the service asked for', async () => {
    fake = await startFakeArtifact({ credentials: creds, reports });
    fake.failNext('ListReports', { status: 429, code: 'ThrottlingException', message: 'Rate exceeded', retryAfter: '2' });
    const once = (await clientFor(fake).send(new ListReportsCommand({})).catch((e: unknown) => e)) as ArtifactServiceException;
    expect(once).toMatchObject({ name: 'ThrottlingException', retryAfterSeconds: 2, $retryable: { throttling: true } });
    fake.failNext('ListReports', { status: 429, code: 'ThrottlingException', message: 'Rate exceeded', retryAfter: '2' });
    const sleeps: number[] = [];
    const client = clientFor(fake);
    const out = await retried(() => client.send(new ListReportsCommand({})), sleeps);
    expect(out.reports).toHaveLength(5);
    expect(sleeps).toEqual([2000]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('caps a long Retry-After, and gives up on 5xx after maxAttempts with the AWS error code', async () => {
    fake = await startFakeArtifact({ credentials: creds, reports });
    fake.failNext('ListReports', { status: 500, code: 'InternalServerException', retryAfter: '3600', times: 3 });
    const sleeps: number[] = [];
    const client = clientFor(fake);
    const err = await retried(() => client.send(new ListReportsCommand({})), sleeps, 5000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactServiceException);
    expect((err as ArtifactServiceException).name).toBe('InternalServerException');
    expect((err as ArtifactServiceException).$metadata).toMatchObject({ httpStatusCode: 500 });
    expect(sleeps).toEqual([5000, 5000]);
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry a 403: AccessDeniedException from x-amzn-ErrorType', async () => {
    fake = await startFakeArtifact({ credentials: creds, reports });
    fake.failNext('ListReports', { status: 403, code: 'AccessDeniedException', message: 'User is not authorized to perform: artifact:ListReports' });
    const sleeps: number[] = [];
    const client = clientFor(fake);
    const err = (await retried(() => client.send(new ListReportsCommand({})), sleeps).catch((e: unknown) => e)) as ArtifactServiceException;
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toContain('artifact:ListReports');
    expect(err.$fault).toBe('client');
    expect(sleeps).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('a wrong secret is refused by the endpoint (the check can fail)', async () => {
    fake = await startFakeArtifact({ credentials: creds, reports });
    const err = (await clientFor(fake, { credentials: { ...creds, secretAccessKey: 'wrong' } }).send(new ListReportsCommand({})).catch((e: unknown) => e)) as ArtifactServiceException;
    expect(err.name).toBe('InvalidSignatureException');
    expect(fake.requests[0]?.signature?.reason).toBe('signature does not match');
  });

  it('takes its endpoint from AWS_ENDPOINT_URL_ARTIFACT, then AWS_ENDPOINT_URL, then the default', () => {
    expect(resolveArtifactEndpoint({ env: { AWS_ENDPOINT_URL_ARTIFACT: 'http://127.0.0.1:9/', AWS_ENDPOINT_URL: 'http://127.0.0.1:8' } }).href).toBe('http://127.0.0.1:9/');
    expect(resolveArtifactEndpoint({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:8' } }).href).toBe('http://127.0.0.1:8/');
    expect(resolveArtifactEndpoint({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:8', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } }).href).toBe('https://artifact.us-east-1.amazonaws.com/');
    expect(resolveArtifactEndpoint({ env: {}, endpoint: 'http://localhost:7' }).host).toBe('localhost:7');
  });
});
