import { describe, expect, it } from 'vitest';
import { findApproved, parseAnswerLibrary, similarity } from '../../src/answer/answer-library.js';
import { SrmapError } from '../../src/domain/errors.js';

describe('answer library', () => {
  const text = 'question,answer,response,owner,reviewed_on\n"Is data encrypted at rest?",Yes,"AES-256 under AWS KMS.","CISO (Dana)",2026-05-01\n';

  it('keeps owner and review date per approved answer, and matches close rewordings only', () => {
    const lib = parseAnswerLibrary(text, 'approved.csv');
    expect(lib[0]).toMatchObject({ owner: 'CISO (Dana)', reviewedOn: '2026-05-01', line: 2 });
    expect(findApproved('Is all customer data encrypted at rest?', lib, '2026-09-30')).toMatchObject({ stale: false });
    expect(findApproved('Is data encrypted in transit?', lib, '2026-09-30')).toBeUndefined();
    expect(findApproved('Is data encrypted at rest?', lib, '2027-09-30')?.stale).toBe(true);
    expect(similarity('Do you review user access quarterly?', 'Do you review user access every quarter?')).toBeGreaterThanOrEqual(0.7);
  });

  it('a missing column or a bad row is an error with the line and what to write', () => {
    expect(() => parseAnswerLibrary('question,answer,explanation\nIs MFA on?,Yes,x\n', 'old.csv')).toThrow(/missing columns owner, reviewed_on/);
    try {
      parseAnswerLibrary('question,answer,response,owner,reviewed_on\nIs MFA on?,Yes,,,last week\n', 'approved.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SrmapError);
      expect((e as SrmapError).problems.map((p) => [p.line, p.path])).toEqual([
        [2, 'owner'],
        [2, 'reviewed_on'],
      ]);
    }
  });
});
