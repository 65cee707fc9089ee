import { describe, expect, it } from 'vitest';
import { formatProblems, type Problem } from '../../src/domain/errors.js';

describe('formatProblems', () => {
  it('shows the first 50 and counts the rest per file', () => {
    const problems: Problem[] = Array.from({ length: 30_000 }, (_, i) => ({ file: i < 29_990 ? 'evidence-register.csv' : 'exceptions.yaml', line: i + 2, message: 'supports is empty' }));
    const lines = formatProblems(problems);
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe('evidence-register.csv: line 2: supports is empty');
    expect(lines[50]).toBe('... and 29,950 more problems (29,940 in evidence-register.csv, 10 in exceptions.yaml), not shown: fix the ones above and run again to see them');
    expect(formatProblems(problems.slice(0, 3))).toHaveLength(3);
  });
});
