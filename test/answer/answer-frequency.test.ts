import { describe, expect, it } from 'vitest';
import { answerFrequency, cadenceOf } from '../../src/answer/answer-frequency.js';
import { control, manual } from './fixtures.js';

describe('answerFrequency', () => {
  it.each([
    [1, 'Daily'],
    [7, 'Weekly'],
    [30, 'Monthly'],
    [90, 'Quarterly'],
    [182, 'Every six months'],
    [365, 'Annually'],
  ])('%i days -> %s', (days, cadence) => {
    expect(cadenceOf(days)).toBe(cadence);
  });

  it('the cadence is the validity of the latest record of the practice, named with its date', () => {
    const c = control('access-lifecycle', 'met', { manual: [manual('access-review', 'Quarterly Privileged Access Review 2026 Q2', '2026-07-17', '2026-10-15')] });
    expect(answerFrequency('How often are user access rights reviewed?', [c])).toMatchObject({ answer: 'Quarterly', response: 'Quarterly. The most recent: Quarterly Privileged Access Review 2026 Q2 (2026-07-17).', found: true });
  });

  it('a policy review cadence is the document\'s; retention periods and missing records go to review', () => {
    const policy = control('information-security-policy', 'met', { manual: [manual('information-security-policy', 'Policy v4', '2026-06-02', '2027-06-02')] });
    expect(answerFrequency('How often is the information security policy reviewed?', [policy]).answer).toBe('Annually');
    expect(answerFrequency('How often are access rights reviewed?', [policy]).found).toBe(false);
    expect(answerFrequency('How long are security logs retained?', [policy])).toMatchObject({ answer: 'Needs review', found: false });
  });
});
