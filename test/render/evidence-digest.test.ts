import { describe, expect, it } from 'vitest';
import { EVIDENCE_COLUMNS } from '../../src/render/csv/to-csv-tables.js';
import { createEvidenceDigest } from '../../src/render/evidence-digest.js';

function row(values: Partial<Record<(typeof EVIDENCE_COLUMNS)[number], string>>): string[] {
  return EVIDENCE_COLUMNS.map((c) => values[c] ?? '');
}

const base = { framework: 'pci-dss-4.0.1', rule_name: 'r-1', rule_identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', resource_type: 'AWS::S3::Bucket', recorded_at: '2026-09-30T00:00:00Z', requirement_ids: '1.3.1;1.4.1', supporting_requirement_ids: '7.2.1', in_scope: 'true' };

describe('createEvidenceDigest', () => {
  it('keeps every in-scope NON_COMPLIANT row (with its exception), counts results by account and region, and ignores rows out of scope', () => {
    const digest = createEvidenceDigest(EVIDENCE_COLUMNS);
    digest.add(row({ ...base, account: '2', region: 'us-east-1', resource_id: 'b', compliance_type: 'NON_COMPLIANT', annotation: '<b>x</b>' }));
    digest.add(row({ ...base, account: '1', region: 'us-east-1', resource_id: 'a', compliance_type: 'NON_COMPLIANT', exception_id: 'EX-1' }));
    digest.add(row({ ...base, account: '1', region: 'us-east-1', resource_id: 'c', compliance_type: 'COMPLIANT' }));
    digest.add(row({ ...base, account: '1', region: 'eu-west-1', resource_id: 'd', compliance_type: 'NOT_APPLICABLE' }));
    digest.add(row({ ...base, account: '9', region: 'us-east-1', resource_id: 'z', compliance_type: 'NON_COMPLIANT', in_scope: 'false' }));
    const { failing, rules } = digest.result();
    expect(failing).toEqual([
      ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', '1', 'us-east-1', 'AWS::S3::Bucket', 'a', '', '2026-09-30T00:00:00Z', 'EX-1'],
      ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', '2', 'us-east-1', 'AWS::S3::Bucket', 'b', '<b>x</b>', '2026-09-30T00:00:00Z', ''],
    ]);
    expect(rules).toEqual([
      {
        id: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
        ruleNames: ['r-1'],
        counts: { COMPLIANT: 1, NON_COMPLIANT: 2, NOT_APPLICABLE: 1, INSUFFICIENT_DATA: 0 },
        locations: [['1', 'eu-west-1', 0, 0, 1, 0], ['1', 'us-east-1', 1, 1, 0, 0], ['2', 'us-east-1', 0, 1, 0, 0]],
        deciding: ['1.3.1', '1.4.1'],
        supporting: ['7.2.1'],
      },
    ]);
  });

  it('refuses an evidence.csv header without a column it reads', () => {
    expect(() => createEvidenceDigest(EVIDENCE_COLUMNS.filter((c) => c !== 'in_scope'))).toThrow(/no column in_scope/);
  });
});
