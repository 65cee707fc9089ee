import { describe, expect, it } from 'vitest';
import { combineVerdicts, isDocumentOfIntent, judgeControl } from '../../src/answer/judge-control.js';
import { control, manual, rule } from './fixtures.js';

const asOf = '2026-09-30';

describe('judgeControl: a Yes needs evidence of the practice', () => {
  it('met with Config evaluations or a record of the practice is Yes', () => {
    expect(judgeControl(control('mfa', 'met', { automated: [rule('IAM_USER_MFA_ENABLED', 40)] }), 'Is MFA enforced?', asOf).verdict).toBe('Yes');
    expect(judgeControl(control('review', 'met', { manual: [manual('access-review', 'Q2 access review', '2026-07-01', '2026-10-01')] }), 'Are access rights reviewed?', asOf).verdict).toBe('Yes');
  });

  it('met on a policy alone is review, unless the question asks for that document', () => {
    const c = control('assigned-security-responsibility', 'met', { manual: [manual('information-security-policy', 'Information Security Policy v4', '2026-06-01', '2027-06-01')] });
    const named = judgeControl(c, 'Is there a named individual responsible for security?', asOf);
    expect(named.verdict).toBe('Needs review');
    expect(named.why).toContain('statement of intent');
    expect(judgeControl(c, 'Do you have a written information security policy?', asOf).verdict).toBe('Yes');
  });

  it.each([
    ['not-met', 'No'],
    ['accepted-risk', 'Partial'],
    ['partial', 'Needs review'],
    ['needs-evidence', 'Needs review'],
    ['not-applicable', 'Not applicable'],
  ] as const)('%s -> %s', (status, verdict) => {
    expect(judgeControl(control('c', status), 'Is it done?', asOf).verdict).toBe(verdict);
  });

  it('documents of intent are told apart from records of the practice', () => {
    expect(['information-security-policy', 'change-management-procedure', 'incident-response-plan', 'secure-configuration-standard'].every(isDocumentOfIntent)).toBe(true);
    expect(['access-review', 'incident-response-test', 'vulnerability-scan-report', 'log-review-records'].some(isDocumentOfIntent)).toBe(false);
  });

  it('combines several controls: review wins, all alike stay, a mix is Partial', () => {
    expect(combineVerdicts(['Yes', 'Yes'])).toBe('Yes');
    expect(combineVerdicts(['Yes', 'No'])).toBe('Partial');
    expect(combineVerdicts(['Yes', 'Needs review'])).toBe('Needs review');
    expect(combineVerdicts(['Not applicable', 'No'])).toBe('No');
  });
});
