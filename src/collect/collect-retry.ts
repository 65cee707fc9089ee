/**
 * The one retry policy of every AWS client srmap uses (AWS Config, its aggregator, STS, AWS Artifact):
 * the SDK clients are built with `maxAttempts: 1` and the Artifact client makes one attempt per call,
 * so every retry happens here, counted and timed the same way.
 *
 * Policy: a throttled, 5xx, dropped, timed-out or truncated call is tried again, up to `maxAttempts`
 * in all, after "full jitter" exponential backoff (a random wait in [0, min(maxDelayMs, base * 2^n)]:
 * AWS Architecture Blog, "Exponential Backoff And Jitter"), or after the Retry-After the service
 * asked for (capped at maxDelayMs). Anything else (AccessDenied, validation, not found) fails at once.
 *
 * Why not the SDK's adaptive mode: its client-side token bucket slows every call of a client after a
 * throttle, which under a storm of scattered throttles (15% of calls) stretched one account from
 * 4.8 s of CPU to 45 s of waiting, and an aggregator run to 301 s (issue 21). Per-call backoff with
 * jitter backs off just as hard against a sustained limit (each call's waits double to the cap) while
 * a scattered throttle costs one short wait. Figures: src/tools/bench-collect.ts (README, Scale).
 *
 * SRMAP_RETRY_BASE_MS, SRMAP_RETRY_MAX_MS and SRMAP_MAX_ATTEMPTS tune it (tests set a base of 1 ms).
 */
import { isRetryable, retryAfterSeconds } from './aws-errors.js';

export interface RetrySettings {
  /** Attempts per call, the first included (1 = never retry). */
  maxAttempts: number;
  /** Base of the exponential backoff, ms. */
  baseDelayMs: number;
  /** Longest single wait, ms (Retry-After is capped to it too). */
  maxDelayMs: number;
  /** Told of every wait before it starts (the collect counts the time spent waiting). */
  onWait?: (ms: number) => void;
}

/**
 * 12 attempts: a page is given up only after 11 retries whose waits add up to about 40 s on average
 * (85 s at most) under a throttle that never lets up; a 15% scattered throttle loses a page to it
 * with odds of 0.18^12, about 1 in a billion.
 */
export const DEFAULT_RETRY: RetrySettings = { maxAttempts: 12, baseDelayMs: 100, maxDelayMs: 20_000 };

function envInt(env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Retry settings from the defaults and SRMAP_RETRY_BASE_MS / SRMAP_RETRY_MAX_MS / SRMAP_MAX_ATTEMPTS. */
export function toRetrySettings(env: Readonly<Record<string, string | undefined>>, base: RetrySettings = DEFAULT_RETRY): RetrySettings {
  const baseMs = envInt(env, 'SRMAP_RETRY_BASE_MS');
  const maxMs = envInt(env, 'SRMAP_RETRY_MAX_MS');
  const attempts = envInt(env, 'SRMAP_MAX_ATTEMPTS');
  const baseDelayMs = baseMs ?? base.baseDelayMs;
  return {
    maxAttempts: attempts !== undefined && attempts >= 1 ? attempts : base.maxAttempts,
    baseDelayMs,
    // A small base (tests) keeps the cap small too, unless the cap is set on its own.
    maxDelayMs: maxMs ?? (baseMs !== undefined ? Math.min(base.maxDelayMs, Math.max(baseMs * 64, 1)) : base.maxDelayMs),
  };
}

/** The wait before retry number `retry` (1 = the first retry) of a call that failed with `err`. */
export function backoffMs(retry: number, s: RetrySettings, err: unknown, random: () => number = Math.random): number {
  const asked = retryAfterSeconds(err);
  if (asked !== undefined) return Math.min(asked * 1000, s.maxDelayMs);
  const cap = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** (retry - 1));
  return random() * cap;
}

export type Sleep = (ms: number) => Promise<void>;
export const sleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export interface RetryHooks {
  /** Called before each wait. */
  onRetry?: (err: unknown, retry: number, delayMs: number) => void;
  sleep?: Sleep;
  random?: () => number;
}

/** Run `fn`; on a retryable error wait and run it again, up to `s.maxAttempts` attempts in all. */
export async function withRetries<T>(fn: () => Promise<T>, s: RetrySettings, hooks: RetryHooks = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= s.maxAttempts || !isRetryable(err)) throw err;
      const delay = backoffMs(attempt, s, err, hooks.random);
      hooks.onRetry?.(err, attempt, delay);
      s.onWait?.(delay);
      await (hooks.sleep ?? sleep)(delay);
    }
  }
}
