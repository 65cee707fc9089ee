/**
 * Retries for long collection runs. Two layers:
 * 1. the SDK's own strategy on every client: adaptive (client-side rate limiting that slows down when
 *    AWS throttles) with more attempts than the default 3;
 * 2. withRetries() around each paginated call: when the SDK gives up on a throttling or 5xx error
 *    (its retry quota drains in a long throttling storm), wait with exponential backoff and jitter and
 *    try again, a bounded number of rounds. Only then does the call fail and become a gap.
 *
 * SRMAP_RETRY_BASE_MS sets the base backoff (tests set it to a few milliseconds); with it set, the SDK
 * layer uses the same base delay instead of its adaptive defaults.
 */
import { AdaptiveRetryStrategy, ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { RetryStrategyV2 } from '@smithy/types';

export interface RetrySettings {
  /** Attempts per call inside the SDK (1 = no SDK retries). */
  maxAttempts: number;
  /** Extra rounds of withRetries() after the SDK gave up. */
  rounds: number;
  /** Base backoff of withRetries() in ms (doubles per round, with jitter, capped at maxDelayMs). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** When set, the SDK retries use this fixed base too (tests); otherwise the adaptive strategy. */
  sdkBaseDelayMs?: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxAttempts: 8, rounds: 6, baseDelayMs: 1000, maxDelayMs: 20_000 };

function envInt(env: Record<string, string | undefined>, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Retry settings from the defaults and SRMAP_RETRY_BASE_MS / SRMAP_RETRY_ROUNDS / SRMAP_MAX_ATTEMPTS. */
export function toRetrySettings(env: Record<string, string | undefined>, base: RetrySettings = DEFAULT_RETRY): RetrySettings {
  const baseMs = envInt(env, 'SRMAP_RETRY_BASE_MS');
  const rounds = envInt(env, 'SRMAP_RETRY_ROUNDS');
  const attempts = envInt(env, 'SRMAP_MAX_ATTEMPTS');
  return {
    ...base,
    ...(baseMs !== undefined ? { baseDelayMs: baseMs, maxDelayMs: Math.max(baseMs * 16, 1), sdkBaseDelayMs: baseMs } : {}),
    ...(rounds !== undefined ? { rounds } : {}),
    ...(attempts !== undefined && attempts >= 1 ? { maxAttempts: attempts } : {}),
  };
}

/** The SDK retry strategy for a client. */
export function toRetryStrategy(s: RetrySettings): RetryStrategyV2 {
  if (s.sdkBaseDelayMs !== undefined) {
    const base = s.sdkBaseDelayMs;
    return new ConfiguredRetryStrategy(s.maxAttempts, (attempt) => Math.min(base * 2 ** attempt, s.maxDelayMs));
  }
  return new AdaptiveRetryStrategy(s.maxAttempts);
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
  'LimitExceededException',
  'EC2ThrottledException',
]);
const TRANSIENT = new Set(['InternalFailure', 'InternalError', 'InternalServerError', 'ServiceUnavailable', 'RequestTimeout', 'RequestTimeoutException', 'TimeoutError']);
const NETWORK = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'ENOTFOUND']);

interface AwsLikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

export function isThrottling(err: unknown): boolean {
  const e = err as AwsLikeError | undefined;
  return e !== undefined && e !== null && (THROTTLING.has(e.name ?? '') || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429);
}

/** Throttling, a 5xx, or a dropped connection: worth trying again later. */
export function isRetryable(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as AwsLikeError;
  const status = e.$metadata?.httpStatusCode;
  return isThrottling(err) || TRANSIENT.has(e.name ?? '') || (status !== undefined && status >= 500) || NETWORK.has(e.code ?? '');
}

export type Sleep = (ms: number) => Promise<void>;
export const sleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Run `fn`; on a retryable error wait and run it again, up to `s.rounds` more times. */
export async function withRetries<T>(fn: () => Promise<T>, s: RetrySettings, onRetry?: (err: unknown) => void, wait: Sleep = sleep): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await fn();
    } catch (err) {
      if (round >= s.rounds || !isRetryable(err)) throw err;
      onRetry?.(err);
      const cap = Math.min(s.baseDelayMs * 2 ** round, s.maxDelayMs);
      await wait(cap / 2 + Math.random() * (cap / 2));
    }
  }
}
