/** The pack's exceptions section and exceptions.csv: what each exception covered, counted per exception. */
import { describe, expect, it } from 'vitest';
import { toEvidenceRefs } from '../../src/domain/evidence-refs.js';
import type { ExceptionRecord } from '../../src/domain/snapshot.js';
import { evaluateFramework } from '../../src/evaluate/evaluate-framework.js';
import { toExceptionSummaries } from '../../src/render/exception-summary.js';
import { catalogOf, control, evaluation, evidenceOf, framework } from '../evaluate/fixtures.js';

const base = { reason: 'r', compensatingControl: 'c', approver: 'CISO', approvedOn: '2026-01-01', expiresOn: '2027-01-01' };

function summaries(exceptions: ExceptionRecord[]) {
  const c = control('c', { rules: ['S3_RULE'] });
  const fw = framework([
    { id: '1', title: 'Heading', assessable: false, controls: [] },
    { id: '1.1', parent: '1', title: 'Req', assessable: true, controls: ['c'] },
    { id: '1.2', parent: '1', title: 'Other', assessable: true, controls: ['c'] },
  ]);
  const evidence = evidenceOf(
    [
      evaluation('S3_RULE', 'NON_COMPLIANT', 'arn:aws:s3:::public-a'),
      evaluation('S3_RULE', 'NON_COMPLIANT', 'arn:aws:s3:::public-b'),
      evaluation('S3_RULE', 'NON_COMPLIANT', 'arn:aws:s3:::logs-a'),
      evaluation('S3_RULE', 'NON_COMPLIANT', 'arn:aws:s3:::tmp-a'),
    ],
    { exceptions },
  );
  const result = evaluateFramework(fw, catalogOf([c], fw), evidence);
  return toExceptionSummaries({ result, evidence, narratives: new Map(), failingCap: 5, refs: toEvidenceRefs(evidence) });
}

describe('toExceptionSummaries', () => {
  it('counts the results each of two exceptions on one rule covered, not the rule total for both', () => {
    const rows = summaries([
      { ...base, id: 'EX-2', ruleIdentifier: 'S3_RULE', resourcePattern: 'arn:aws:s3:::logs-*' },
      { ...base, id: 'EX-1', ruleIdentifier: 'S3_RULE', resourcePattern: 'arn:aws:s3:::public-*' },
      { ...base, id: 'EX-3', ruleIdentifier: 'S3_RULE', resourcePattern: 'arn:aws:s3:::tmp-*', approvedOn: '2025-01-01', expiresOn: '2026-06-30' },
    ]);
    expect(rows.map((r) => [r.exception.id, r.status, r.resultsCovered, r.requirements])).toEqual([
      ['EX-1', 'current', 2, ['1.1', '1.2']],
      ['EX-2', 'current', 1, ['1.1', '1.2']],
      ['EX-3', 'expired', 0, ['1.1', '1.2']],
    ]);
  });

  it('a requirement exception lists its requirement only where it was applied', () => {
    const rows = summaries([
      { ...base, id: 'EX-R', requirement: 'test-fw:1.1' },
      { ...base, id: 'EX-O', requirement: 'other-fw:9.9' },
    ]);
    expect(rows.map((r) => [r.exception.id, r.covers, r.requirements])).toEqual([
      ['EX-O', 'requirement other-fw:9.9', []],
      ['EX-R', 'requirement test-fw:1.1', ['1.1']],
    ]);
  });
});
