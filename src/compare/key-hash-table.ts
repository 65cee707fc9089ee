/**
 * A map from 53-bit key hashes (resource-diff's keyHash53, given as its high 32 bits and low 21
 * bits) to a small code (1-7), in two typed arrays with open addressing. A diff holds one entry per
 * result of the earlier snapshot: as a Map of numbers (heap numbers past 31 bits, not small
 * integers) a million of them cost about 40 bytes each and most of the diff's time in insertion and
 * garbage collection; here they cost 8-16 bytes each and nothing for the collector to trace.
 * Pure.
 */

const LOW_BITS = 21;
/** The low half of a key hash: 21 bits. */
export const LOW_MASK = 0x1fffff;

/**
 * The first slot to look at for a key hash in a table of 2^bits slots: both halves mixed, the top
 * bits taken (multiplicative hashing). Shared with KeyStore.
 */
export function firstSlot(high: number, low: number, bits: number): number {
  return Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) >>> (32 - bits);
}
const MAX_CODE = 7;
const MAX_PRESIZED_KEYS = (1 << 22) - 1;
const REPLACE = (_held: number, code: number): number => code;

export class KeyHashTable {
  private bits: number;
  private high: Uint32Array;
  /** The hash's low 21 bits with the code above them; 0 is an empty slot (a code is never 0). */
  private low: Uint32Array;
  private count = 0;

  /**
   * Room for `expected` keys before the first growth (at most half full). `expected` may come from
   * untrusted input (a snapshot's manifest): past 4M keys the table is not sized ahead but grows
   * as keys come, so a manifest cannot make it allocate more than 64 MB up front.
   */
  constructor(expected = 2048) {
    const room = Math.min(Math.max(0, expected), MAX_PRESIZED_KEYS);
    let bits = 4;
    while (1 << bits < room * 2 + 1) bits += 1;
    this.bits = bits;
    this.high = new Uint32Array(1 << bits);
    this.low = new Uint32Array(1 << bits);
  }

  /** Keys held. */
  get size(): number {
    return this.count;
  }

  /** The code of the key (high 32 bits, low 21 bits of its hash), or 0 when it is not held. */
  get(high: number, low: number): number {
    const h = high >>> 0;
    const mask = this.low.length - 1;
    for (let i = this.slot(h, low); ; i = (i + 1) & mask) {
      const v = this.low[i] as number;
      if (v === 0) return 0;
      if ((v & LOW_MASK) === low && this.high[i] === h) return v >>> LOW_BITS;
    }
  }

  /** Holds the key with this code (1-7), replacing the code it had. */
  set(high: number, low: number, code: number): void {
    this.merge(high, low, code, REPLACE);
  }

  /**
   * Holds the key with `code` (1-7) if it is not held, or with `keep(held, code)` if it is: one
   * probe for what would otherwise be a get and a set.
   */
  merge(high: number, low: number, code: number, keep: (held: number, code: number) => number): void {
    if (!(code >= 1 && code <= MAX_CODE && Number.isInteger(code))) throw new RangeError(`KeyHashTable: code ${code} is not an integer from 1 to ${MAX_CODE}`);
    if (!(low >= 0 && low <= LOW_MASK && Number.isInteger(low))) throw new RangeError(`KeyHashTable: low ${low} is not a 21-bit integer`);
    const h = high >>> 0;
    const mask = this.low.length - 1;
    for (let i = this.slot(h, low); ; i = (i + 1) & mask) {
      const v = this.low[i] as number;
      if (v === 0) {
        this.high[i] = h;
        this.low[i] = low | (code << LOW_BITS);
        this.count += 1;
        // At most half full: probes stay short.
        if (this.count * 2 > mask) this.grow();
        return;
      }
      if ((v & LOW_MASK) === low && this.high[i] === h) {
        const kept = keep(v >>> LOW_BITS, code);
        if (!(kept >= 1 && kept <= MAX_CODE && Number.isInteger(kept))) throw new RangeError(`KeyHashTable: code ${kept} is not an integer from 1 to ${MAX_CODE}`);
        this.low[i] = low | (kept << LOW_BITS);
        return;
      }
    }
  }

  private slot(high: number, low: number): number {
    return firstSlot(high, low, this.bits);
  }

  private grow(): void {
    const { high, low } = this;
    this.bits += 1;
    this.high = new Uint32Array(1 << this.bits);
    this.low = new Uint32Array(1 << this.bits);
    this.count = 0;
    for (let i = 0; i < low.length; i++) {
      const v = low[i] as number;
      if (v !== 0) this.merge(high[i] as number, v & LOW_MASK, v >>> LOW_BITS, REPLACE);
    }
  }
}
