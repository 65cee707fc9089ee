import { describe, expect, it } from 'vitest';
import type { CollectionLimit } from '../../../src/domain/snapshot.js';
import { GAPS_COLUMNS, toGapRows } from '../../../src/render/csv/to-csv-tables.js';
import { makePackInput } from '../../fixtures/pack-input.js';

const col = (name: (typeof GAPS_COLUMNS)[number]) => GAPS_COLUMNS.indexOf(name);

describe('gaps.csv rows', () => {
  it('end with one row per stated limit of the collection route, its code and what it asks of the reader', () => {
    const input = makePackInput();
    const limits: CollectionLimit[] = [
      { source: 'aws-config', route: 'aggregator', code: 'AggregateComplianceTypes', effect: 'not-collected', complianceTypes: ['NOT_APPLICABLE'], message: 'NOT_APPLICABLE cannot be had.' },
      { source: 'aws-config', route: 'account', code: 'NoCountOfCompliant', effect: 'not-checked', message: 'No count.' },
    ];
    const rows = toGapRows({ ...input, evidence: { ...input.evidence, manifest: { ...input.evidence.manifest, limits } } });
    const limitRows = rows.filter((r) => r[col('gap_type')] === 'limit');
    expect(limitRows.map((r) => r[col('error_code')])).toEqual(['AggregateComplianceTypes', 'NoCountOfCompliant']);
    expect(limitRows[0]?.[col('reason')]).toBe('aws-config through the aggregator route, not-collected (NOT_APPLICABLE): NOT_APPLICABLE cannot be had.');
    expect(limitRows[0]?.[col('remediation')]).toMatch(/^Absent from this snapshot/);
    expect(limitRows[1]?.[col('remediation')]).toMatch(/Nothing to do/);
    expect(rows.slice(-2)).toEqual(limitRows);
    for (const r of rows) expect(r).toHaveLength(GAPS_COLUMNS.length);
  });

  it('hold no limit row for a snapshot that states none', () => {
    const input = makePackInput();
    const { limits: _none, ...manifest } = input.evidence.manifest;
    expect(toGapRows({ ...input, evidence: { ...input.evidence, manifest } }).some((r) => r[0] === 'limit')).toBe(false);
  });
});
