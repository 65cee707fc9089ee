/**
 * A local AWS Artifact endpoint for tests: speaks restJson1 over HTTP on 127.0.0.1 and checks every
 * request's SigV4 signature with its own implementation (node:crypto only, nothing from the
 * signer under test): canonical request, string to sign, signing key, signature. A request that
 * does not verify gets 403 InvalidSignatureException, as AWS answers.
 *
 * Scripted faults (`failNext`) answer the next calls of an operation with an error status, AWS
 * error code and optional Retry-After. Term tokens can be issued already expired. Report documents
 * are served from /documents/<id> (the "presigned URL": unsigned GET).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Request {
  method: string;
  /** Path and query exactly as received, e.g. `/v1/report/list?maxResults=2`. */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body?: Buffer;
}

export interface SigV4Check {
  ok: boolean;
  reason?: string;
  canonicalRequest?: string;
  stringToSign?: string;
  /** Credential scope from the Authorization header: date/region/service/aws4_request. */
  scope?: string;
  signedHeaders?: string[];
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 unreserved characters stay, everything else is %XX (upper-case hex). */
function uriEncode(s: string): string {
  return Array.from(Buffer.from(s, 'utf8'))
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** The SigV4 signing key: HMAC chain over date, region, service and "aws4_request". */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** Verify a request's SigV4 Authorization header (header-based signing, non-S3 path rules). */
export function verifySigV4(req: SigV4Request, creds: FakeCredentials, expect: { region: string; service: string; now?: Date; maxSkewMinutes?: number }): SigV4Check {
  const auth = headerValue(req.headers, 'authorization');
  if (!auth) return { ok: false, reason: 'no Authorization header' };
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { ok: false, reason: `malformed Authorization header: ${auth}` };
  const [, akid, date, region, service, signedHeaderList, signature] = m as unknown as [string, string, string, string, string, string, string];
  const scope = `${date}/${region}/${service}/aws4_request`;
  const signedHeaders = signedHeaderList.split(';');
  const fail = (reason: string): SigV4Check => ({ ok: false, reason, scope, signedHeaders });
  if (akid !== creds.accessKeyId) return fail(`unknown access key ${akid}`);
  if (service !== expect.service) return fail(`signed for service ${service}, expected ${expect.service}`);
  if (region !== expect.region) return fail(`signed for region ${region}, expected ${expect.region}`);
  const amzDate = headerValue(req.headers, 'x-amz-date');
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) return fail('missing or malformed X-Amz-Date');
  if (!amzDate.startsWith(date)) return fail('X-Amz-Date does not match the credential scope date');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) return fail('host and x-amz-date must be signed');
  if ([...signedHeaders].sort().join(';') !== signedHeaderList) return fail('SignedHeaders is not sorted');
  if (creds.sessionToken !== undefined) {
    if (headerValue(req.headers, 'x-amz-security-token') !== creds.sessionToken) return fail('missing or wrong X-Amz-Security-Token');
    if (!signedHeaders.includes('x-amz-security-token')) return fail('X-Amz-Security-Token is not signed');
  }
  if (expect.now) {
    const t = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
    if (Math.abs(t - expect.now.getTime()) > (expect.maxSkewMinutes ?? 15) * 60_000) return fail('request time too skewed');
  }

  const q = req.rawUrl.indexOf('?');
  const rawPath = q === -1 ? req.rawUrl : req.rawUrl.slice(0, q);
  const rawQuery = q === -1 ? '' : req.rawUrl.slice(q + 1);
  // Non-S3: each path segment is encoded twice; the raw path is the once-encoded form.
  const canonicalUri = rawPath.split('/').map((seg) => uriEncode(seg)).join('/') || '/';
  const pairs = rawQuery === ''
    ? []
    : rawQuery.split('&').map((p) => {
        const eq = p.indexOf('=');
        const k = decodeURIComponent(eq === -1 ? p : p.slice(0, eq));
        const v = eq === -1 ? '' : decodeURIComponent(p.slice(eq + 1));
        return [uriEncode(k), uriEncode(v)] as const;
      });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const canonicalQuery = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const missing = signedHeaders.filter((h) => headerValue(req.headers, h) === undefined);
  if (missing.length > 0) return fail(`signed header(s) not sent: ${missing.join(', ')}`);
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${(headerValue(req.headers, h) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payloadHash = headerValue(req.headers, 'x-amz-content-sha256') ?? sha256Hex(req.body ?? Buffer.alloc(0));
  const canonicalRequest = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const expected = createHmac('sha256', signingKey(creds.secretAccessKey, date, region, service)).update(stringToSign, 'utf8').digest('hex');
  const ok = timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return { ok, ...(ok ? {} : { reason: 'signature does not match' }), canonicalRequest, stringToSign, scope, signedHeaders };
}

// ---------------------------------------------------------------------------------------------

export interface FakeReport {
  id: string;
  name: string;
  category: string;
  series: string;
  version: number;
  periodStart: string;
  periodEnd: string;
  state?: string;
  description?: string;
  arn?: string;
  /** Served at the presigned URL when set. */
  document?: Buffer;
}

export interface FakeAgreement {
  id: string;
  name: string;
  type: string;
  state: string;
  awsAccountId?: string;
  effectiveStart: string;
  effectiveEnd?: string;
  description?: string;
}

export interface ScriptedFault {
  status: number;
  code: string;
  message?: string;
  retryAfter?: string;
  /** How many calls it answers (default 1). */
  times?: number;
}

export interface LoggedRequest {
  operation: string;
  query: Record<string, string>;
  status: number;
  signature: SigV4Check | undefined;
}

export interface FakeArtifactOptions {
  credentials: FakeCredentials;
  region?: string;
  reports?: FakeReport[];
  agreements?: FakeAgreement[];
  /** Page size when the request gives no maxResults (and the upper bound). */
  pageSize?: number;
  /** The first N term tokens issued are already expired when GetReport sees them. */
  expiredTermTokens?: number;
  /** Where presigned URLs point (default this server's /documents/). */
  documentBaseUrl?: string;
}

const OPERATIONS: Record<string, string> = {
  '/v1/report/list': 'ListReports',
  '/v1/report/getMetadata': 'GetReportMetadata',
  '/v1/report/getTermForReport': 'GetTermForReport',
  '/v1/report/get': 'GetReport',
  '/v1/customer-agreement/list': 'ListCustomerAgreements',
};

export class FakeArtifactEndpoint {
  readonly requests: LoggedRequest[] = [];
  /** Document downloads seen (paths). */
  readonly downloads: string[] = [];
  private server: Server | undefined;
  private readonly faults = new Map<string, ScriptedFault[]>();
  private termCounter = 0;
  private readonly expiredTokens = new Set<string>();
  private readonly validTokens = new Map<string, string>();

  constructor(readonly options: FakeArtifactOptions) {}

  get url(): string {
    const a = this.server?.address() as AddressInfo | undefined;
    if (!a) throw new Error('fake Artifact endpoint not started');
    return `http://127.0.0.1:${a.port}`;
  }

  /** Answer the next call(s) of `operation` with an error. */
  failNext(operation: string, fault: ScriptedFault): void {
    const list = this.faults.get(operation) ?? [];
    for (let i = 0; i < (fault.times ?? 1); i++) list.push(fault);
    this.faults.set(operation, list);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': `req-${this.requests.length}`, ...headers });
    res.end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
    this.send(res, status, { message }, { 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazonaws.artifact/`, ...extra });
  }

  private handle(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/documents/')) {
      this.downloads.push(url.pathname);
      const id = decodeURIComponent(url.pathname.slice('/documents/'.length));
      const doc = this.options.reports?.find((r) => r.id === id)?.document;
      if (req.headers.authorization) {
        res.writeHead(400).end('presigned URLs take no Authorization header');
        return;
      }
      if (!doc) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(doc);
      return;
    }
    const operation = OPERATIONS[url.pathname] ?? `unknown ${url.pathname}`;
    const query = Object.fromEntries(url.searchParams.entries());
    const signature = verifySigV4({ method: req.method ?? 'GET', rawUrl: req.url ?? '/', headers: req.headers, body }, this.options.credentials, { region: this.options.region ?? 'us-east-1', service: 'artifact', now: new Date() });
    const log = (status: number) => this.requests.push({ operation, query, status, signature });
    if (!signature.ok) {
      log(403);
      this.error(res, 403, 'InvalidSignatureException', `The request signature we calculated does not match the signature you provided: ${signature.reason ?? ''}`);
      return;
    }
    const fault = this.faults.get(operation)?.shift();
    if (fault) {
      log(fault.status);
      this.error(res, fault.status, fault.code, fault.message ?? fault.code, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
      return;
    }
    const reports = this.options.reports ?? [];
    const findReport = () => reports.find((r) => r.id === query.reportId && (query.reportVersion === undefined || String(r.version) === query.reportVersion));
    const summary = (r: FakeReport) => {
      const { document: _doc, ...rest } = r;
      return { ...rest, arn: r.arn ?? `arn:aws:artifact:us-east-1::report/${r.id}:${r.version}`, acceptanceType: 'EXPLICIT' };
    };
    // ListReports / ListCustomerAgreements: maxResults "Valid Range: Minimum value of 1. Maximum value
    // of 300" (API reference); a value outside it is a ValidationException. The page size when it is
    // omitted is not documented: this fake then answers 25 (or options.pageSize), never more.
    if (query.maxResults !== undefined && !(/^\d+$/.test(query.maxResults) && Number(query.maxResults) >= 1 && Number(query.maxResults) <= 300)) {
      log(400);
      return this.error(res, 400, 'ValidationException', `1 validation error detected: Value '${query.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 300`);
    }
    const page = <T>(items: T[]): { items: T[]; nextToken?: string } => {
      const size = Math.min(Number(query.maxResults ?? this.options.pageSize ?? 25), this.options.pageSize ?? 300);
      const start = Number(query.nextToken?.replace('page-', '') ?? 0);
      const next = start + size;
      return { items: items.slice(start, next), ...(next < items.length ? { nextToken: `page-${next}` } : {}) };
    };
    switch (operation) {
      case 'ListReports': {
        const p = page(reports.map(summary));
        log(200);
        this.send(res, 200, { reports: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
        return;
      }
      case 'ListCustomerAgreements': {
        const p = page(this.options.agreements ?? []);
        log(200);
        this.send(res, 200, { customerAgreements: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
        return;
      }
      case 'GetReportMetadata': {
        const r = findReport();
        log(r ? 200 : 404);
        if (!r) return this.error(res, 404, 'ResourceNotFoundException', `Report ${query.reportId} not found`);
        this.send(res, 200, { reportDetails: { ...summary(r), termArn: `arn:aws:artifact:us-east-1::term/${r.id}`, createdAt: r.periodEnd, lastModifiedAt: r.periodEnd } });
        return;
      }
      case 'GetTermForReport': {
        const r = findReport();
        log(r ? 200 : 404);
        if (!r) return this.error(res, 404, 'ResourceNotFoundException', `Report ${query.reportId} not found`);
        const token = `term+${++this.termCounter}/${r.id}=`;
        if (this.termCounter <= (this.options.expiredTermTokens ?? 0)) this.expiredTokens.add(token);
        this.validTokens.set(token, r.id);
        this.send(res, 200, { termToken: token, documentPresignedUrl: `${this.url}/terms/${encodeURIComponent(r.id)}` });
        return;
      }
      case 'GetReport': {
        const r = findReport();
        const token = query.termToken ?? '';
        if (!r) {
          log(404);
          return this.error(res, 404, 'ResourceNotFoundException', `Report ${query.reportId} not found`);
        }
        if (this.validTokens.get(token) !== r.id) {
          log(400);
          return this.error(res, 400, 'ValidationException', 'Invalid term token');
        }
        if (this.expiredTokens.has(token)) {
          log(400);
          return this.error(res, 400, 'ValidationException', 'Term token has expired');
        }
        log(200);
        const base = this.options.documentBaseUrl ?? `${this.url}/documents/`;
        this.send(res, 200, { documentPresignedUrl: `${base}${encodeURIComponent(r.id)}?X-Amz-Signature=presigned` });
        return;
      }
      default:
        log(404);
        this.error(res, 404, 'UnknownOperationException', `No operation at ${url.pathname}`);
    }
  }
}

export async function startFakeArtifact(options: FakeArtifactOptions): Promise<FakeArtifactEndpoint> {
  return new FakeArtifactEndpoint(options).start();
}
