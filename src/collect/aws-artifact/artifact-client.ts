/**
 * A small AWS Artifact client (restJson1, SigV4 service `artifact`).
 *
 * The registry reachable here has no @aws-sdk/client-artifact, so this module speaks the wire
 * protocol itself on the SDK's own building blocks (@smithy/signature-v4, @aws-crypto/sha256-js,
 * @aws-sdk/credential-providers) and Node's fetch. Its surface mirrors the official package:
 * `new ArtifactClient(config)`, `client.send(new ListReportsCommand(input))`, output timestamps as
 * Date, and errors shaped like the SDK's ServiceException (`name` is the AWS error code,
 * `$metadata.httpStatusCode`, `$retryable`, and `retryAfterSeconds` from a Retry-After header).
 * Moving to the official package (with `maxAttempts: 1`) touches this module only.
 *
 * One attempt per call, like every client srmap builds: retries and paging are srmap's one mechanism
 * (collect-retry.ts, collect-paging.ts), which honours Retry-After. Every request has a deadline.
 * Endpoint: `config.endpoint`, else AWS_ENDPOINT_URL_ARTIFACT, else AWS_ENDPOINT_URL (both ignored
 * when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), else https://artifact.<region>.amazonaws.com.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

// ---------------------------------------------------------------------------------------------
// Shapes (as in @aws-sdk/client-artifact)

export type PublishedState = 'PUBLISHED' | 'UNAVAILABLE' | string;
export type AcceptanceType = 'EXPLICIT' | 'PASSTHROUGH' | string;
export type CustomerAgreementState = 'ACTIVE' | 'CUSTOMER_TERMINATED' | 'AWS_TERMINATED' | string;

export interface ReportSummary {
  id?: string;
  name?: string;
  state?: PublishedState;
  arn?: string;
  version?: number;
  statusMessage?: string;
  description?: string;
  periodStart?: Date;
  periodEnd?: Date;
  series?: string;
  category?: string;
  companyName?: string;
  productName?: string;
  acceptanceType?: AcceptanceType;
}

export interface ReportDetail extends ReportSummary {
  createdAt?: Date;
  lastModifiedAt?: Date;
  deletedAt?: Date;
  termArn?: string;
  uploadState?: string;
  sequenceNumber?: number;
}

export interface CustomerAgreementSummary {
  name?: string;
  arn?: string;
  id?: string;
  agreementArn?: string;
  awsAccountId?: string;
  organizationArn?: string;
  effectiveStart?: Date;
  effectiveEnd?: Date;
  state?: CustomerAgreementState;
  description?: string;
  acceptanceTerms?: string[];
  terminateTerms?: string[];
  type?: string;
}

export interface ListReportsInput { maxResults?: number; nextToken?: string }
export interface ListReportsOutput { reports: ReportSummary[]; nextToken?: string }
export interface GetReportMetadataInput { reportId: string; reportVersion?: number }
export interface GetReportMetadataOutput { reportDetails?: ReportDetail }
export interface GetTermForReportInput { reportId: string; reportVersion?: number }
export interface GetTermForReportOutput { documentPresignedUrl?: string; termToken?: string }
export interface GetReportInput { reportId: string; reportVersion?: number; termToken: string }
export interface GetReportOutput { documentPresignedUrl?: string }
export interface ListCustomerAgreementsInput { maxResults?: number; nextToken?: string }
export interface ListCustomerAgreementsOutput { customerAgreements: CustomerAgreementSummary[]; nextToken?: string }

// ---------------------------------------------------------------------------------------------
// Commands

type Query = Record<string, string | number | undefined>;

interface Operation<I, O> {
  name: string;
  path: string;
  query: (input: I) => Query;
  output: (json: Record<string, unknown>) => O;
}

/** A command: an operation and its input. `O` is the output type `send` resolves to. */
export abstract class ArtifactCommand<I, O> {
  abstract readonly operation: Operation<I, O>;
  constructor(readonly input: I) {}
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** restJson1 timestamps: ISO-8601 strings (epoch seconds accepted too). Unparseable -> undefined. */
function time(v: unknown): Date | undefined {
  const d = typeof v === 'string' ? new Date(v) : typeof v === 'number' ? new Date(v * 1000) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function toReportSummary(r: Record<string, unknown>): ReportSummary {
  return defined({
    id: str(r.id),
    name: str(r.name),
    state: str(r.state),
    arn: str(r.arn),
    version: num(r.version),
    statusMessage: str(r.statusMessage),
    description: str(r.description),
    periodStart: time(r.periodStart),
    periodEnd: time(r.periodEnd),
    series: str(r.series),
    category: str(r.category),
    companyName: str(r.companyName),
    productName: str(r.productName),
    acceptanceType: str(r.acceptanceType),
  });
}

function toReportDetail(r: Record<string, unknown>): ReportDetail {
  return defined({
    ...toReportSummary(r),
    createdAt: time(r.createdAt),
    lastModifiedAt: time(r.lastModifiedAt),
    deletedAt: time(r.deletedAt),
    termArn: str(r.termArn),
    uploadState: str(r.uploadState),
    sequenceNumber: num(r.sequenceNumber),
  });
}

function toAgreement(a: Record<string, unknown>): CustomerAgreementSummary {
  return defined({
    name: str(a.name),
    arn: str(a.arn),
    id: str(a.id),
    agreementArn: str(a.agreementArn),
    awsAccountId: str(a.awsAccountId),
    organizationArn: str(a.organizationArn),
    effectiveStart: time(a.effectiveStart),
    effectiveEnd: time(a.effectiveEnd),
    state: str(a.state),
    description: str(a.description),
    acceptanceTerms: strings(a.acceptanceTerms),
    terminateTerms: strings(a.terminateTerms),
    type: str(a.type),
  });
}

export class ListReportsCommand extends ArtifactCommand<ListReportsInput, ListReportsOutput> {
  readonly operation: Operation<ListReportsInput, ListReportsOutput> = {
    name: 'ListReports',
    path: '/v1/report/list',
    query: (i) => ({ maxResults: i.maxResults, nextToken: i.nextToken }),
    output: (j) => defined({ reports: objects(j.reports).map(toReportSummary), nextToken: str(j.nextToken) }),
  };
}

export class GetReportMetadataCommand extends ArtifactCommand<GetReportMetadataInput, GetReportMetadataOutput> {
  readonly operation: Operation<GetReportMetadataInput, GetReportMetadataOutput> = {
    name: 'GetReportMetadata',
    path: '/v1/report/getMetadata',
    query: (i) => ({ reportId: i.reportId, reportVersion: i.reportVersion }),
    output: (j) => (typeof j.reportDetails === 'object' && j.reportDetails !== null ? { reportDetails: toReportDetail(j.reportDetails as Record<string, unknown>) } : {}),
  };
}

export class GetTermForReportCommand extends ArtifactCommand<GetTermForReportInput, GetTermForReportOutput> {
  readonly operation: Operation<GetTermForReportInput, GetTermForReportOutput> = {
    name: 'GetTermForReport',
    path: '/v1/report/getTermForReport',
    query: (i) => ({ reportId: i.reportId, reportVersion: i.reportVersion }),
    output: (j) => defined({ documentPresignedUrl: str(j.documentPresignedUrl), termToken: str(j.termToken) }),
  };
}

export class GetReportCommand extends ArtifactCommand<GetReportInput, GetReportOutput> {
  readonly operation: Operation<GetReportInput, GetReportOutput> = {
    name: 'GetReport',
    path: '/v1/report/get',
    query: (i) => ({ reportId: i.reportId, reportVersion: i.reportVersion, termToken: i.termToken }),
    output: (j) => defined({ documentPresignedUrl: str(j.documentPresignedUrl) }),
  };
}

export class ListCustomerAgreementsCommand extends ArtifactCommand<ListCustomerAgreementsInput, ListCustomerAgreementsOutput> {
  readonly operation: Operation<ListCustomerAgreementsInput, ListCustomerAgreementsOutput> = {
    name: 'ListCustomerAgreements',
    path: '/v1/customer-agreement/list',
    query: (i) => ({ maxResults: i.maxResults, nextToken: i.nextToken }),
    output: (j) => defined({ customerAgreements: objects(j.customerAgreements).map(toAgreement), nextToken: str(j.nextToken) }),
  };
}

// ---------------------------------------------------------------------------------------------
// Errors (shaped like the SDK's ServiceException)

export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts: number;
  totalRetryDelay: number;
}

export class ArtifactServiceException extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: ResponseMetadata;
  readonly $retryable?: { throttling?: boolean };
  /** Seconds from the Retry-After header, when AWS sent one. */
  readonly retryAfterSeconds?: number;
  /** The operation that failed, e.g. ListReports. */
  readonly operation: string;

  constructor(init: { name: string; message: string; operation: string; $metadata: ResponseMetadata; retryAfterSeconds?: number; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = init.name;
    this.operation = init.operation;
    this.$metadata = init.$metadata;
    const status = init.$metadata.httpStatusCode;
    this.$fault = status !== undefined && status < 500 ? 'client' : 'server';
    if (status === 429 || init.name === 'ThrottlingException') this.$retryable = { throttling: true };
    else if (status === undefined || status >= 500) this.$retryable = {};
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

const STATUS_CODES: Record<number, string> = {
  400: 'ValidationException',
  402: 'ServiceQuotaExceededException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  409: 'ConflictException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
};

/** The AWS error code of a restJson1 error: x-amzn-ErrorType, else the body's `__type`/`code`, else by status. */
export function toErrorCode(status: number, headerValue: string | null, body: Record<string, unknown>): string {
  const clean = (v: string) => v.split(':')[0]?.split('#').pop()?.trim() ?? '';
  const fromHeader = headerValue ? clean(headerValue) : '';
  if (fromHeader) return fromHeader;
  const fromBody = typeof body.__type === 'string' ? clean(body.__type) : typeof body.code === 'string' ? clean(body.code) : '';
  if (fromBody) return fromBody;
  return STATUS_CODES[status] ?? (status >= 500 ? 'InternalServerException' : `Http${status}`);
}

/** Retry-After: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

// ---------------------------------------------------------------------------------------------
// Client

export interface ArtifactClientConfig {
  /** Signing region; Artifact's commercial endpoint is us-east-1 (the default). */
  region?: string;
  /** Overrides the environment and the default endpoint, e.g. http://127.0.0.1:4566. */
  endpoint?: string;
  /** Static credentials or a provider; default: the Node provider chain (env, profile, SSO, IMDS...). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per-request timeout. Default 30 s. */
  requestTimeoutMs?: number;
  /** Environment for AWS_ENDPOINT_URL_ARTIFACT / AWS_ENDPOINT_URL; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock (Retry-After as an HTTP date). */
  now?: () => number;
}

/** The endpoint a client uses, from config, environment or the default. */
/** Artifact's commercial endpoint, the region signed for unless the caller says otherwise. */
export const ARTIFACT_DEFAULT_REGION = 'us-east-1';

export function resolveArtifactEndpoint(config: Pick<ArtifactClientConfig, 'endpoint' | 'env' | 'region'>): URL {
  const env = config.env ?? process.env;
  const ignoreEnv = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true';
  const raw = config.endpoint
    ?? (ignoreEnv ? undefined : env.AWS_ENDPOINT_URL_ARTIFACT || env.AWS_ENDPOINT_URL || undefined)
    ?? `https://artifact.${config.region ?? ARTIFACT_DEFAULT_REGION}.amazonaws.com`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch (err) {
    throw new TypeError(`The AWS Artifact endpoint "${raw}" is not a URL`, { cause: err });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`The AWS Artifact endpoint "${raw}" must be http(s)`);
  return url;
}

/** RFC 3986 encoding, as SigV4 canonicalises query strings. */
export function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export class ArtifactClient {
  readonly endpoint: URL;
  private readonly region: string;
  private readonly signer: SignatureV4;
  private readonly requestTimeoutMs: number;
  private readonly now: () => number;

  constructor(config: ArtifactClientConfig = {}) {
    this.region = config.region ?? ARTIFACT_DEFAULT_REGION;
    this.endpoint = resolveArtifactEndpoint(config);
    this.signer = new SignatureV4({
      service: 'artifact',
      region: this.region,
      credentials: config.credentials ?? fromNodeProviderChain(),
      sha256: Sha256,
    });
    this.requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
    this.now = config.now ?? Date.now;
  }

  /** One attempt: srmap's retry policy decides whether to try again (the error says if it may help). */
  send<I, O>(command: ArtifactCommand<I, O>): Promise<O> {
    return this.attempt(command.operation, command.input, { attempts: 1, totalRetryDelay: 0 });
  }

  private async attempt<I, O>(op: Operation<I, O>, input: I, meta: { attempts: number; totalRetryDelay: number }): Promise<O> {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(op.query(input))) if (v !== undefined) query[k] = String(v);
    const base = this.endpoint.pathname.replace(/\/+$/, '');
    const request = new HttpRequest({
      method: 'GET',
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      ...(this.endpoint.port ? { port: Number(this.endpoint.port) } : {}),
      path: `${base}${op.path}`,
      query,
      headers: { host: this.endpoint.host, accept: 'application/json' },
    });
    const signed = await this.signer.sign(request);
    const qs = Object.keys(query).sort().map((k) => `${encodeRfc3986(k)}=${encodeRfc3986(query[k] as string)}`).join('&');
    const url = `${this.endpoint.protocol}//${this.endpoint.host}${signed.path}${qs ? `?${qs}` : ''}`;
    const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'));
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: 'GET', headers, redirect: 'error', signal: AbortSignal.timeout(this.requestTimeoutMs) });
      text = await response.text();
    } catch (err) {
      throw new ArtifactServiceException({
        name: 'NetworkingError',
        message: `${op.name}: no answer from ${this.endpoint.host}: ${err instanceof Error ? err.message : String(err)}`,
        operation: op.name,
        $metadata: { ...meta },
        cause: err,
      });
    }
    const requestId = response.headers.get('x-amzn-requestid') ?? undefined;
    let json: Record<string, unknown> = {};
    if (text.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
      } catch {
        if (response.ok) {
          throw new ArtifactServiceException({
            name: 'SerializationException',
            message: `${op.name}: the answer from ${this.endpoint.host} is not JSON`,
            operation: op.name,
            $metadata: { httpStatusCode: response.status, ...(requestId ? { requestId } : {}), ...meta },
          });
        }
      }
    }
    if (!response.ok) {
      const name = toErrorCode(response.status, response.headers.get('x-amzn-errortype'), json);
      const message = typeof json.message === 'string' ? json.message : typeof json.Message === 'string' ? json.Message : `HTTP ${response.status}`;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.now());
      throw new ArtifactServiceException({
        name,
        message,
        operation: op.name,
        $metadata: { httpStatusCode: response.status, ...(requestId ? { requestId } : {}), ...meta },
        ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    return op.output(json);
  }
}
