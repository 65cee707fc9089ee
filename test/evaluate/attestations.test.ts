/** Inherited parts: which AWS attestation is cited, when it is stale or missing, and the BAA's state. */
import { describe, expect, it } from 'vitest';
import type { Control } from '../../src/domain/catalog.js';
import type { EvidenceSummary } from '../../src/domain/result.js';
import type { ArtifactAgreementRecord, ArtifactReportRecord } from '../../src/domain/snapshot.js';
import { evaluateFramework } from '../../src/evaluate/evaluate-framework.js';
import { catalogOf, control, evidenceOf, framework, manifest } from './fixtures.js';

// The fixtures' snapshot is dated 2026-09-30.
const soc2 = (periodEnd: string, over: Partial<ArtifactReportRecord> = {}): ArtifactReportRecord => ({
  id: 'report-soc2',
  name: 'AWS SOC 2 Type 2 Report',
  category: 'Certifications and Attestations',
  series: 'SOC',
  version: 3,
  periodStart: '2024-10-01T00:00:00Z',
  periodEnd,
  ...over,
});
const baa = (over: Partial<ArtifactAgreementRecord> = {}): ArtifactAgreementRecord => ({ id: 'agreement-baa', name: 'AWS Business Associate Addendum', type: 'STANDARD', state: 'ACTIVE', effectiveStart: '2024-02-12T00:00:00Z', ...over });

function evaluate(c: Control, evidence: EvidenceSummary) {
  const fw = framework([{ id: '1', title: 'Req', assessable: true, controls: [c.id] }]);
  const result = evaluateFramework(fw, catalogOf([c], fw), evidence);
  return { req: result.requirements[0], ctl: result.controls.get(c.id) };
}

const physical = control('phys', { model: 'inherited', attestations: ['aws-soc2-type2'] });

describe('attestation periods', () => {
  it.each([
    ['2025-10-31T23:59:59Z', 'inherited', 'current'], // 11 months before the snapshot
    ['2025-09-30T23:59:59Z', 'inherited', 'current'], // exactly 12 months
    ['2025-08-31T23:59:59Z', 'needs-evidence', 'stale'], // 13 months
  ])('a report whose period ended %s -> %s (%s)', (end, status, standing) => {
    const { req, ctl } = evaluate(physical, evidenceOf([], { artifactReports: [soc2(end)] }));
    expect(req?.status).toBe(status);
    expect(ctl?.attestations[0]?.status).toBe(standing);
    expect(ctl?.attestations[0]?.report?.id).toBe('report-soc2');
    expect(ctl?.reasons[0]).toContain(`version 3`);
    expect(ctl?.reasons[0]).toContain(`2024-10-01 to ${end.slice(0, 10)}`);
    if (standing === 'stale') expect(ctl?.reasons[0]).toMatch(/ended more than 12 months before 2026-09-30: cite the current report/);
  });

  it('cites the latest of several reports, and says when it came from a listing imported by hand', () => {
    const { ctl } = evaluate(physical, evidenceOf([], { artifactReports: [soc2('2024-09-30T00:00:00Z', { id: 'old' }), soc2('2026-06-30T00:00:00Z', { id: 'new', origin: 'import' })] }));
    expect(ctl?.attestations[0]?.report?.id).toBe('new');
    expect(ctl?.reasons[0]).toContain('imported by hand');
  });

  it('missing: names the attestation, and the failed listing call when there was one', () => {
    const plain = evaluate(physical, evidenceOf([]));
    expect(plain.req?.status).toBe('needs-evidence');
    expect(plain.ctl?.reasons[0]).toBe('No AWS SOC 2 Type 2 report found among the AWS Artifact reports.');
    const denied = manifest({ gaps: [{ source: 'aws-artifact', code: 'AccessDeniedException', message: 'denied', action: 'artifact:ListReports' }] });
    const gap = evaluate(physical, evidenceOf([], { manifest: denied }));
    expect(gap.req?.status).toBe('needs-evidence');
    expect(gap.ctl?.reasons[0]).toContain('but that listing was not collected (AccessDeniedException)');
  });
});

describe('the Business Associate Addendum', () => {
  const ba = control('baa', { model: 'shared', attestations: ['aws-hipaa-baa'] });
  it('ACTIVE -> the AWS part is inherited, citing the agreement', () => {
    const { req, ctl } = evaluate(ba, evidenceOf([], { artifactAgreements: [baa({ awsAccountId: '111111111111' })] }));
    expect(req?.status).toBe('inherited');
    expect(ctl?.reasons[0]).toContain('AWS Business Associate Addendum (agreement-baa, account 111111111111) is ACTIVE since 2024-02-12');
  });

  it.each([
    [baa({ state: 'CUSTOMER_TERMINATED' }), 'is CUSTOMER_TERMINATED'],
    [baa({ state: 'AWS_TERMINATED' }), 'is AWS_TERMINATED'],
    [baa({ effectiveEnd: '2026-06-30T00:00:00Z' }), 'is ACTIVE but ended on 2026-06-30'],
  ])('not in force -> not-met (%#)', (agreement, text) => {
    const { req, ctl } = evaluate(ba, evidenceOf([], { artifactAgreements: [agreement] }));
    expect(req?.status).toBe('not-met');
    expect(ctl?.attestations[0]?.status).toBe('inactive');
    expect(ctl?.reasons[0]).toContain(text);
  });

  it('a terminated one does not hide an active one', () => {
    const { req } = evaluate(ba, evidenceOf([], { artifactAgreements: [baa({ id: 'old', state: 'CUSTOMER_TERMINATED', effectiveStart: '2025-01-01T00:00:00Z' }), baa()] }));
    expect(req?.status).toBe('inherited');
  });

  it('none -> needs-evidence, never inherited', () => {
    expect(evaluate(ba, evidenceOf([])).req?.status).toBe('needs-evidence');
  });
});
