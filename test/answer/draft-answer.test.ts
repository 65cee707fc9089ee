import { describe, expect, it } from 'vitest';
import { classifyQuestion } from '../../src/answer/classify-question.js';
import { draftAnswer, primaryControls, type AnswerInputs } from '../../src/answer/draft-answer.js';
import type { QuestionMatch } from '../../src/answer/match-question.js';
import type { ControlResult } from '../../src/domain/result.js';
import { control, manual, rule } from './fixtures.js';

function match(controlIds: string[], explicit = false): QuestionMatch {
  const citations = [{ framework: 'pci-dss-4.0.1', requirementId: '8.3.2', score: 0.9, explicit, controls: controlIds, about: controlIds }];
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

function inputs(controls: ControlResult[]): AnswerInputs {
  return {
    controls: new Map(controls.map((c) => [c.controlId, c])),
    requirements: new Map(),
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
    expect(d.internal.judgements[0]?.evidence.join(' ')).toContain('SECRETSMANAGER_USING_CMK: 31/31 compliant');
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
