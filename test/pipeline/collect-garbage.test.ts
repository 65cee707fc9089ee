/**
 * collectGarbage collects this thread's garbage at once (what report does once the snapshot's
 * stream is over), and leaves no `gc` behind: not on this context, not on a context made later.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/pipeline/collect-garbage.js';

describe('collectGarbage', () => {
  it('collects an object nothing holds any more, and exposes no gc', async () => {
    const hadGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
    // Made and dropped inside a function: nothing but the WeakRef reaches them afterwards.
    const ref = ((held: { n: number }[]) => new WeakRef(held[7] as { n: number }))(Array.from({ length: 100_000 }, (_, n) => ({ n })));
    // A WeakRef's target is kept until the end of the job that made or read it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
    expect(typeof (globalThis as { gc?: unknown }).gc === 'function').toBe(hadGc);
    if (!hadGc) expect(runInNewContext('typeof gc')).toBe('undefined');
    // Again, from the function kept the first time.
    expect(collectGarbage()).toBe(true);
  });
});
