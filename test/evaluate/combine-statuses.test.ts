import { describe, expect, it } from 'vitest';
import { combineStatuses, lowerForGap } from '../../src/evaluate/combine-statuses.js';
import type { Status } from '../../src/domain/status.js';

describe('combineStatuses', () => {
  const cases: [Status[], Status][] = [
    [[], 'needs-evidence'],
    [['met'], 'met'],
    [['met', 'not-met'], 'not-met'],
    [['accepted-risk', 'not-met'], 'not-met'],
    [['met', 'accepted-risk'], 'accepted-risk'],
    [['inherited', 'inherited'], 'inherited'],
    [['inherited', 'met'], 'met'],
    [['met', 'needs-evidence'], 'partial'],
    [['inherited', 'needs-evidence'], 'partial'],
    [['needs-evidence', 'needs-evidence'], 'needs-evidence'],
    [['not-applicable', 'not-applicable'], 'not-applicable'],
    [['not-applicable', 'met'], 'met'],
    [['not-applicable', 'needs-evidence'], 'needs-evidence'],
    [['partial', 'met'], 'partial'],
    [['accepted-risk', 'needs-evidence'], 'partial'],
  ];
  it.each(cases)('%j -> %s', (parts, expected) => {
    expect(combineStatuses(parts)).toBe(expected);
  });
});

describe('lowerForGap: a gap only ever lowers a status', () => {
  const cases: [Status, Status][] = [
    ['met', 'partial'],
    ['accepted-risk', 'partial'],
    ['not-applicable', 'needs-evidence'],
    ['inherited', 'inherited'],
    ['not-met', 'not-met'],
    ['partial', 'partial'],
    ['needs-evidence', 'needs-evidence'],
  ];
  it.each(cases)('%s -> %s', (s, expected) => {
    expect(lowerForGap(s)).toBe(expected);
  });
});
