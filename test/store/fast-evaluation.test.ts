/**
 * The fast path accepts only what the schema accepts, unchanged: for every record it takes, the
 * strict schema agrees and gives back the same record, key order included. What it declines goes to
 * the schema (which may still accept it, e.g. keys in another order).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVALUATION_KEYS, isExactEvaluation } from '../../src/store/fast-evaluation.js';
import { EvaluationRecordSchema } from '../../src/domain/snapshot.js';
import { readManifest, readRecords } from '../../src/store/read-snapshot.js';
import type { EvaluationRecord } from '../../src/domain/snapshot.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'evidence', 'sample');

const base: EvaluationRecord = {
  account: '111122223333',
  region: 'us-east-1',
  ruleName: 's3-bucket-public-read-prohibited-conformance-pack-x1',
  sourceIdentifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED',
  resourceType: 'AWS::S3::Bucket',
  resourceId: 'northwind-claims',
  complianceType: 'NON_COMPLIANT',
  annotation: 'public',
  recordedAt: '2026-09-29T05:08:48.000Z',
};

/** The fast path's promise: whatever it takes, the schema takes and gives back as it was. */
function agrees(value: unknown): boolean {
  const fast = isExactEvaluation(value);
  const zod = EvaluationRecordSchema.safeParse(value);
  if (fast) expect(zod.success && JSON.stringify(zod.data) === JSON.stringify(value), JSON.stringify(value)).toBe(true);
  return fast;
}

describe('isExactEvaluation', () => {
  it('checks the schema\'s keys, in the schema\'s order', () => {
    expect([...EVALUATION_KEYS]).toEqual(Object.keys(EvaluationRecordSchema.shape));
  });

  it('takes every evaluation result of the shipped sample as the schema gives it back', async () => {
    const manifest = await readManifest(SAMPLE);
    let n = 0;
    for await (const r of readRecords(SAMPLE, manifest, 'evaluations')) {
      expect(agrees(JSON.parse(JSON.stringify(r)))).toBe(true);
      n++;
    }
    expect(n).toBeGreaterThan(1000);
  });

  const without = (key: keyof EvaluationRecord) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
  it.each([
    ['no annotation', without('annotation'), true],
    ['an empty annotation', { ...base, annotation: '' }, true],
    ['a fractional-second offset time', { ...base, recordedAt: '2024-02-29T23:59:59.123456+05:30' }, true],
    ['a time in Z without fraction', { ...base, recordedAt: '2026-09-29T05:08:48Z' }, true],
    ['keys in another order (the schema reorders them)', { recordedAt: base.recordedAt, ...without('recordedAt') }, false],
    ['an unknown key', { ...base, tags: {} }, false],
    ['a missing key', without('resourceId'), false],
    ['an 11-digit account', { ...base, account: '11112222333' }, false],
    ['an account as a number', { ...base, account: 111122223333 }, false],
    ['a region in capitals', { ...base, region: 'US-EAST-1' }, false],
    ['an empty rule name', { ...base, ruleName: '' }, false],
    ['an empty resource id', { ...base, resourceId: '' }, false],
    ['an unknown compliance type', { ...base, complianceType: 'FAILED' }, false],
    ['a null annotation', { ...base, annotation: null }, false],
    ['30 February', { ...base, recordedAt: '2026-02-30T00:00:00Z' }, false],
    ['29 February of a common year', { ...base, recordedAt: '2026-02-29T00:00:00Z' }, false],
    ['no seconds', { ...base, recordedAt: '2026-09-29T05:08Z' }, false],
    ['no offset', { ...base, recordedAt: '2026-09-29T05:08:48' }, false],
    ['hour 24', { ...base, recordedAt: '2026-09-29T24:00:00Z' }, false],
    ['a date only', { ...base, recordedAt: '2026-09-29' }, false],
    ['an array', [base], false],
    ['null', null, false],
    ['a string', 'record', false],
  ])('%s: fast path %s', (_label, value, expected) => {
    expect(agrees(value)).toBe(expected);
  });
});

describe('isExactEvaluation remembers the last account and region it accepted', () => {
  it('a remembered account or region never lets another value through', () => {
    expect(agrees(base)).toBe(true);
    expect(agrees({ ...base, account: '11112222333' })).toBe(false);
    expect(agrees({ ...base, region: 'US-EAST-1' })).toBe(false);
    expect(agrees({ ...base, account: 111122223333 })).toBe(false);
    expect(agrees(base)).toBe(true);
  });
});
