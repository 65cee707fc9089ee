import { describe, expect, it } from 'vitest';
import { combineJudgements, isDocumentOfIntent, judgeRequirement } from '../../src/answer/judge-requirement.js';
import type { ApplicabilityDeclaration } from '../../src/domain/applicability.js';
import { cited, control, manual, part, requirement, rule } from './fixtures.js';

const asOf = '2026-09-30';
const mfa = control('mfa', 'met', { automated: [rule('IAM_USER_MFA_ENABLED', 40)] });
const policy = control('security-policy', 'met', { manual: [manual('information-security-policy', 'Information Security Policy v4', '2026-06-01', '2027-06-01')] });

describe('judgeRequirement: an answer repeats the requirement\'s verdict, never more', () => {
  it('met on deciding Config evaluations or a record of the practice is Yes, with that evidence', () => {
    const j = judgeRequirement(cited('pci-dss-4.0.1', requirement('8.4.2', 'met', [part('rule', 'IAM_USER_MFA_ENABLED', 'mfa', 'met')], { frameworkStatus: 'In Place' }), [mfa]), 'Is MFA enforced?', asOf);
    expect(j).toMatchObject({ verdict: 'Yes', statusText: 'Met (pci-dss-4.0.1: In Place)' });
    expect(j.evidence).toEqual([{ kind: 'automated', name: 'automated AWS Config checks', date: asOf, status: 'met', rule: { identifier: 'IAM_USER_MFA_ENABLED', compliant: 40, evaluated: 40 } }]);
    expect(j.trail.join(' ')).toContain('IAM_USER_MFA_ENABLED (mfa): Met');
  });

  it('only deciding evidence counts: a control\'s other rules that pass do not make a Yes', () => {
    // The control has a passing rule, but the requirement is decided by a manual record that is missing.
    const j = judgeRequirement(cited('soc2-2017', requirement('CC6.1', 'needs-evidence', [part('manual', 'access-review', 'mfa', 'needs-evidence')]), [mfa]), 'Is MFA enforced?', asOf);
    expect(j.verdict).toBe('Needs review');
    expect(j.evidence).toEqual([]);
  });

  it('a broad requirement failing on another practice than the one asked about allows no Yes, and says no No either', () => {
    const encryption = control('encryption-at-rest', 'not-met', { automated: [rule('EBS_ENCRYPTED_VOLUMES', 10, 2)] });
    const r = cited('soc2-2017', requirement('CC6.1', 'not-met', [part('rule', 'IAM_USER_MFA_ENABLED', 'mfa', 'met'), part('rule', 'EBS_ENCRYPTED_VOLUMES', 'encryption-at-rest', 'not-met')]), [mfa, encryption]);
    const elsewhere = judgeRequirement(r, 'Is MFA enforced?', asOf, new Set(['mfa']));
    expect(elsewhere.verdict).toBe('Needs review');
    expect(elsewhere.why).toContain('by its evidence of encryption-at-rest, not of the practice asked about');
    expect(judgeRequirement(r, 'Are volumes encrypted?', asOf, new Set(['encryption-at-rest'])).verdict).toBe('No');
  });

  it('met on a policy alone is review, unless the question asks for that document', () => {
    const r = cited('iso27001-2022', requirement('A.5.1', 'met', [part('manual', 'information-security-policy', 'security-policy', 'met')]), [policy]);
    const named = judgeRequirement(r, 'Is there a named individual responsible for security?', asOf);
    expect(named.verdict).toBe('Needs review');
    expect(named.why).toContain('statement of intent');
    expect(judgeRequirement(r, 'Do you have a written information security policy?', asOf).verdict).toBe('Yes');
  });

  it.each([
    ['not-met', 'No'],
    ['accepted-risk', 'Partial'],
    ['partial', 'Needs review'],
    ['needs-evidence', 'Needs review'],
  ] as const)('%s -> %s', (status, verdict) => {
    expect(judgeRequirement(cited('f', requirement('1', status, [part('rule', 'IAM_USER_MFA_ENABLED', 'mfa', status)]), [mfa]), 'Is it done?', asOf).verdict).toBe(verdict);
  });

  it('declared not applicable carries the declaration; not applicable without one is marked undeclared', () => {
    const d: ApplicabilityDeclaration = { requirement: 'pci-dss-4.0.1:4.2.1.2', decision: 'not-applicable', justification: 'No wireless network carries cardholder data.', approver: 'CISO', approvedOn: '2026-07-01' };
    const declared = judgeRequirement(cited('pci-dss-4.0.1', requirement('4.2.1.2', 'not-applicable', [], { declaration: d }), []), 'Is wireless traffic encrypted?', asOf);
    expect(declared).toMatchObject({ verdict: 'Not applicable', declared: d });
    const undeclared = judgeRequirement(cited('f', requirement('2', 'not-applicable', []), []), 'Is it done?', asOf);
    expect(undeclared.declared).toBeUndefined();
  });

  it('documents of intent are told apart from records of the practice', () => {
    expect(['information-security-policy', 'change-management-procedure', 'incident-response-plan', 'secure-configuration-standard'].every(isDocumentOfIntent)).toBe(true);
    expect(['access-review', 'incident-response-test', 'vulnerability-scan-report', 'log-review-records'].some(isDocumentOfIntent)).toBe(false);
  });
});

describe('combineJudgements: never more than the weakest cited requirement shows', () => {
  const j = (verdict: 'Yes' | 'No' | 'Partial' | 'Not applicable' | 'Needs review', declared = false) => ({
    ref: 'f:1', title: 't', status: 'met' as const, statusText: 'Met', verdict, why: '', evidence: [], trail: [],
    ...(declared ? { declared: { requirement: 'f:1', decision: 'not-applicable' as const, justification: 'j', approver: 'a', approvedOn: '2026-01-01' } } : {}),
  });
  it.each([
    [['Yes', 'Yes'], 'Yes'],
    [['Yes', 'No'], 'No'],
    [['Yes', 'Needs review'], 'Needs review'],
    [['No', 'Needs review'], 'No'],
    [['Yes', 'Partial'], 'Partial'],
    [['Not applicable', 'Yes'], 'Yes'],
    [[], 'Needs review'],
  ] as const)('%j -> %s', (verdicts, expected) => {
    expect(combineJudgements(verdicts.map((v) => j(v)))).toBe(expected);
  });
  it('Not applicable only when every cited requirement is declared so', () => {
    expect(combineJudgements([j('Not applicable', true), j('Not applicable', true)])).toBe('Not applicable');
    expect(combineJudgements([j('Not applicable', true), j('Not applicable')])).toBe('Needs review');
  });
});
