import { describe, expect, it } from 'vitest';
import { maxOf, pushAll } from '../../src/domain/arrays.js';

describe('maxOf and pushAll', () => {
  const many = Array.from({ length: 500_000 }, (_, i) => i % 977);

  it('take arrays of any length (a spread into Math.max or push throws RangeError past ~100,000)', () => {
    expect(() => Math.max(...many)).toThrow(RangeError);
    expect(maxOf(many)).toBe(976);
    expect(pushAll([-1], many)).toHaveLength(500_001);
  });

  it('maxOf: the floor when empty or when everything is below it', () => {
    expect(maxOf([], 0)).toBe(0);
    expect(maxOf([-3, -2], 0)).toBe(0);
    expect(maxOf([3, 7, 5])).toBe(7);
    expect(maxOf(new Set([1, 9]).values(), 2)).toBe(9);
  });
});
