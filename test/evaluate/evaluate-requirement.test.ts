import { describe, expect, it } from 'vitest';
import type { Control, Framework, Reporting } from '../../src/domain/catalog.js';
import type { ApplicabilityDeclaration } from '../../src/domain/applicability.js';
import type { EvidenceSummary } from '../../src/domain/result.js';
import { evaluateFramework } from '../../src/evaluate/evaluate-framework.js';
import { catalogOf, control, evaluation, evidenceOf, framework, manifest } from './fixtures.js';

type Req = Framework['requirements'][number];

function evaluate(controls: Control[], req: Partial<Req>, evidence: EvidenceSummary, reporting?: Reporting) {
  const fw: Framework = { ...framework([{ id: '1.1', title: 'Req', assessable: true, controls: [], ...req }]), ...(reporting ? { reporting } : {}) };
  const result = evaluateFramework(fw, catalogOf(controls, fw), evidence);
  const r = result.requirements[0];
  if (!r) throw new Error('no requirement');
  return { r, result };
}

const passing = [evaluation('S3_RULE', 'COMPLIANT', 'a'), evaluation('IAM_RULE', 'COMPLIANT', 'user-1', { resourceType: 'AWS::IAM::User' })];
const publicBucket = evaluation('S3_RULE', 'NON_COMPLIANT', 'public-bucket', { annotation: 'public read' });

describe('deciding versus supporting evidence', () => {
  const broad = control('broad', { rules: ['S3_RULE', 'IAM_RULE'] });

  it('only the rules that test the requirement decide it: a failing related rule is shown and never fails it', () => {
    const { r } = evaluate([broad], { controls: ['broad'], decides: { configRules: ['IAM_RULE'] } }, evidenceOf([...passing, publicBucket]));
    expect(r.status).toBe('met');
    expect(r.deciding.map((p) => [p.kind, p.id, p.status])).toEqual([['rule', 'IAM_RULE', 'met']]);
    expect(r.supporting.map((p) => [p.id, p.status])).toEqual([['S3_RULE', 'not-met']]);
    expect(r.reasons.join(' ')).not.toContain('S3_RULE');
  });

  it('without decides, every rule of the controls decides (the same failure fails it)', () => {
    const { r } = evaluate([broad], { controls: ['broad'] }, evidenceOf([...passing, publicBucket]));
    expect(r.status).toBe('not-met');
    expect(r.reasons[0]).toContain('S3_RULE: 1 NON_COMPLIANT result');
  });

  it('a process requirement is decided by its manual evidence; the controls\' rules only support it', () => {
    const diagram = control('segmentation', { rules: ['S3_RULE'], manual: ['policy'], model: 'customer' });
    const current = { id: 'ev-1', kind: 'policy', title: 'Network diagram', owner: 'o', collectedOn: '2026-07-01', validUntil: '2027-07-01', location: 'x' };
    const { r } = evaluate([diagram], { controls: ['segmentation'], decides: { configRules: [], manual: ['policy'] } }, evidenceOf([publicBucket], { manualEvidence: [current] }));
    expect(r.status).toBe('met');
    expect(r.deciding.map((p) => p.kind)).toEqual(['manual']);
    expect(r.supporting.map((p) => p.id)).toEqual(['S3_RULE']);
  });

  it('a supporting control and supportingRules are shown beside it with their own status, never combined', () => {
    const decider = control('decider', { rules: ['IAM_RULE'] });
    const related = control('related', { rules: ['S3_RULE'] });
    const { r } = evaluate([decider, related], { controls: ['decider'], supportedBy: ['related'], supportingRules: ['RDS_RULE'] }, evidenceOf([...passing, publicBucket]));
    expect(r.status).toBe('met');
    expect(r.supportingControls).toEqual(['related']);
    expect(r.supporting.map((p) => p.id)).toEqual(['RDS_RULE', 'S3_RULE']);
    expect(r.supporting.find((p) => p.id === 'S3_RULE')?.controlId).toBe('related');
  });

  it('nothing deciding mapped: needs evidence, said plainly', () => {
    const decider = control('decider', { rules: ['IAM_RULE'] });
    const { r } = evaluate([decider], { controls: [], supportedBy: ['decider'] }, evidenceOf(passing));
    expect(r.status).toBe('needs-evidence');
    expect(r.reasons).toEqual(['No evidence that tests this requirement is mapped: it must be assessed by hand.']);
  });
});

describe('responsibility follows what decides', () => {
  const shared = control('shared', { rules: ['IAM_RULE'], attestations: ['aws-soc2-type2'], model: 'shared' });
  it('rules and an attestation deciding: shared; the attestation narrowed away: customer', () => {
    expect(evaluate([shared], { controls: ['shared'] }, evidenceOf(passing)).r.responsibility).toBe('shared');
    expect(evaluate([shared], { controls: ['shared'], decides: { attestations: [] } }, evidenceOf(passing)).r.responsibility).toBe('customer');
  });
  it('an AWS side with no attestation to rely on needs evidence', () => {
    const bare = control('bare', { rules: ['IAM_RULE'], model: 'shared' });
    const { r } = evaluate([bare], { controls: ['bare'] }, evidenceOf(passing));
    expect(r.responsibility).toBe('shared');
    expect(r.status).toBe('partial');
    expect(r.reasons).toContain('The AWS side of this requirement names no attestation to rely on.');
  });
});

describe('say each thing once', () => {
  it('a collection gap is one reason naming every rule it touches, not one per rule', () => {
    const two = control('two', { rules: ['S3_RULE', 'IAM_RULE'] });
    const gapped = manifest({
      sources: [
        { source: 'aws-config', account: '111111111111', region: 'us-east-1', status: 'collected' },
        { source: 'aws-config', account: '111111111111', region: 'eu-west-1', status: 'gap' },
      ],
      gaps: [{ source: 'aws-config', account: '111111111111', region: 'eu-west-1', code: 'RecorderNotRecording', message: 'stopped' }],
    });
    const { r } = evaluate([two], { controls: ['two'] }, evidenceOf(passing, { manifest: gapped }));
    expect(r.status).toBe('partial');
    const gapLines = r.reasons.filter((x) => x.includes('RecorderNotRecording'));
    expect(gapLines).toEqual(['AWS Config was not collected in 111111111111 eu-west-1: RecorderNotRecording: 2 rules (S3_RULE, IAM_RULE) cannot be confirmed there.']);
    expect(r.reasons.filter((x) => x.startsWith('S3_RULE'))).toHaveLength(1);
  });

  it('AWS Config not collected at all: one line, the rules listed once', () => {
    const two = control('two', { rules: ['S3_RULE', 'IAM_RULE'] });
    const none = manifest({ sources: [{ source: 'aws-artifact', status: 'collected' }] });
    const { r } = evaluate([two], { controls: ['two'] }, evidenceOf([], { manifest: none }));
    expect(r.status).toBe('needs-evidence');
    expect(r.reasons).toEqual(["AWS Config evidence was not collected in this snapshot's scope: 2 rules (S3_RULE, IAM_RULE) cannot be evaluated."]);
  });
});

const PCI_TERMS: Reporting = {
  vocabulary: 'PCI DSS assessment finding',
  terms: { met: 'In Place', inherited: 'In Place', partial: 'Not in Place', 'not-met': 'Not in Place', 'needs-evidence': 'Not Tested', 'not-applicable': 'Not Applicable', 'accepted-risk': 'In Place with CCW' },
};

describe("each framework's own words", () => {
  const c = control('c', { rules: ['S3_RULE'] });
  it('shows the framework term beside the status; srmap\'s label when the framework declares none', () => {
    expect(evaluate([c], { controls: ['c'] }, evidenceOf([publicBucket]), PCI_TERMS).r.frameworkStatus).toBe('Not in Place');
    expect(evaluate([c], { controls: ['c'] }, evidenceOf([publicBucket])).r.frameworkStatus).toBe('Not met');
  });

  it('a PCI requirement-level exception is a compensating control: In Place with CCW', () => {
    const ex = { id: 'EX-1', requirement: 'test-fw:1.1', reason: 'r', compensatingControl: 'cc', approver: 'QSA-reviewed CISO', approvedOn: '2026-01-01', expiresOn: '2027-01-01' };
    const { r } = evaluate([c], { controls: ['c'] }, evidenceOf([publicBucket], { exceptions: [ex] }), PCI_TERMS);
    expect([r.status, r.frameworkStatus, r.exceptionId]).toEqual(['accepted-risk', 'In Place with CCW', 'EX-1']);
  });
});

describe('applicability declarations', () => {
  const c = control('c', { rules: ['S3_RULE'] });
  const declared = (over: Partial<ApplicabilityDeclaration> = {}): ApplicabilityDeclaration => ({
    requirement: 'test-fw:1.1',
    decision: 'not-applicable',
    justification: 'No wireless network carries cardholder data.',
    approver: 'CISO',
    approvedOn: '2026-07-01',
    ...over,
  });

  it('a current not-applicable declaration sets it aside, with who and when; a failure in its evidence is pointed out', () => {
    const { r } = evaluate([c], { controls: ['c'] }, evidenceOf([publicBucket], { declarations: [declared()] }), { ...PCI_TERMS, declaredNotApplicable: 'Not Applicable' });
    expect([r.status, r.frameworkStatus]).toEqual(['not-applicable', 'Not Applicable']);
    expect(r.declaration?.approver).toBe('CISO');
    expect(r.reasons[0]).toBe('Declared not applicable: No wireless network carries cardholder data. (approved by CISO on 2026-07-01).');
    expect(r.reasons[1]).toContain('confirm the declaration');
  });

  it('a declaration not yet approved, or past its review date, is listed and not applied', () => {
    const early = evaluate([c], { controls: ['c'] }, evidenceOf([publicBucket], { declarations: [declared({ approvedOn: '2026-10-01' })] })).r;
    expect(early.status).toBe('not-met');
    expect(early.reasons.at(-1)).toContain('not in force on 2026-09-30 (approved only on 2026-10-01)');
    const lapsed = evaluate([c], { controls: ['c'] }, evidenceOf([publicBucket], { declarations: [declared({ reviewBy: '2026-08-01' })] })).r;
    expect(lapsed.status).toBe('not-met');
    expect(lapsed.declaration).toBeUndefined();
  });

  it('a declaration on a heading (a PCI DSS appendix) covers every requirement under it; the requirement\'s own wins', () => {
    const c2 = control('c', { rules: ['S3_RULE'] });
    const fw: Framework = framework([
      { id: 'A3', title: 'Appendix', assessable: false, controls: [] },
      { id: 'A3.1', parent: 'A3', title: 'Section', assessable: false, controls: [] },
      { id: 'A3.1.1', parent: 'A3.1', title: 'Req', assessable: true, controls: ['c'] },
      { id: 'A3.1.2', parent: 'A3.1', title: 'Req', assessable: true, controls: ['c'] },
    ]);
    const declarations = [declared({ requirement: 'test-fw:A3', justification: 'Not a designated entity.' }), declared({ requirement: 'test-fw:A3.1.2', decision: 'alternative', alternative: 'x', justification: 'own' })];
    const result = evaluateFramework(fw, catalogOf([c2], fw), evidenceOf([publicBucket], { declarations }));
    expect(result.requirements.map((r) => [r.requirementId, r.status, r.declaration?.requirement ?? ''])).toEqual([
      ['A3', 'accepted-risk', ''],
      ['A3.1', 'accepted-risk', ''],
      ['A3.1.1', 'not-applicable', 'test-fw:A3'],
      ['A3.1.2', 'accepted-risk', 'test-fw:A3.1.2'],
    ]);
  });

  it('a documented alternative (HIPAA addressable) turns a shortfall into accepted risk in the framework\'s term', () => {
    const hipaa: Reporting = { ...PCI_TERMS, terms: { ...PCI_TERMS.terms, 'accepted-risk': 'Risk accepted' }, alternative: 'Addressable, alternative measure documented' };
    const { r } = evaluate([c], { controls: ['c'], properties: { 'hipaa-type': 'addressable' } }, evidenceOf([publicBucket], { declarations: [declared({ decision: 'alternative', alternative: 'Badge lock.' })] }), hipaa);
    expect([r.status, r.frameworkStatus]).toEqual(['accepted-risk', 'Addressable, alternative measure documented']);
    expect(r.reasons[0]).toContain('Alternative measure documented: Badge lock.');
  });
});

describe('manual evidence collected after the as-of date', () => {
  it('does not count: it did not exist on the snapshot date', () => {
    const m = control('m', { manual: ['policy'] });
    const later = { id: 'ev-1', kind: 'policy', title: 'Policy', owner: 'o', collectedOn: '2026-10-05', validUntil: '2027-10-05', location: 'x' };
    const { r } = evaluate([m], { controls: ['m'] }, evidenceOf([], { manualEvidence: [later] }));
    expect(r.status).toBe('needs-evidence');
    expect(r.reasons).toEqual(['Manual evidence missing: Security policy.']);
  });
});
