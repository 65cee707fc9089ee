/**
 * What an error from any AWS client means to a collector, whatever the client: the SDK's clients
 * (name, $metadata, $retryable), the Artifact client (the same shape), STS's Query protocol (Code).
 * Pure.
 */

interface AwsLikeError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  $response?: { headers?: Record<string, string | undefined> };
  /** Seconds from a Retry-After header (the Artifact client sets it). */
  retryAfterSeconds?: number;
}

const asAws = (err: unknown): AwsLikeError | undefined => (err !== null && typeof err === 'object' ? (err as AwsLikeError) : undefined);

/** AWS error -> the name of its code. */
export function errorCode(err: unknown): string {
  const e = asAws(err);
  if (!e) return 'Error';
  return e.Code || (e.name && e.name !== 'Error' ? e.name : undefined) || e.code || 'Error';
}

export function httpStatus(err: unknown): number | undefined {
  return asAws(err)?.$metadata?.httpStatusCode;
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError', 'OrganizationAccessDeniedException']);
const NOT_ENABLED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'OptInRequired', 'InvalidSignatureException']);

export function isAccessDenied(err: unknown): boolean {
  return ACCESS_DENIED.has(errorCode(err));
}

/** A region that does not know the caller: not enabled (opt-in) for the account, or the keys are not valid there. */
export function isRegionNotEnabled(err: unknown): boolean {
  return NOT_ENABLED.has(errorCode(err));
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
]);
/** Failures on the way or on AWS's side that a later attempt may not meet. */
const TRANSIENT = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'NetworkingError',
]);
/** Node's codes for a connection that dropped, was refused or timed out. */
const NETWORK = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE']);

export function isThrottling(err: unknown): boolean {
  const e = asAws(err);
  return e !== undefined && (THROTTLING.has(errorCode(err)) || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429);
}

/**
 * A body that ended early or is not the JSON the protocol promises: the SDK reports it as a
 * deserialization failure of a 200. Worth another attempt; it fails the same way if AWS keeps sending it.
 */
function isTruncatedAnswer(e: AwsLikeError): boolean {
  return e.name === 'SyntaxError' || /Deserialization error|Unexpected end of JSON|is not valid JSON|aborted/i.test(e.message ?? '');
}

/** Throttling, a 5xx, a dropped or timed-out connection, a truncated answer: worth trying again later. */
export function isRetryable(err: unknown): boolean {
  const e = asAws(err);
  if (!e) return false;
  const status = e.$metadata?.httpStatusCode;
  const cause = asAws((err as { cause?: unknown }).cause);
  return (
    isThrottling(err) ||
    TRANSIENT.has(errorCode(err)) ||
    (status !== undefined && status >= 500) ||
    NETWORK.has(e.code ?? '') ||
    NETWORK.has(cause?.code ?? '') ||
    isTruncatedAnswer(e)
  );
}

/** Seconds the service asked us to wait (Retry-After), when it said. */
export function retryAfterSeconds(err: unknown, now: number = Date.now()): number | undefined {
  const e = asAws(err);
  if (!e) return undefined;
  if (typeof e.retryAfterSeconds === 'number' && Number.isFinite(e.retryAfterSeconds) && e.retryAfterSeconds >= 0) return e.retryAfterSeconds;
  const header = e.$response?.headers?.['retry-after'];
  if (header === undefined || header.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}
