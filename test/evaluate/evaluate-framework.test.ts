import { describe, expect, it } from 'vitest';
import { evaluateFramework } from '../../src/evaluate/evaluate-framework.js';
import type { Control, Framework } from '../../src/domain/catalog.js';
import type { EvidenceSummary } from '../../src/domain/result.js';
import { catalogOf, control, evaluation, evidenceOf, framework, manifest } from './fixtures.js';

const SERVICE_PROVIDERS: Framework['properties'] = {
  'service-provider-only': { title: 'Service providers only', values: { true: { label: 'Service providers only', appliesOnlyTo: 'service-providers' }, false: {} } },
};

function evaluateOne(c: Control, evidence: EvidenceSummary, req: { properties?: Record<string, string> } = {}) {
  const fw: Framework = {
    ...framework([
      { id: '1', title: 'Heading', assessable: false, controls: [] },
      { id: '1.1', parent: '1', title: 'Req', assessable: true, controls: [c.id], ...req },
    ]),
    properties: SERVICE_PROVIDERS,
  };
  const result = evaluateFramework(fw, catalogOf([c], fw), evidence);
  const r = result.requirements[1];
  if (!r) throw new Error('no requirement');
  return { req: r, control: result.controls.get(c.id), result };
}

const soc2 = { id: 'r1', name: 'SOC 2 Type 2 Report (Oct 2025 - Mar 2026)', category: 'Certifications and Attestations', series: 'SOC', version: 1, periodStart: '2025-10-01T00:00:00Z', periodEnd: '2026-03-31T00:00:00Z' };

describe('automated evidence', () => {
  it('all compliant -> met, with the counts in the reason', () => {
    const { req, control: c } = evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf([evaluation('S3_RULE', 'COMPLIANT', 'a'), evaluation('S3_RULE', 'COMPLIANT', 'b')]));
    expect(req.status).toBe('met');
    expect(c?.reasons[0]).toContain('all 2 evaluation results COMPLIANT');
  });

  it('a NON_COMPLIANT resource -> not-met, and the failing resource is kept with its annotation', () => {
    const { req, control: c } = evaluateOne(
      control('c', { rules: ['S3_RULE'] }),
      evidenceOf([evaluation('S3_RULE', 'COMPLIANT', 'a'), evaluation('S3_RULE', 'NON_COMPLIANT', 'bad-bucket', { annotation: 'public read' })]),
    );
    expect(req.status).toBe('not-met');
    expect(c?.automated[0]?.failing).toEqual([expect.objectContaining({ resourceId: 'bad-bucket', annotation: 'public read' })]);
    expect(c?.reasons[0]).toContain('1 NON_COMPLIANT result (1 of 2 compliant)');
  });

  it('failing results covered by a current exception -> accepted-risk; an expired exception does not count', () => {
    const base = { ruleIdentifier: 'S3_RULE', reason: 'r', compensatingControl: 'c', approver: 'CISO', approvedOn: '2026-01-01' };
    const records = [evaluation('S3_RULE', 'COMPLIANT', 'a'), evaluation('S3_RULE', 'NON_COMPLIANT', 'arn:aws:s3:::public-assets')];
    const current = evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf(records, { exceptions: [{ ...base, id: 'EX-1', resourcePattern: 'arn:aws:s3:::public-*', expiresOn: '2027-01-01' }] }));
    expect(current.req.status).toBe('accepted-risk');
    expect(current.control?.automated[0]?.exceptionIds).toEqual(['EX-1']);
    const expired = evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf(records, { exceptions: [{ ...base, id: 'EX-2', resourcePattern: 'arn:aws:s3:::public-*', expiresOn: '2026-06-30' }] }));
    expect(expired.req.status).toBe('not-met');
    expect(expired.control?.automated[0]?.lapsedExceptionIds).toEqual(['EX-2']);
  });

  it('only INSUFFICIENT_DATA -> needs-evidence; only NOT_APPLICABLE -> not-applicable', () => {
    expect(evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf([evaluation('S3_RULE', 'INSUFFICIENT_DATA', 'a')])).req.status).toBe('needs-evidence');
    expect(evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf([evaluation('S3_RULE', 'NOT_APPLICABLE', 'a')])).req.status).toBe('not-applicable');
  });

  it('a rule deployed nowhere: not-applicable only when no resource of its types exists; otherwise needs-evidence', () => {
    expect(evaluateOne(control('c', { rules: ['RDS_RULE'] }), evidenceOf([])).req.status).toBe('not-applicable');
    expect(evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf([])).req.status).toBe('needs-evidence');
    expect(evaluateOne(control('c', { rules: ['IAM_RULE'] }), evidenceOf([])).req.status).toBe('needs-evidence');
  });

  it('a collection gap lowers met to partial and not-applicable to needs-evidence, and says where', () => {
    const gapped = manifest({ gaps: [{ source: 'aws-config', account: '222222222222', region: 'eu-west-1', code: 'ConfigurationRecorderNotRecording', message: 'off' }] });
    const met = evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf([evaluation('S3_RULE', 'COMPLIANT', 'a')], { manifest: gapped }));
    expect(met.req.status).toBe('partial');
    expect(met.control?.reasons.join(' ')).toContain('222222222222 eu-west-1: ConfigurationRecorderNotRecording');
    const na = evaluateOne(control('c', { rules: ['RDS_RULE'] }), evidenceOf([], { manifest: gapped }));
    expect(na.req.status).toBe('needs-evidence');
    const failing = evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf([evaluation('S3_RULE', 'NON_COMPLIANT', 'a')], { manifest: gapped }));
    expect(failing.req.status).toBe('not-met');
  });

  it('AWS Config not collected at all -> needs-evidence, never met', () => {
    const none = manifest({ sources: [] });
    expect(evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf([evaluation('S3_RULE', 'COMPLIANT', 'a')], { manifest: none })).req.status).toBe('needs-evidence');
  });
});

describe('inherited evidence', () => {
  it('an inherited control with a current attestation -> inherited, citing the report', () => {
    const { req, control: c } = evaluateOne(control('phys', { model: 'inherited', attestations: ['aws-soc2-type2'] }), evidenceOf([], { artifactReports: [soc2] }));
    expect(req.status).toBe('inherited');
    expect(req.responsibility).toBe('inherited');
    expect(c?.attestations[0]?.report?.id).toBe('r1');
  });

  it('a stale or missing attestation -> needs-evidence with the reason', () => {
    const stale = { ...soc2, periodEnd: '2025-06-30T00:00:00Z' };
    const s = evaluateOne(control('phys', { model: 'inherited', attestations: ['aws-soc2-type2'] }), evidenceOf([], { artifactReports: [stale] }));
    expect(s.req.status).toBe('needs-evidence');
    expect(s.control?.attestations[0]?.status).toBe('stale');
    const m = evaluateOne(control('phys', { model: 'inherited', attestations: ['aws-soc2-type2'] }), evidenceOf([]));
    expect(m.control?.attestations[0]?.status).toBe('missing');
    expect(m.req.status).toBe('needs-evidence');
  });

  it('Artifact not collected -> the attestation cannot be cited', () => {
    const noArtifact = manifest({ sources: [{ source: 'aws-config', account: '111111111111', region: 'us-east-1', status: 'collected' }] });
    const r = evaluateOne(control('phys', { model: 'inherited', attestations: ['aws-soc2-type2'] }), evidenceOf([], { manifest: noArtifact, artifactReports: [soc2] }));
    expect(r.req.status).toBe('needs-evidence');
  });

  it('a terminated BAA -> not-met; an active one -> inherited part', () => {
    const baa = { id: 'a1', name: 'AWS Business Associate Addendum', type: 'STANDARD', effectiveStart: '2024-01-01T00:00:00Z' };
    const c = control('baa', { model: 'shared', attestations: ['aws-hipaa-baa'], manual: ['policy'] });
    const policy = { id: 'M1', kind: 'policy', title: 'Policy v3', owner: 'CISO', collectedOn: '2026-01-10', validUntil: '2027-01-10', location: 'x.pdf' };
    expect(evaluateOne(c, evidenceOf([], { artifactAgreements: [{ ...baa, state: 'ACTIVE' }], manualEvidence: [policy] })).req.status).toBe('met');
    expect(evaluateOne(c, evidenceOf([], { artifactAgreements: [{ ...baa, state: 'CUSTOMER_TERMINATED' }], manualEvidence: [policy] })).req.status).toBe('not-met');
  });
});

describe('manual evidence', () => {
  const rec = (validUntil: string) => ({ id: 'M1', kind: 'policy', title: 'Policy v3', owner: 'CISO', collectedOn: '2025-10-01', validUntil, location: 'x.pdf' });
  it.each([
    ['2027-01-01', 'met', 'current'],
    ['2026-10-15', 'met', 'expiring'],
    ['2026-09-29', 'not-met', 'expired'],
  ])('valid until %s -> %s (%s)', (validUntil, status, manualStatus) => {
    const r = evaluateOne(control('c', { manual: ['policy'] }), evidenceOf([], { manualEvidence: [rec(validUntil)] }));
    expect(r.req.status).toBe(status);
    expect(r.control?.manual[0]?.status).toBe(manualStatus);
  });

  it('missing -> needs-evidence; met rules plus missing manual -> partial', () => {
    expect(evaluateOne(control('c', { manual: ['policy'] }), evidenceOf([])).req.status).toBe('needs-evidence');
    expect(evaluateOne(control('c', { rules: ['S3_RULE'], manual: ['policy'] }), evidenceOf([evaluation('S3_RULE', 'COMPLIANT', 'a')])).req.status).toBe('partial');
  });
});

describe('requirements', () => {
  it('service-provider-only requirements are not-applicable for other organisations, with the reason', () => {
    const r = evaluateOne(control('c', { manual: ['policy'] }), evidenceOf([]), { properties: { 'service-provider-only': 'true' } });
    expect(r.req.status).toBe('not-applicable');
    expect(r.req.reasons[0]).toMatch(/service providers only/);
    expect(r.req.properties).toEqual({ 'service-provider-only': 'true' });
    expect(r.result.framework.properties).toEqual(SERVICE_PROVIDERS);
    const provider = evidenceOf([]);
    const assessed = evaluateOne(control('c', { manual: ['policy'] }), { ...provider, manifest: { ...provider.manifest, organisation: { ...provider.manifest.organisation, serviceProvider: true } } }, { properties: { 'service-provider-only': 'true' } });
    expect(assessed.req.status).toBe('needs-evidence');
    expect(evaluateOne(control('c', { manual: ['policy'] }), evidenceOf([]), { properties: { 'service-provider-only': 'false' } }).req.status).toBe('needs-evidence');
  });

  it('counts assessable requirements only, by status and responsibility', () => {
    const { result } = evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf([evaluation('S3_RULE', 'COMPLIANT', 'a')]));
    expect(result.counts.assessable).toBe(1);
    expect(result.counts.byStatus.met).toBe(1);
    expect(result.counts.byResponsibility.customer).toBe(1);
    expect(result.requirements[1]?.depth).toBe(1);
  });

  it('failing resources kept per rule are capped and sorted, while the total counts them all', () => {
    const records = Array.from({ length: 40 }, (_, i) => evaluation('S3_RULE', 'NON_COMPLIANT', `bucket-${String(39 - i).padStart(2, '0')}`));
    const { control: c } = evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf(records, {}, 5));
    expect(c?.automated[0]?.failingTotal).toBe(40);
    expect(c?.automated[0]?.failing.map((f) => f.resourceId)).toEqual(['bucket-00', 'bucket-01', 'bucket-02', 'bucket-03', 'bucket-04']);
  });
});

describe('requirement-level exceptions', () => {
  const ex = { id: 'EX-9', requirement: 'test-fw:1.1', reason: 'Deferred.', compensatingControl: 'Scans.', approver: 'CISO', approvedOn: '2026-09-01' };
  it('a current exception turns a shortfall into accepted-risk, citing the approval', () => {
    const r = evaluateOne(control('c', { manual: ['policy'] }), evidenceOf([], { exceptions: [{ ...ex, expiresOn: '2026-12-31' }] }));
    expect(r.req.status).toBe('accepted-risk');
    expect(r.req.exceptionId).toBe('EX-9');
    expect(r.req.reasons[0]).toMatch(/EX-9, approved by CISO on 2026-09-01, until 2026-12-31/);
  });

  it('an expired one is listed and not applied; a met requirement is not turned into accepted-risk', () => {
    const expired = evaluateOne(control('c', { manual: ['policy'] }), evidenceOf([], { exceptions: [{ ...ex, expiresOn: '2026-09-15' }] }));
    expect(expired.req.status).toBe('needs-evidence');
    expect(expired.req.reasons.at(-1)).toMatch(/EX-9 .* not in force on 2026-09-30/);
    const met = evaluateOne(control('c', { rules: ['S3_RULE'] }), evidenceOf([evaluation('S3_RULE', 'COMPLIANT', 'a')], { exceptions: [{ ...ex, expiresOn: '2026-12-31' }] }));
    expect(met.req.status).toBe('met');
  });
});
