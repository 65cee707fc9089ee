import { describe, expect, it } from 'vitest';
import { classifyQuestion } from '../../src/answer/classify-question.js';

describe('classifyQuestion', () => {
  it.each([
    ['Is customer data encrypted at rest?', 'control', false],
    ['Are passwords stored in plaintext anywhere?', 'control', true],
    ['Are passwords never stored in plaintext?', 'control', false],
    ['Are vendor-supplied default passwords changed before deployment?', 'control', false],
    ['Are shared or generic administrator accounts used?', 'control', true],
    ['Do you prohibit shared accounts?', 'control', false],
    ['Is production data ever copied into test environments?', 'control', true],
    ['Do any accounts have passwords that never expire?', 'control', true],
    ['Are any systems running software no longer supported by the vendor?', 'control', true],
    ['Is the CVV retained after authorisation?', 'control', true],
    ['Do not retain the CVV after authorisation.', 'control', false],
    ['How often are user access rights reviewed?', 'frequency', false],
    ['How long are security logs retained?', 'frequency', false],
    ['Describe how data is deleted when the contract ends.', 'descriptive', false],
    ['What are your recovery time and recovery point objectives?', 'descriptive', false],
    ['Thank you for completing this assessment.', 'not-a-question', false],
    ['Comments:', 'not-a-question', false],
    ['Please return the completed review to the security office.', 'not-a-question', false],
  ] as const)('%s -> %s (negative %s)', (q, kind, negative) => {
    expect(classifyQuestion(q, { hasId: true })).toMatchObject({ kind, negative });
  });

  it.each([
    ['Vendor legal name', 'legalName'],
    ['Solution Provider Name', 'legalName'],
    ['Is customer data stored in the EEA?', 'dataLocations'],
    ['Will any data be processed outside the United States?', 'dataLocations'],
    ['Where is customer data hosted?', 'dataLocations'],
    ['Can support staff outside the EU access customer data?', 'offshoreAccess'],
    ['Which third parties process customer data on your behalf?', 'subProcessors'],
    ['Do you hold a current SOC 2 Type II report?', 'certifications'],
    ['Does the solution use ML?', 'aiUse'],
    ['Is customer data used to train machine learning models?', 'aiUse'],
    ['Have you suffered a data breach in the last three years?', 'breachHistory'],
    ['Does the supplier carry cyber insurance?', 'insurance'],
    ['Who should we contact about privacy matters (for example your DPO)?', 'privacyContact'],
    ['Name and email of your security contact', 'securityContact'],
    ['How many employees does your company have?', 'employees'],
  ])('%s is a fact: %s', (q, field) => {
    expect(classifyQuestion(q, { hasId: true })).toMatchObject({ kind: 'factual', field });
  });

  it('a control question about a named person is not a fact; a short label without an id is not a question', () => {
    expect(classifyQuestion('Is there a named individual responsible for information security?').kind).toBe('control');
    expect(classifyQuestion('Access control').kind).toBe('not-a-question');
    expect(classifyQuestion('Access control', { hasId: true }).kind).toBe('control');
  });
});
