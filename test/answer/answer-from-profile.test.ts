import { describe, expect, it } from 'vitest';
import { answerFromProfile, type ProfileContext } from '../../src/answer/answer-from-profile.js';

const ctx = (profile: ProfileContext['profile'], regions = ['us-east-1', 'eu-west-1']): ProfileContext => ({ profile, organisation: 'Acme', regions, regionsSource: 'the regions of srmap.yaml' });

describe('answerFromProfile', () => {
  it('where data lives, from the regions: a list, or yes / no against an area', () => {
    expect(answerFromProfile('In which countries is data stored?', 'dataLocations', ctx({})).answer).toContain('Ireland (AWS eu-west-1, Dublin)');
    expect(answerFromProfile('Is customer data stored in the EEA?', 'dataLocations', ctx({})).answer).toBe('Yes');
    expect(answerFromProfile('Is customer data stored in the EEA?', 'dataLocations', ctx({}, ['us-east-1', 'eu-west-2'])).answer).toBe('No');
    expect(answerFromProfile('Is any data stored outside the United States?', 'dataLocations', ctx({}, ['us-east-1', 'us-west-2'])).answer).toBe('No');
    expect(answerFromProfile('Is any data held outside the EU?', 'dataLocations', ctx({}, ['eu-west-1', 'eu-central-1'])).answer).toBe('No');
    expect(answerFromProfile('Is any data held outside the EU?', 'dataLocations', ctx({}, ['eu-west-1', 'us-east-1'])).answer).toBe('Yes');
  });

  it('profile.dataLocations wins over the regions, and its AWS regions still answer yes / no', () => {
    const p = { dataLocations: ['Frankfurt, Germany (AWS eu-central-1)'] };
    expect(answerFromProfile('Where is data stored?', 'dataLocations', ctx(p)).response).toBe('Customer data is stored in: Frankfurt, Germany (AWS eu-central-1).');
    expect(answerFromProfile('Is data stored in the EU?', 'dataLocations', ctx(p)).answer).toBe('Yes');
  });

  it('certifications: yes for one held, no with what is held otherwise; missing profile fields go to review', () => {
    const p = { certifications: [{ name: 'SOC 2 Type II', detail: 'period 2025-10-01 to 2026-09-30' }] };
    expect(answerFromProfile('Do you hold a SOC 2 Type II report?', 'certifications', ctx(p))).toMatchObject({ answer: 'Yes', found: true });
    expect(answerFromProfile('Are you ISO 27001 certified?', 'certifications', ctx(p)).response).toBe('No. Acme holds: SOC 2 Type II (period 2025-10-01 to 2026-09-30).');
    const missing = answerFromProfile('Do you carry cyber insurance?', 'insurance', ctx({}));
    expect(missing).toMatchObject({ answer: 'Needs review', found: false });
    expect(missing.internal).toContain('profile.insurance');
  });

  it('a statement that starts with Yes or No gives the short answer to a yes / no question; the name defaults to the organisation', () => {
    const p = { aiUse: 'No. The service uses no AI, and customer data never trains models.' };
    expect(answerFromProfile('Does the product use machine learning?', 'aiUse', ctx(p)).answer).toBe('No');
    expect(answerFromProfile('Vendor legal name', 'legalName', ctx({})).answer).toBe('Acme');
    expect(answerFromProfile('Which cloud provider hosts the service?', 'hosting', ctx({})).answer).toMatch(/^Amazon Web Services \(AWS\), in United States/);
  });
});
