/**
 * Seeded randomness, the one copy srmap's tools and the suite's fake endpoints share: mulberry32 for
 * a sequence, and a keyed draw (FNV-1a of a key mixed with the seed, through mulberry32) for an
 * outcome that must depend only on what it is about, never on the order things happen in: the same
 * rule on the same resource in the sample, the same request and attempt at the fake endpoint.
 */

/** mulberry32: a 32-bit seeded generator of uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, mixed with the seed: a uniform number in [0, 1), the same for the same key. */
export function keyed(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return mulberry32(h)();
}
