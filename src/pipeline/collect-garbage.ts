/**
 * A full, compacting garbage collection of this thread's heap, for the moment a phase's working
 * set has just died (report: the snapshot's stream is over, the PDF lanes and workbooks are next).
 *
 * Why: V8 lets the old generation grow to several times what is live before its next full
 * collection (up to 4x on a machine with memory to spare), and a phase that promotes little (the
 * workbooks) does not reach that limit for a long time. Measured on the 998,053-result report:
 * after the stream the heap held 44-60 MB live in 215-240 MB of pages, and those pages stayed
 * committed while the PDF lane laid out beside them (the next full collection came 35 s later).
 * A plain full collection then frees the dead objects but keeps most pages (each still holds a
 * few live objects: 152 MB of old generation for 44 MB live in one run); compacted, the heap is
 * 82 MB and the process about 160 MB smaller, for one collection of about 0.3-0.45 s.
 *
 * Node gives no call for it without `--expose-gc`; the function is taken, as Jest does, from a new
 * context created while V8's flag is set, and the flag is unset again at once (later contexts and
 * threads do not see it); V8's compact-on-every-full-gc flag is set only for that one collection.
 * Where that fails, nothing is collected early: the run is the same, it only holds more memory.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  if (gc !== undefined) return gc;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return (gc = exposed as () => void);
  try {
    setFlagsFromString('--expose-gc');
    const f: unknown = runInNewContext('gc');
    gc = typeof f === 'function' ? (f as () => void) : null;
  } catch {
    gc = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return gc;
}

/** Collects this thread's garbage now and compacts what is left; false where V8 gave no way to. */
export function collectGarbage(): boolean {
  const f = gcFunction();
  if (!f) return false;
  // First without compaction: the pages left empty go back, so that the compaction's copies of
  // the live objects land in them, not in pages added on top (measured: a compaction straight
  // away added 54-87 MB for a moment to a `report --previous` at 1M, on a 449 MB heap).
  f();
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    f();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
  return true;
}
