import { describe, expect, it } from 'vitest';
import { classifyQuestion } from '../../src/answer/classify-question.js';
import { draftAnswer, primaryControls, type AnswerInputs } from '../../src/answer/draft-answer.js';
import type { QuestionMatch } from '../../src/answer/match-question.js';
import type { CitedRequirement } from '../../src/answer/judge-requirement.js';
import type { ControlResult, EvidencePart, RequirementResult } from '../../src/domain/result.js';
import { cited, control, manual, part, requirement, rule } from './fixtures.js';

function match(controlIds: string[], explicit = false, refs: string[] = ['pci-dss-4.0.1:8.3.2']): QuestionMatch {
  const citations = refs.map((ref) => {
    const [framework = '', requirementId = ''] = ref.split(/:(.*)/s);
    return { framework, requirementId, score: 0.9, explicit, controls: controlIds, about: controlIds };
  });
  return {
    byFramework: new Map([['pci-dss-4.0.1', citations]]),
    citations,
    controls: controlIds.map((controlId, i) => ({ controlId, score: i === 0 ? 1 : 0.5 })),
    explicit,
    strength: 20,
    margin: 0.5,
    expandedWith: [],
  };
}

/** Each control decides a requirement of its own status by its evidence (its rules, its records). */
function decidedBy(c: ControlResult): EvidencePart[] {
  return [...c.automated.map((r) => part('rule', r.identifier, c.controlId, c.status)), ...c.manual.map((m) => part('manual', m.kind, c.controlId, c.status))];
}

function inputs(controls: ControlResult[], requirements?: Map<string, RequirementResult>): AnswerInputs {
  const reqs = requirements ?? new Map([['pci-dss-4.0.1:8.3.2', requirement('8.3.2', controls[0]?.status ?? 'needs-evidence', controls.flatMap(decidedBy))]]);
  const byRef = new Map<string, CitedRequirement>([...reqs].map(([ref, r]) => [ref, cited(ref.split(':')[0] ?? '', r, controls)]));
  return {
    controls: new Map(controls.map((c) => [c.controlId, c])),
    requirements: byRef,
    asOf: '2026-09-30',
    organisation: 'Acme',
    practice: new Map(controls.map((c) => [c.controlId, `Acme runs ${c.controlId}.`])),
    profile: { profile: { insurance: 'Yes. Cyber cover of USD 5M.' }, organisation: 'Acme', regions: ['eu-west-1'], regionsSource: 'srmap.yaml' },
    threshold: 0.6,
  };
}

const draft = (q: string, controls: ControlResult[], confidence = 0.8, m = match(controls.map((c) => c.controlId))) => draftAnswer(q, classifyQuestion(q, { hasId: true }), m, confidence, inputs(controls));

describe('draftAnswer', () => {
  const storage = control('credential-management', 'met', { automated: [rule('SECRETSMANAGER_USING_CMK', 31)] });

  it('a negative-worded question is answered with the polarity inverted: a met control answers No', () => {
    const d = draft('Are passwords stored in plaintext anywhere?', [storage]);
    expect(d).toMatchObject({ answer: 'No', negative: true, answered: true });
    expect(d.response.lead).toBe('No.');
    expect(d.response.practice).toBe('Acme runs credential-management.');
  });

  it('a negative-worded question whose control falls short is sent to review, never answered Yes by inversion', () => {
    const failing = control('credential-management', 'not-met', { automated: [rule('ACCESS_KEYS_ROTATED', 3, 2)] });
    const d = draft('Are passwords stored in plaintext anywhere?', [failing]);
    expect(d.answer).toBe('Needs review');
    expect(d.internal.review.join(' ')).toContain('Negative wording');
  });

  it('a positive question: the verdict of the evidence; customer evidence by name and date, no ids', () => {
    const d = draft('Are credentials managed centrally?', [storage]);
    expect(d.answer).toBe('Yes');
    expect(d.response.evidence).toEqual([{ name: 'automated AWS Config checks (31 of 31 evaluated resources compliant)', date: '2026-09-30' }]);
    expect(JSON.stringify(d.response)).not.toMatch(/SECRETSMANAGER|\d{12}/);
    expect(d.internal.judgements[0]?.evidence.join(' ')).toContain('rule SECRETSMANAGER_USING_CMK (credential-management): Met. SECRETSMANAGER_USING_CMK is met. [31/31 compliant');
  });

  it('never claims more than a cited requirement shows: a met control under a not-met requirement answers No', () => {
    // The control's evidence passes, but the requirement it is cited for is decided by a rule that fails.
    const failing = control('credential-management', 'met', { automated: [rule('SECRETSMANAGER_USING_CMK', 31), rule('ACCESS_KEYS_ROTATED', 3, 2)] });
    const reqs = new Map([
      ['pci-dss-4.0.1:8.3.2', requirement('8.3.2', 'met', [part('rule', 'SECRETSMANAGER_USING_CMK', 'credential-management', 'met')])],
      ['soc2-2017:CC6.1', requirement('CC6.1', 'not-met', [part('rule', 'ACCESS_KEYS_ROTATED', 'credential-management', 'not-met')], { frameworkStatus: 'Exception noted' })],
    ]);
    const q = 'Are credentials managed centrally?';
    const d = draftAnswer(q, classifyQuestion(q), match(['credential-management'], false, [...reqs.keys()]), 0.8, inputs([failing], reqs));
    expect(d.answer).toBe('No');
    expect(d.response.practice).toBe('');
    // The customer reads what falls short: the failing check of the requirement that says No.
    expect(d.response.evidence).toEqual([{ name: 'automated AWS Config checks (3 of 5 evaluated resources compliant)', date: '2026-09-30' }]);
    expect(d.internal.judgements.map((j) => j.status)).toEqual(['Met', 'Not met (soc2-2017: Exception noted)']);
    // A requirement only partly evidenced sends the answer to review, whatever its control shows.
    reqs.set('soc2-2017:CC6.1', requirement('CC6.1', 'partial', [part('manual', 'access-review', 'credential-management', 'needs-evidence')]));
    expect(draftAnswer(q, classifyQuestion(q), match(['credential-management'], false, [...reqs.keys()]), 0.8, inputs([failing], reqs)).answer).toBe('Needs review');
  });

  it('a requirement declared not applicable answers Not applicable with the declaration\'s justification; an undeclared one goes to review', () => {
    const justification = 'No wireless network carries cardholder data; the clinics\' Wi-Fi reaches the internet only.';
    const declaration = { requirement: 'pci-dss-4.0.1:4.2.1.2', decision: 'not-applicable' as const, justification, approver: 'CISO (Dana)', approvedOn: '2026-07-01' };
    const wifi = control('wireless-security', 'needs-evidence');
    const reqs = new Map([['pci-dss-4.0.1:4.2.1.2', requirement('4.2.1.2', 'not-applicable', [], { declaration, frameworkStatus: 'Not Applicable' })]]);
    const q = 'Is wireless traffic in the payment environment encrypted?';
    const d = draftAnswer(q, classifyQuestion(q), match(['wireless-security'], false, [...reqs.keys()]), 0.8, inputs([wifi], reqs));
    expect(d).toMatchObject({ answer: 'Not applicable', answered: true });
    expect(d.response).toMatchObject({ lead: 'Not applicable.', justification, evidence: [] });
    reqs.set('pci-dss-4.0.1:4.2.1.2', requirement('4.2.1.2', 'not-applicable', []));
    expect(draftAnswer(q, classifyQuestion(q), match(['wireless-security'], false, [...reqs.keys()]), 0.8, inputs([wifi], reqs)).answer).toBe('Needs review');
  });

  it('an exception or alternative measure on a cited requirement answers Partially, never Yes', () => {
    const keys = control('key-management', 'met', { automated: [rule('KMS_CMK_NOT_SCHEDULED_FOR_DELETION', 12, 1)] });
    const reqs = new Map([['pci-dss-4.0.1:3.6.1', requirement('3.6.1', 'accepted-risk', [part('rule', 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', 'key-management', 'accepted-risk')], { frameworkStatus: 'In Place with CCW' })]]);
    const q = 'Are encryption keys protected?';
    const d = draftAnswer(q, classifyQuestion(q), match(['key-management'], false, [...reqs.keys()]), 0.8, inputs([keys], reqs));
    expect(d.answer).toBe('Partial');
    expect(d.response.lead).toBe('Partially.');
  });

  it('below the confidence threshold the answer is Needs review, with the draft kept for the reviewer', () => {
    const d = draft('Are credentials managed centrally?', [storage], 0.4);
    expect(d.answer).toBe('Needs review');
    expect(d.internal.review[0]).toContain('below 0.60');
    expect(d.internal.judgements).toHaveLength(1);
  });

  it('facts come from the profile, not from a control; a frequency from the register; a figure asked for goes to review', () => {
    expect(draft('Does the supplier carry cyber insurance?', [storage])).toMatchObject({ answer: 'Yes', kind: 'factual', citations: [] });
    const reviews = control('access-lifecycle', 'met', { manual: [manual('access-review', 'Access review Q2', '2026-07-17', '2026-10-15')] });
    expect(draft('How often are user access rights reviewed?', [reviews]).answer).toBe('Quarterly');
    expect(draft('What are your recovery time objectives?', [reviews]).answer).toBe('Needs review');
    expect(draft('Describe how access is reviewed.', [reviews])).toMatchObject({ answered: true, kind: 'descriptive' });
  });

  it('an approved library answer is preferred when current, not when its review is over a year old', () => {
    const approved = { question: 'Is MFA enforced?', answer: 'Yes', response: 'Yes, for every login.', owner: 'CISO (Dana)', reviewedOn: '2026-03-01', line: 2 };
    const q = 'Is MFA enforced for all users?';
    const fresh = draftAnswer(q, classifyQuestion(q), match([storage.controlId]), 0.3, inputs([storage]), { approved, similarity: 0.75, stale: false });
    expect(fresh).toMatchObject({ answer: 'Yes', answered: true });
    expect(fresh.internal.source).toContain('approved by CISO (Dana), last reviewed 2026-03-01');
    const stale = draftAnswer(q, classifyQuestion(q), match([storage.controlId]), 0.8, inputs([storage]), { approved: { ...approved, reviewedOn: '2025-01-01' }, similarity: 0.75, stale: true });
    expect(stale.internal.review.join(' ')).toContain('more than a year before');
  });

  it('an explicit requirement reference answers from that requirement\'s controls', () => {
    const m = match(['key-management', 'certificate-management'], true);
    expect(primaryControls(m)).toEqual(['key-management', 'certificate-management']);
  });

  it('rows that are not questions get nothing', () => {
    expect(draft('Thank you for completing this assessment.', [storage])).toMatchObject({ answer: '', answered: false, kind: 'not-a-question' });
  });
});
