/**
 * A full garbage collection of this thread's heap, for the moment a phase's working set has just
 * died (report: the snapshot's stream is over, the PDF lanes and workbooks are next).
 *
 * Why: V8 lets the old generation grow to several times what is live before its next full
 * collection (up to 4x on a machine with memory to spare), and a phase that promotes little (the
 * workbooks) does not reach that limit for a long time. Measured on the 998,053-result report:
 * after the stream the heap held 46-60 MB live in 215-235 MB of pages, and those pages stayed
 * committed while the PDF lane laid out beside them (the next full collection came 35 s later).
 * Collected at the phase boundary, the heap is 150 MB and the process 90 MB smaller; it costs one
 * collection (about 0.1-0.15 s of CPU at that size).
 *
 * Node gives no call for it without `--expose-gc`; the function is taken, as Jest does, from a new
 * context created while V8's flag is set, and the flag is unset again at once (later contexts and
 * threads do not see it). Where that fails, nothing is collected early: the run is the same, it
 * only holds more memory.
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

/** Collects this thread's garbage now (a full, compacting collection); false where V8 gave no way to. */
export function collectGarbage(): boolean {
  const f = gcFunction();
  if (!f) return false;
  f();
  return true;
}
