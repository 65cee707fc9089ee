import { describe, expect, it } from 'vitest';
import { KeyHashTable } from '../../src/compare/key-hash-table.js';

/** A deterministic stream of 53-bit keys as (high, low) halves. */
function keys(n: number, seed = 1): [number, number][] {
  let x = seed;
  const next = () => {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9;
    return x >>> 0;
  };
  return Array.from({ length: n }, () => [next(), next() & 0x1fffff]);
}

describe('KeyHashTable', () => {
  it('holds what a Map keyed by the 53-bit number holds, through growth', () => {
    const table = new KeyHashTable(4);
    const map = new Map<number, number>();
    const all = keys(50_000);
    // Every key twice, some with a new code: replacing keeps one entry.
    for (const [i, [high, low]] of [...all, ...all.slice(0, 10_000)].entries()) {
      const code = (i % 7) + 1;
      table.set(high, low, code);
      map.set(high * 0x200000 + low, code);
    }
    expect(table.size).toBe(map.size);
    for (const [high, low] of all) expect(table.get(high, low)).toBe(map.get(high * 0x200000 + low));
    for (const [high, low] of keys(10_000, 99)) expect(table.get(high, low)).toBe(map.get(high * 0x200000 + low) ?? 0);
  });

  it('tells keys apart that share either half', () => {
    const table = new KeyHashTable();
    table.set(0xffffffff, 5, 1);
    table.set(0xffffffff, 6, 2);
    table.set(7, 5, 3);
    table.set(0, 0, 4);
    expect([table.get(0xffffffff, 5), table.get(0xffffffff, 6), table.get(7, 5), table.get(0, 0), table.get(7, 6)]).toEqual([1, 2, 3, 4, 0]);
    // A negative high half (h1 before `>>> 0`) is the same key.
    expect(table.get(-1, 5)).toBe(1);
    expect(table.size).toBe(4);
  });

  it('merge keeps what the rule chooses and inserts what is new, in one probe', () => {
    const table = new KeyHashTable();
    const worst = (held: number, code: number) => Math.max(held, code);
    table.merge(1, 1, 3, worst);
    table.merge(1, 1, 2, worst);
    table.merge(1, 1, 5, worst);
    table.merge(2, 1, 2, worst);
    expect([table.get(1, 1), table.get(2, 1), table.size]).toEqual([5, 2, 2]);
  });

  it('refuses a code that cannot be stored and a low half past 21 bits', () => {
    const table = new KeyHashTable();
    for (const code of [0, 8, 1.5, Number.NaN]) expect(() => table.set(1, 1, code)).toThrow(RangeError);
    expect(() => table.set(1, 0x200000, 1)).toThrow(RangeError);
    expect(() => table.merge(1, 1, 1, () => 0)).not.toThrow();
    expect(() => table.merge(1, 1, 1, () => 0)).toThrow(RangeError);
  });

  it('is sized ahead for the keys expected, at most 4M, and grows past them', () => {
    for (const expected of [0, -5, Number.NaN, 1e15]) expect(() => new KeyHashTable(expected)).not.toThrow();
    const table = new KeyHashTable(10);
    for (const [high, low] of keys(1000, 7)) table.set(high, low, 1);
    expect(table.size).toBe(1000);
  });
});
