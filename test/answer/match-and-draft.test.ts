import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { findApproved, similarity } from '../../src/answer/answer-library.js';
import { draftAnswer } from '../../src/answer/draft-answer.js';
import { buildMatchIndex, VocabularySchema, type MatchIndex } from '../../src/answer/match-question.js';
import type { ControlResult } from '../../src/domain/result.js';
import type { Status } from '../../src/domain/status.js';

let index: MatchIndex;
beforeAll(async () => {
  const catalog = await loadCatalog();
  index = buildMatchIndex(catalog, VocabularySchema.parse(parse(await readFile('frameworks/vocabulary/synonyms.yaml', 'utf8'))));
});

describe('explicit references come first, exactly as the standards write them', () => {
  it.each([
    ['Describe your use of cryptography (ISO 27001 A.8.24)', 'iso27001-2022:A.8.24'],
    ['How do you meet CC6.1?', 'soc2-2017:CC6.1'],
    ['PCI DSS 8.4.2 - MFA into the CDE', 'pci-dss-4.0.1:8.4.2'],
    ['Requirement 11.3.2: quarterly ASV scans', 'pci-dss-4.0.1:11.3.2'],
    ['Audit controls per 164.312(b)', 'hipaa-security:164.312(b)'],
    ['45 CFR 164.308(a)(1) security management process', 'hipaa-security:164.308(a)(1)(i)'],
    ['ISO 27001 clause 9.2 internal audit', 'iso27001-2022:9.2.1'],
  ])('%s -> %s', (question, ref) => {
    const m = index.match(question);
    expect(m.explicit).toBe(true);
    expect(`${m.requirements[0]?.framework}:${m.requirements[0]?.requirementId}`).toBe(ref);
  });

  it('the vocabulary expands abbreviations: "pen tests" finds penetration testing', () => {
    const m = index.match('Do you do annual pen tests?');
    expect(m.expandedWith).toContain('penetration testing');
    expect(m.controls[0]?.controlId).toBe('penetration-testing');
  });
});

describe('what a requirement is about', () => {
  it('is the same whether its controls decide it or only support it: moving them to supportedBy changes no match', async () => {
    const catalog = await loadCatalog();
    const vocabulary = VocabularySchema.parse(parse(await readFile('frameworks/vocabulary/synonyms.yaml', 'utf8')));
    const supportedOnly = { ...catalog, frameworks: catalog.frameworks.map((f) => ({ ...f, requirements: f.requirements.map((r) => ({ ...r, controls: [], supportedBy: [...r.controls, ...(r.supportedBy ?? [])] })) })) };
    const moved = buildMatchIndex(supportedOnly, vocabulary);
    for (const q of ['Is customer data encrypted at rest?', 'Do you maintain an inventory of all hardware and software assets?', 'Are development, test and production environments separated?']) {
      expect(moved.match(q, 3).requirements, q).toEqual(index.match(q, 3).requirements);
    }
  });
});

function control(id: string, status: Status): ControlResult {
  return { controlId: id, title: id, family: 'f', responsibility: 'customer', aws: 'a', customer: 'c', services: [], status, reasons: [`${id} is ${status}`], automated: [], attestations: [], manual: [], gaps: [], remediation: 'r' };
}

describe('draftAnswer', () => {
  const match = { requirements: [], controls: [{ controlId: 'a', score: 1 }, { controlId: 'b', score: 0.2 }], explicit: false, topScore: 60, expandedWith: [] };
  it.each([
    [['met', 'inherited'], 'Yes'],
    [['not-met', 'not-met'], 'No'],
    [['met', 'not-met'], 'Partial'],
    [['met', 'accepted-risk'], 'Partial'],
    [['not-applicable'], 'Not applicable'],
    [['met', 'needs-evidence'], 'Needs review'],
  ] as [Status[], string][])('%j -> %s', (statuses, expected) => {
    const results = new Map(statuses.map((s, i) => [`c${i}`, control(`c${i}`, s)]));
    expect(draftAnswer(match, [...results.keys()], results, 'Org').answer).toBe(expected);
  });

  it('a weak match is Needs review, and no matched control is Needs review with the reason', () => {
    const weak = { ...match, topScore: 2, controls: [{ controlId: 'a', score: 1 }, { controlId: 'b', score: 0.99 }] };
    expect(draftAnswer(weak, ['c0'], new Map([['c0', control('c0', 'met')]]), 'Org').answer).toBe('Needs review');
    const none = draftAnswer(match, [], new Map(), 'Org');
    expect(none.answer).toBe('Needs review');
    expect(none.context.missing).toContain('no common control matched');
  });
});

describe('approved answer library', () => {
  it('matches close rewordings, not different questions', () => {
    expect(similarity('Do you review user access quarterly?', 'Do you review user access every quarter?')).toBeGreaterThanOrEqual(0.7);
    const lib = [{ question: 'Is data encrypted at rest?', answer: 'Yes' as const, explanation: 'AES-256 with KMS.' }];
    expect(findApproved('Is all customer data encrypted at rest?', lib)?.approved.explanation).toBe('AES-256 with KMS.');
    expect(findApproved('Is data encrypted in transit?', lib)).toBeUndefined();
  });
});
