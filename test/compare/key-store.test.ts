import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/compare/key-store.js';
import { hash53 } from '../../src/compare/resource-diff.js';

const halves = (key: string): [number, number] => {
  const h = hash53(key);
  return [Math.floor(h / 0x200000), h % 0x200000];
};

describe('KeyStore', () => {
  it('finds every key it holds, exactly, with its payload and code, in the order added, through growth', () => {
    const store = new KeyStore();
    const keys = Array.from({ length: 5000 }, (_, i) => `111122223333\u0000us-east-1\u0000RULE_${i % 7}\u0000AWS::S3::Bucket\u0000bucket-${i}-é\u{1F600}`);
    keys.forEach((k, i) => expect(store.add(...halves(k), k, `payload ${i}`)).toBe(i));
    expect(store.size).toBe(keys.length);
    keys.forEach((k, i) => {
      const e = store.find(...halves(k), k);
      expect(e).toBe(i);
      expect([store.key(e), store.payload(e), store.code(e)]).toEqual([k, `payload ${i}`, 0]);
      expect(store.hasHash(...halves(k))).toBe(true);
    });
    expect(store.find(...halves('absent'), 'absent')).toBe(-1);
  });

  it('tells apart keys that share a hash (the key is compared, not only the hash)', () => {
    const store = new KeyStore();
    const e = store.add(5, 7, 'one', 'a');
    expect(store.find(5, 7, 'two')).toBe(-1);
    expect(store.hasHash(5, 7)).toBe(true);
    const f = store.add(5, 7, 'two', 'b');
    expect([store.find(5, 7, 'one'), store.find(5, 7, 'two'), store.find(5, 8, 'one'), store.find(-1 >>> 0, 7, 'one')]).toEqual([e, f, -1, -1]);
    // A negative high half (before `>>> 0`) is the same hash.
    store.add(-2, 1, 'neg', '');
    expect(store.find(0xfffffffe, 1, 'neg')).toBe(2);
  });

  it('replaces a payload and keeps the key; sets codes; refuses what it cannot hold', () => {
    const store = new KeyStore();
    const e = store.add(1, 1, 'k', 'short');
    store.setPayload(e, 'a much longer payload '.repeat(5000));
    expect([store.key(e), store.payload(e).length]).toEqual(['k', 22 * 5000]);
    store.setCode(e, 4);
    expect(store.code(e)).toBe(4);
    expect(() => store.setCode(e, 256)).toThrow(RangeError);
    expect(() => store.code(1)).toThrow(RangeError);
    expect(() => store.add(1, 0x200000, 'x', '')).toThrow(RangeError);
  });
});
