import { describe, expect, it } from 'vitest';
import { wholeNumberOption } from '../../src/cli/whole-number-option.js';
import { SrmapError } from '../../src/domain/errors.js';

describe('wholeNumberOption', () => {
  it('takes a whole number at or above the minimum', () => {
    expect(wholeNumberOption('failing-cap', 0, 0, 25)).toBe(0);
    expect(wholeNumberOption('history-limit', 8, 1, 8)).toBe(8);
  });

  it.each([
    [Number.NaN, 0, '--failing-cap is not a number: it takes a whole number of 0 or more.'],
    [-3, 0, '--failing-cap is -3: it takes a whole number of 0 or more.'],
    [2.5, 0, '--failing-cap is 2.5: it takes a whole number of 0 or more.'],
    [0, 1, '--failing-cap is 0: it takes a whole number of 1 or more.'],
  ])('refuses %s (minimum %s) as a usage error naming the flag', (value, min, message) => {
    let thrown: unknown;
    try {
      wholeNumberOption('failing-cap', value, min, 25);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SrmapError);
    expect((thrown as SrmapError).code).toBe('USAGE');
    expect((thrown as SrmapError).message).toBe(message);
    expect((thrown as SrmapError).hint).toBe('e.g. --failing-cap 25');
  });
});
