import { describe, expect, it } from 'vitest';
import { askingSentence, classifyQuestion } from '../../src/answer/classify-question.js';

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

  // Found on a real public questionnaire (Google's VSAQ, Apache-2.0), in our own words.
  it('reads the sentence that asks: context before it and instructions after it do not decide the kind', () => {
    expect(askingSentence('Backups guard against loss. Are backups encrypted? If not, explain below:')).toBe('Are backups encrypted?');
    expect(askingSentence('Single sign-on is hard to get right. Select the protocols your product supports.')).toBe('Select the protocols your product supports.');
    expect(classifyQuestion('Packet filters are a basic control. Does your company filter traffic at the network edge?', { hasId: true }).kind).toBe('control');
    expect(classifyQuestion('How is traffic between the load balancer and the servers protected?', { hasId: true }).kind).toBe('descriptive');
  });

  it.each([
    'Which operating systems run on your servers?',
    'Where is the break-glass password kept?',
    'Select the single sign-on protocols your product supports.',
    'How is access to the VPN authenticated? (Check all that apply.)',
    'To which standards are your internal audits performed?',
    'Please provide a link to your published privacy notice.',
  ])('%s asks for values: answered by hand, never Yes / No', (q) => {
    expect(classifyQuestion(q, { hasId: true })).toMatchObject({ kind: 'descriptive', asksForValues: true });
  });

  it.each([
    'Does any part of the product use password logins?',
    'Does your application allow users to export their data?',
    'Do you operate a remote-access VPN?',
    'Is the administration of your servers outsourced?',
  ])('%s is a scoping fact no profile field holds', (q) => {
    const c = classifyQuestion(q, { hasId: true });
    expect(c).toMatchObject({ kind: 'factual' });
    expect(c.field).toBeUndefined();
  });

  it.each([
    'Is there anything else you would like to tell us about your network?',
    'Do you have any other comments about server security? If yes, write them below:',
    'Congratulations, you reached the end. Tell us how to improve this form.',
  ])('%s is no question about a practice', (q) => {
    expect(classifyQuestion(q, { hasId: true }).kind).toBe('not-a-question');
  });

  it.each([
    'Do all laptops share the same local administrator password?',
    'Can devices that are not owned by the company join the internal network over VPN?',
    'Does the company still run servers on Windows Vista or earlier versions?',
    'Is a new account pre-populated with confidential information when its first password is sent?',
  ])('%s is negative-worded', (q) => {
    expect(classifyQuestion(q, { hasId: true })).toMatchObject({ kind: 'control', negative: true });
  });
});
