/**
 * Array helpers that never spread an array into a call. `Math.max(...xs)` and `out.push(...xs)`
 * put every element on the stack as an argument: past about 100,000 elements they throw
 * RangeError (a 50 MB questionnaire did). ESLint forbids spreading into a call in src/; use these.
 */

/** The largest of `values`, or `floor` when there are none (or all are smaller). */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** Appends every item to `target` (in place) and returns it. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
