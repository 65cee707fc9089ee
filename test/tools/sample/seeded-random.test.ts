/**
 * The one seeded generator of the sample and the suite's fake endpoints: its numbers are pinned, since
 * the shipped sample's bytes and every scripted fault follow from them.
 */
import { describe, expect, it } from 'vitest';
import { keyed, mulberry32 } from '../../../src/tools/sample/seeded-random.js';

describe('seeded randomness', () => {
  it('mulberry32 gives the reference sequence (seed 1 starts 0.6270739405881613)', () => {
    const next = mulberry32(1);
    expect([next(), next(), next()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    expect(mulberry32(7)()).toBe(0.011704753153026104);
  });

  it('a keyed draw depends on the seed and the key alone, in [0, 1)', () => {
    expect(keyed(1, 'a')).toBe(0.35328213428147137);
    expect(keyed(7, '')).toBe(0.12754531647078693);
    // Whatever was drawn before (no state between draws).
    mulberry32(1)();
    expect(keyed(1, 'a')).toBe(0.35328213428147137);
    const draws = Array.from({ length: 2000 }, (_, i) => keyed(1, `request-${i}`));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    const low = draws.filter((d) => d < 0.5).length;
    expect(low).toBeGreaterThan(900);
    expect(low).toBeLessThan(1100);
  });
});
