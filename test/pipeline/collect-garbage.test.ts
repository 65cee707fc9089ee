/**
 * collectGarbage collects this thread's garbage at once and compacts what is left (what report
 * does once the snapshot's stream is over), and leaves no `gc` behind: not on this context, not on
 * a context made later.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/pipeline/collect-garbage.js';

const MB = 1024 * 1024;

/** The old generation's pages not holding live objects (after a collection: its fragmentation). */
function oldSpaceFree(): number {
  const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
  return old ? old.space_size - old.space_used_size : 0;
}

/** About 40 MB of objects old enough to be promoted, one in 50 of them kept: pages that stay mostly empty unless compacted. */
function fragment(): { n: number; text: string }[] {
  const kept: { n: number; text: string }[] = [];
  const all: { n: number; text: string }[] = [];
  for (let n = 0; n < 600_000; n += 1) {
    const o = { n, text: `object ${n}` };
    all.push(o);
    if (n % 50 === 0) kept.push(o);
  }
  return all.length > 0 ? kept : [];
}

describe('collectGarbage', () => {
  it('collects an object nothing holds any more and compacts the old generation, and exposes no gc', async () => {
    const hadGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
    // Made and dropped inside a function: nothing but the WeakRef reaches them afterwards.
    const ref = ((held: { n: number }[]) => new WeakRef(held[7] as { n: number }))(Array.from({ length: 100_000 }, (_, n) => ({ n })));
    const kept = fragment();
    // A WeakRef's target is kept until the end of the job that made or read it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
    // Without compaction about 40 MB of pages would stay, each holding a few kept objects.
    expect(oldSpaceFree()).toBeLessThan(8 * MB);
    expect(kept.length).toBe(12_000);
    expect(typeof (globalThis as { gc?: unknown }).gc === 'function').toBe(hadGc);
    if (!hadGc) expect(runInNewContext('typeof gc')).toBe('undefined');
    // Again, from the function kept the first time.
    expect(collectGarbage()).toBe(true);
  });
});
