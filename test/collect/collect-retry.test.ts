/** The one retry policy of every AWS client: what is retried, how long it waits, when it gives up. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, backoffMs, toRetrySettings, withRetries } from '../../src/collect/collect-retry.js';

const aws = (name: string, status: number, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });

describe('withRetries', () => {
  it.each([
    ['ThrottlingException 400', aws('ThrottlingException', 400)],
    ['429', aws('TooManyRequestsException', 429)],
    ['InternalFailure 500', aws('InternalFailure', 500)],
    ['503', aws('ServiceUnavailable', 503)],
    ['a dropped connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a request timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' })],
    ['a truncated answer', Object.assign(new SyntaxError('Unexpected end of JSON input'), { $metadata: { httpStatusCode: 200 } })],
  ])('retries %s until it succeeds', async (_what, err) => {
    let calls = 0;
    const waits: number[] = [];
    const out = await withRetries(async () => {
      if (++calls < 3) throw err;
      return 'ok';
    }, DEFAULT_RETRY, { sleep: async (ms) => void waits.push(ms), random: () => 1 });
    expect(out).toBe('ok');
    expect(waits).toEqual([100, 200]);
  });

  it.each([
    ['AccessDenied', aws('AccessDeniedException', 400)],
    ['a validation error', aws('ValidationException', 400)],
    ['an unknown rule', aws('NoSuchConfigRuleException', 400)],
    ['a bug', new TypeError('x is undefined')],
  ])('never retries %s', async (_what, err) => {
    let calls = 0;
    await expect(withRetries(async () => {
      calls++;
      throw err;
    }, DEFAULT_RETRY, { sleep: async () => undefined })).rejects.toBe(err);
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts, with the last error', async () => {
    let calls = 0;
    const err = aws('ThrottlingException', 400);
    await expect(withRetries(async () => {
      calls++;
      throw err;
    }, { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 }, { sleep: async () => undefined })).rejects.toBe(err);
    expect(calls).toBe(4);
  });
});

describe('backoffMs', () => {
  it('full jitter: a random wait up to base * 2^(retry-1), capped', () => {
    const s = { maxAttempts: 12, baseDelayMs: 100, maxDelayMs: 20_000 };
    expect([1, 2, 3, 8, 9, 11].map((n) => backoffMs(n, s, aws('ThrottlingException', 400), () => 1))).toEqual([100, 200, 400, 12_800, 20_000, 20_000]);
    expect(backoffMs(5, s, aws('ThrottlingException', 400), () => 0.25)).toBe(400);
  });

  it('waits for the Retry-After the service asked for, capped at the longest wait', () => {
    const s = { maxAttempts: 12, baseDelayMs: 100, maxDelayMs: 5000 };
    expect(backoffMs(1, s, aws('ThrottlingException', 429, { retryAfterSeconds: 2 }))).toBe(2000);
    expect(backoffMs(1, s, aws('ThrottlingException', 429, { retryAfterSeconds: 3600 }))).toBe(5000);
    expect(backoffMs(1, s, aws('ThrottlingException', 429, { $response: { headers: { 'retry-after': '3' } } }))).toBe(3000);
  });

  it('the default gives a page up only after about 40 s of waits on average (85 s at most)', () => {
    const worst = Array.from({ length: DEFAULT_RETRY.maxAttempts - 1 }, (_, i) => backoffMs(i + 1, DEFAULT_RETRY, aws('ThrottlingException', 400), () => 1)).reduce((a, b) => a + b, 0);
    expect(worst).toBe(85_500);
  });
});

describe('toRetrySettings', () => {
  it('reads SRMAP_RETRY_BASE_MS, SRMAP_RETRY_MAX_MS and SRMAP_MAX_ATTEMPTS; ignores what is not a whole number', () => {
    expect(toRetrySettings({})).toEqual(DEFAULT_RETRY);
    expect(toRetrySettings({ SRMAP_RETRY_BASE_MS: '2' })).toEqual({ maxAttempts: 12, baseDelayMs: 2, maxDelayMs: 128 });
    expect(toRetrySettings({ SRMAP_RETRY_BASE_MS: '50', SRMAP_RETRY_MAX_MS: '9000', SRMAP_MAX_ATTEMPTS: '5' })).toEqual({ maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 9000 });
    expect(toRetrySettings({ SRMAP_MAX_ATTEMPTS: '0', SRMAP_RETRY_BASE_MS: 'soon' })).toEqual(DEFAULT_RETRY);
  });
});
