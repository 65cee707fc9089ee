/**
 * A numeric option checked before any work: yargs reads `--failing-cap abc` as NaN and `-3` as a
 * number, and either went on into the pipeline (NaN as an internal error, -3 silently as 0).
 */
import { SrmapError } from '../domain/errors.js';

/** The option's value when it is a whole number of at least `min`; otherwise a usage error naming the flag and an example. */
export function wholeNumberOption(flag: string, value: number, min: number, example: number): number {
  if (Number.isInteger(value) && value >= min) return value;
  const given = Number.isNaN(value) ? 'is not a number' : `is ${value}`;
  throw new SrmapError('USAGE', `--${flag} ${given}: it takes a whole number of ${min} or more.`, { hint: `e.g. --${flag} ${example}` });
}
