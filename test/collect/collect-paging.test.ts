/** Paging for every AWS client: to the end, each page handed on before the next, a loop is a failure. */
import { describe, expect, it } from 'vitest';
import { OperationError, call, paginate, unwrap } from '../../src/collect/collect-paging.js';

const noWait = { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 };

describe('paginate', () => {
  it('follows NextToken to the end, retrying a throttled page', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = { '': { items: [1, 2], next: 'a' }, a: { items: [3], next: 'b' }, b: { items: [4] } };
    let throttled = false;
    const got: number[] = [];
    await paginate('ListThings', noWait, async (token) => {
      if (token === 'b' && !throttled) {
        throttled = true;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      const p = pages[token ?? ''] ?? { items: [] };
      return { items: p.items, next: p.next };
    }, (items) => void got.push(...items));
    expect(got).toEqual([1, 2, 3, 4]);
  });

  it('a token seen before is a failure (PaginationLoop), never the end', async () => {
    const err = await paginate('ListThings', noWait, async (token) => ({ items: [1], next: token === 'b' ? 'a' : token === 'a' ? 'b' : 'a' }), () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationError);
    expect(err).toMatchObject({ operation: 'ListThings', error: { name: 'PaginationLoop' } });
  });

  it('a failure names the operation and keeps the AWS error', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const err = await call('DescribeConfigRules', noWait, () => Promise.reject(denied)).catch((e: unknown) => e);
    expect(err).toMatchObject({ operation: 'DescribeConfigRules' });
    expect(unwrap(err)).toBe(denied);
  });
});
