/**
 * Exact string keys, each with a text payload and a small code, held off the JS heap: their UTF-8
 * bytes in one growing buffer, found through the key's 53-bit hash (resource-diff's hashKey, as its
 * high 32 and low 21 bits), in the order they were first added. A diff keeps the earlier snapshot's
 * failing results and the keys it has reported while the later snapshot streams; as Map entries of
 * strings and records they were live heap for the whole stream, and V8 lets a heap grow to a
 * multiple of what is live before it collects (a report with --previous peaked about 35 MB higher
 * for the 15,000 failing results of the bench snapshot). Pure.
 */

import { firstSlot, LOW_MASK } from './key-hash-table.js';

export class KeyStore {
  private bytes = Buffer.alloc(64 * 1024);
  private used = 0;
  private count = 0;
  /** Per entry: where its key's bytes start, how many they are, and its payload's after them. */
  private start = new Uint32Array(1024);
  private keyBytes = new Uint32Array(1024);
  private payloadBytes = new Uint32Array(1024);
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  private codes = new Uint8Array(1024);
  /** Open addressing over the entries by hash: entry + 1 in each used slot, 0 in a free one. */
  private slots = new Uint32Array(2048);
  private bits = 11;

  /** Entries held. */
  get size(): number {
    return this.count;
  }

  /** Whether some entry's key has this hash (without building the key to compare). */
  hasHash(high: number, low: number): boolean {
    const h = high >>> 0;
    const mask = this.slots.length - 1;
    for (let i = this.slot(h, low); ; i = (i + 1) & mask) {
      const e = (this.slots[i] as number) - 1;
      if (e < 0) return false;
      if (this.high[e] === h && this.low[e] === low) return true;
    }
  }

  /** The entry whose key is `key` (its hash given), or -1. */
  find(high: number, low: number, key: string): number {
    const h = high >>> 0;
    const mask = this.slots.length - 1;
    for (let i = this.slot(h, low); ; i = (i + 1) & mask) {
      const e = (this.slots[i] as number) - 1;
      if (e < 0) return -1;
      if (this.high[e] === h && this.low[e] === low && this.key(e) === key) return e;
    }
  }

  /** Adds `key` (not held: find first) with its payload and code 0; returns its entry. */
  add(high: number, low: number, key: string, payload: string): number {
    if (!(low >= 0 && low <= LOW_MASK && Number.isInteger(low))) throw new RangeError(`KeyStore: low ${low} is not a 21-bit integer`);
    const e = this.count;
    if (e === this.start.length) this.growEntries();
    this.high[e] = high >>> 0;
    this.low[e] = low;
    this.codes[e] = 0;
    this.count += 1;
    this.write(e, key, payload);
    this.index(e);
    if (this.count * 2 > this.slots.length - 1) this.growSlots();
    return e;
  }

  /** Replaces an entry's payload (its key stays). */
  setPayload(entry: number, payload: string): void {
    this.write(this.check(entry), this.key(entry), payload);
  }

  key(entry: number): string {
    const s = this.start[this.check(entry)] as number;
    return this.bytes.toString('utf8', s, s + (this.keyBytes[entry] as number));
  }

  payload(entry: number): string {
    const s = (this.start[this.check(entry)] as number) + (this.keyBytes[entry] as number);
    return this.bytes.toString('utf8', s, s + (this.payloadBytes[entry] as number));
  }

  code(entry: number): number {
    return this.codes[this.check(entry)] as number;
  }

  /** An entry's code, 0-255 (0 when added). */
  setCode(entry: number, code: number): void {
    if (!(code >= 0 && code <= 255 && Number.isInteger(code))) throw new RangeError(`KeyStore: code ${code} is not an integer from 0 to 255`);
    this.codes[this.check(entry)] = code;
  }

  private check(entry: number): number {
    if (!(entry >= 0 && entry < this.count && Number.isInteger(entry))) throw new RangeError(`KeyStore: no entry ${entry}`);
    return entry;
  }

  /** Appends the key's and the payload's bytes for the entry (a replaced payload leaves its old bytes unused). */
  private write(entry: number, key: string, payload: string): void {
    const k = Buffer.byteLength(key, 'utf8');
    const p = Buffer.byteLength(payload, 'utf8');
    while (this.used + k + p > this.bytes.length) {
      const bigger = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.start[entry] = this.used;
    this.keyBytes[entry] = this.bytes.write(key, this.used, 'utf8');
    this.used += k;
    this.payloadBytes[entry] = this.bytes.write(payload, this.used, 'utf8');
    this.used += p;
  }

  private slot(high: number, low: number): number {
    return firstSlot(high, low, this.bits);
  }

  private index(entry: number): void {
    const mask = this.slots.length - 1;
    let i = this.slot(this.high[entry] as number, this.low[entry] as number);
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = entry + 1;
  }

  private growSlots(): void {
    this.bits += 1;
    this.slots = new Uint32Array(1 << this.bits);
    for (let e = 0; e < this.count; e++) this.index(e);
  }

  private growEntries(): void {
    const n = this.start.length * 2;
    const grow32 = (a: Uint32Array) => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    this.start = grow32(this.start);
    this.keyBytes = grow32(this.keyBytes);
    this.payloadBytes = grow32(this.payloadBytes);
    this.high = grow32(this.high);
    this.low = grow32(this.low);
    const codes = new Uint8Array(n);
    codes.set(this.codes);
    this.codes = codes;
  }
}
