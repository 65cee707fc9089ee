import { describe, expect, it } from 'vitest';
import { classifyChange, compareRequirements } from '../../src/compare/compare-requirements.js';
import { commonConfigScope, compareScope, sourceLevelChanges } from '../../src/compare/compare-scope.js';
import { createResourceDiff, hash53, keyHash53 } from '../../src/compare/resource-diff.js';
import type { ComplianceType } from '../../src/domain/status.js';
import { compareEvidence } from '../../src/compare/compare-evidence.js';
import { compareRules } from '../../src/compare/compare-rules.js';
import type { Status } from '../../src/domain/status.js';
import { evaluateFramework } from '../../src/evaluate/evaluate-framework.js';
import { catalogOf, control, evaluation, evidenceOf, framework, manifest } from '../evaluate/fixtures.js';

describe('classifyChange', () => {
  it.each([
    ['met', 'not-met', 'regressed'],
    ['partial', 'met', 'improved'],
    ['not-met', 'accepted-risk', 'improved'],
    ['met', 'inherited', 'changed'],
    ['met', 'not-applicable', 'changed'],
    ['needs-evidence', 'needs-evidence', 'unchanged'],
  ] as [Status, Status, string][])('%s -> %s is %s', (a, b, expected) => {
    expect(classifyChange(a, b)).toBe(expected);
  });
});

const pair = (account: string, region: string) => ({ source: 'aws-config' as const, account, region, status: 'collected' as const });

describe('scope', () => {
  const before = manifest({ sources: [pair('111111111111', 'us-east-1'), { source: 'aws-artifact', status: 'collected' }] });
  const after = manifest({
    sources: [pair('111111111111', 'us-east-1'), pair('111111111111', 'eu-west-1'), pair('222222222222', 'us-east-1')],
    gaps: [{ source: 'aws-config', account: '222222222222', region: 'us-east-1', code: 'AccessDeniedException', message: 'denied', action: 'config:DescribeConfigRules' }],
  });

  it('lists a region added, a pair that became a gap, and a source no longer collected', () => {
    const changes = compareScope(before, after);
    expect(changes.map((c) => [c.source, c.account, c.region, c.before, c.after])).toEqual([
      ['aws-artifact', '', '', 'collected', 'absent'],
      ['aws-config', '111111111111', 'eu-west-1', 'absent', 'collected'],
      ['aws-config', '222222222222', 'us-east-1', 'absent', 'gap'],
    ]);
    expect(changes[2]?.detail).toContain('AccessDeniedException');
  });

  it('compares over the pairs collected in both; only source-level changes make requirements not comparable', () => {
    expect([...commonConfigScope(before, after)]).toEqual(['111111111111|us-east-1']);
    expect(sourceLevelChanges(before, after, compareScope(before, after)).map((c) => c.source)).toEqual(['aws-artifact']);
  });
});

describe('compareRequirements', () => {
  const fw = framework([
    { id: '1', title: 'Encrypt', assessable: true, controls: ['enc'] },
    { id: '2', title: 'Physical', assessable: true, controls: ['phys'] },
  ]);
  const enc = control('enc', { rules: ['S3_RULE'] });
  const phys = control('phys', { model: 'inherited', attestations: ['aws-soc2-type2'] });
  const catalog = catalogOf([enc, phys], fw);
  const soc2 = { id: 'r1', name: 'SOC 2 Type 2 Report', category: 'c', series: 'SOC', version: 1, periodStart: '2025-10-01T00:00:00Z', periodEnd: '2026-03-31T00:00:00Z' };

  it('a newly failing resource regresses the requirement; an Artifact source lost makes the inherited one not comparable', () => {
    const a = evaluateFramework(fw, catalog, evidenceOf([evaluation('S3_RULE', 'COMPLIANT', 'b1')], { artifactReports: [soc2] }));
    const noArtifact = manifest({ sources: [pair('111111111111', 'us-east-1')] });
    const b = evaluateFramework(fw, catalog, evidenceOf([evaluation('S3_RULE', 'NON_COMPLIANT', 'b1')], { manifest: noArtifact }));
    const scope = sourceLevelChanges(manifest(), noArtifact, compareScope(manifest(), noArtifact));
    const changes = compareRequirements(a, b, scope);
    expect(changes.map((c) => [c.requirementId, c.before, c.after, c.change])).toEqual([
      ['1', 'met', 'not-met', 'regressed'],
      ['2', 'inherited', 'needs-evidence', 'not-comparable'],
    ]);
    expect(changes[1]?.reason).toMatch(/aws-artifact/);
  });
});

describe('compareRequirements across catalog versions', () => {
  it('a requirement only in the later catalog is added, one only in the earlier is removed', () => {
    const c = control('c', { rules: ['S3_RULE'] });
    const ev = evidenceOf([evaluation('S3_RULE', 'COMPLIANT', 'a')]);
    const older = framework([{ id: 'old', title: 'Old', assessable: true, controls: ['c'] }, { id: 'kept', title: 'Kept', assessable: true, controls: ['c'] }]);
    const newer = framework([{ id: 'kept', title: 'Kept', assessable: true, controls: ['c'] }, { id: 'new', title: 'New', assessable: true, controls: ['c'] }]);
    const changes = compareRequirements(evaluateFramework(older, catalogOf([c], older), ev), evaluateFramework(newer, catalogOf([c], newer), ev), []);
    expect(changes.map((x) => [x.requirementId, x.change])).toEqual([['kept', 'unchanged'], ['new', 'added'], ['old', 'removed']]);
  });
});

describe('createResourceDiff', () => {
  const scope = new Set(['111111111111|us-east-1']);
  it('finds newly failing (with what it was before), fixed, no longer evaluated and still failing, each once', () => {
    const d = createResourceDiff(scope);
    d.addBefore(evaluation('S3_RULE', 'COMPLIANT', 'becomes-bad'));
    d.addBefore(evaluation('S3_RULE', 'NON_COMPLIANT', 'gets-fixed', { annotation: 'public' }));
    d.addBefore(evaluation('S3_RULE', 'NON_COMPLIANT', 'deleted'));
    d.addBefore(evaluation('S3_RULE', 'NON_COMPLIANT', 'still-bad'));
    d.addBefore(evaluation('S3_RULE', 'NON_COMPLIANT', 'other-region', { region: 'eu-west-1' }));
    const now = [
      d.addAfter(evaluation('S3_RULE', 'NON_COMPLIANT', 'becomes-bad', { annotation: 'now public' })),
      d.addAfter(evaluation('S3_RULE', 'NON_COMPLIANT', 'becomes-bad', { ruleName: 'second-pack-copy' })),
      d.addAfter(evaluation('S3_RULE', 'NON_COMPLIANT', 'brand-new')),
      d.addAfter(evaluation('S3_RULE', 'COMPLIANT', 'gets-fixed')),
      d.addAfter(evaluation('S3_RULE', 'NON_COMPLIANT', 'still-bad')),
    ].filter(Boolean);
    expect(now.map((c) => [c?.resourceId, c?.before, c?.annotation])).toEqual([
      ['becomes-bad', 'COMPLIANT', 'now public'],
      ['brand-new', '', ''],
    ]);
    const { changes, totals } = d.finish();
    expect(changes.map((c) => [c.change, c.resourceId, c.after])).toEqual([
      ['newly-fixed', 'gets-fixed', 'COMPLIANT'],
      ['no-longer-evaluated', 'deleted', ''],
    ]);
    expect(totals).toEqual({ newlyFailing: 2, newlyFixed: 1, noLongerEvaluated: 1, stillFailing: 1, outOfScope: { before: 1, after: 0 } });
  });

  it('labels a newly failing resource with the worst result it had before, in any order, whatever the tables were sized for', () => {
    for (const expected of [0, 3, 1_000_000]) {
      const d = createResourceDiff(scope, expected);
      const orders: [string, ComplianceType[]][] = [
        ['a', ['COMPLIANT', 'INSUFFICIENT_DATA', 'NOT_APPLICABLE']],
        ['b', ['NOT_APPLICABLE', 'COMPLIANT']],
        ['c', ['INSUFFICIENT_DATA', 'COMPLIANT']],
      ];
      for (const [id, types] of orders) for (const t of types) d.addBefore(evaluation('S3_RULE', t, id));
      const now = ['a', 'b', 'c', 'd'].map((id) => d.addAfter(evaluation('S3_RULE', 'NON_COMPLIANT', id))?.before);
      expect(now).toEqual(['INSUFFICIENT_DATA', 'COMPLIANT', 'INSUFFICIENT_DATA', '']);
    }
  });

  it('lets go of what it held at finish, and refuses results after it', () => {
    const d = createResourceDiff(scope, 10);
    d.addBefore(evaluation('S3_RULE', 'NON_COMPLIANT', 'x'));
    expect(d.finish().changes).toHaveLength(1);
    expect(() => d.addAfter(evaluation('S3_RULE', 'NON_COMPLIANT', 'x'))).toThrow(/after finish/);
    expect(() => d.finish()).toThrow(/after finish/);
  });
});

describe('keyHash53', () => {
  it('is hash53 of the key (account, region, rule, type, id joined by NUL) without building it', () => {
    const base = evaluation('S3_BUCKET_VERSIONING_ENABLED', 'COMPLIANT', 'arn:aws:s3:::bucket');
    const cases = [
      base,
      { ...base, resourceId: '' },
      { ...base, account: '', region: '' },
      { ...base, resourceId: 'arn:aws:s3:::b\u0000c\u00e9\u{1F600}' },
      { ...base, sourceIdentifier: 'S3_BUCKET_LOGGING_ENABLED', resourceType: 'AWS::S3::Bucket', resourceId: 'x'.repeat(500) },
    ];
    for (const r of cases) expect(keyHash53(r)).toBe(hash53([r.account, r.region, r.sourceIdentifier, r.resourceType, r.resourceId].join('\u0000')));
    expect(new Set(cases.map(keyHash53)).size).toBe(cases.length);
  });

  it('stays hash53 of the key while results repeat their first four fields, and when one of them changes', () => {
    const base = evaluation('S3_BUCKET_VERSIONING_ENABLED', 'COMPLIANT', 'arn:aws:s3:::a');
    // Equal text in fresh strings (as JSON.parse gives them), then each of the four fields changed alone.
    const fresh = (s: string) => [...s].join('');
    const sequence = [
      base,
      { ...base, resourceId: 'arn:aws:s3:::b' },
      { ...base, account: fresh(base.account), region: fresh(base.region), resourceId: 'arn:aws:s3:::c' },
      { ...base, resourceType: 'AWS::S3::Other', resourceId: 'arn:aws:s3:::c' },
      { ...base, sourceIdentifier: 'S3_OTHER', resourceId: 'arn:aws:s3:::c' },
      { ...base, region: 'eu-west-1', resourceId: 'arn:aws:s3:::c' },
      { ...base, account: '999999999999', resourceId: 'arn:aws:s3:::c' },
      // A field's end moved into the next one: not the same key.
      { ...base, sourceIdentifier: 'S3_OTHE', resourceType: `R${base.resourceType}`, resourceId: 'arn:aws:s3:::c' },
      base,
    ];
    const hashes = sequence.map(keyHash53);
    sequence.forEach((r, i) => expect(hashes[i]).toBe(hash53([r.account, r.region, r.sourceIdentifier, r.resourceType, r.resourceId].join('\u0000'))));
    expect(new Set(hashes).size).toBe(sequence.length - 1);
  });
});

describe('compareEvidence and compareRules', () => {
  const rec = (id: string, validUntil: string) => ({ id, kind: 'policy', title: `Policy ${id}`, owner: 'o', collectedOn: '2026-01-01', validUntil, location: 'x' });
  const ex = { id: 'EX-1', ruleIdentifier: 'S3_RULE', resourcePattern: '*', reason: 'r', compensatingControl: 'c', approver: 'a', approvedOn: '2026-01-01' };
  it('manual evidence that expired or was renewed, an exception that lapsed or was extended', () => {
    const expired = compareEvidence({ day: '2026-06-30', manual: [rec('p1', '2026-08-01')], exceptions: [{ ...ex, expiresOn: '2026-08-01' }] }, { day: '2026-09-30', manual: [rec('p1', '2026-08-01')], exceptions: [{ ...ex, expiresOn: '2026-08-01' }] });
    expect(expired.map((e) => [e.type, e.change])).toEqual([['manual-evidence', 'expired'], ['exception', 'expired']]);
    const renewed = compareEvidence({ day: '2026-06-30', manual: [rec('p1', '2026-08-01')], exceptions: [{ ...ex, expiresOn: '2026-08-01' }] }, { day: '2026-09-30', manual: [rec('p2', '2027-08-01')], exceptions: [{ ...ex, expiresOn: '2027-01-01' }] });
    expect(renewed.map((e) => [e.type, e.change])).toEqual([['manual-evidence', 'renewed'], ['exception', 'renewed']]);
  });

  it('rules added and removed within the common scope only', () => {
    const r = (id: string, region = 'us-east-1') => ({ account: '111111111111', region, ruleName: id.toLowerCase(), sourceOwner: 'AWS' as const, sourceIdentifier: id });
    const changes = compareRules([r('A'), r('B'), r('X', 'eu-west-1')], [r('B'), r('C'), r('Y', 'eu-west-1')], new Set(['111111111111|us-east-1']));
    expect(changes.map((c) => [c.change, c.ruleIdentifier, c.where])).toEqual([
      ['added', 'C', ['111111111111 us-east-1']],
      ['removed', 'A', ['111111111111 us-east-1']],
    ]);
  });
});
