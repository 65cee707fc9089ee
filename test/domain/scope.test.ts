import { describe, expect, it } from 'vitest';
import { inScope, scopeKey, toFrameworkScope, toScopeGaps, WHOLE_SNAPSHOT } from '../../src/domain/scope.js';
import type { SnapshotManifest } from '../../src/domain/snapshot.js';

const cde = toFrameworkScope({ accounts: ['111111111111'], regions: ['us-east-1'], tags: { cde: 'true' } });
const bucket = { account: '111111111111', region: 'us-east-1', resourceType: 'AWS::S3::Bucket' };

describe('which results a scope holds', () => {
  it.each([
    ['a tagged bucket in the account and region', { ...bucket, tags: { cde: 'true' } }, true],
    ['a bucket without the tag', { ...bucket, tags: { env: 'prod' } }, false],
    ['a bucket whose tags the snapshot does not hold', bucket, false],
    ['a tagged bucket in another account', { ...bucket, account: '222222222222', tags: { cde: 'true' } }, false],
    ['a tagged bucket in another region', { ...bucket, region: 'eu-west-1', tags: { cde: 'true' } }, false],
    ['the account itself (account-wide), untagged', { ...bucket, resourceType: 'AWS::::Account' }, true],
    ['an IAM role recorded in another region (account-wide, global)', { ...bucket, region: 'eu-west-1', resourceType: 'AWS::IAM::Role' }, true],
    ['an IAM role in an account out of scope', { ...bucket, account: '222222222222', resourceType: 'AWS::IAM::Role' }, false],
  ] as const)('%s: %s', (_what, r, expected) => {
    expect(inScope(cde, r)).toBe(expected);
  });

  it('no declaration: everything is in scope; frameworks with the same scope share a key', () => {
    expect(inScope(WHOLE_SNAPSHOT, { ...bucket, account: '999999999999' })).toBe(true);
    expect(scopeKey(toFrameworkScope(undefined))).toBe(scopeKey(WHOLE_SNAPSHOT));
    expect(scopeKey(toFrameworkScope({ accounts: ['2', '1'] }))).toBe(scopeKey(toFrameworkScope({ accounts: ['1', '2'], description: 'other words' })));
    expect(scopeKey(cde)).not.toBe(scopeKey(toFrameworkScope({ accounts: ['111111111111'], regions: ['us-east-1'] })));
  });
});

describe('the gaps a scope counts', () => {
  const manifest = {
    scope: { accounts: [{ id: '111111111111' }, { id: '333333333333' }], regions: ['us-east-1'] },
    sources: [{ source: 'aws-config', account: '111111111111', region: 'us-east-1', status: 'collected' }],
    gaps: [
      { source: 'aws-config', account: '333333333333', region: 'us-east-1', code: 'RecorderNotRecording', message: 'stopped' },
      { source: 'aws-artifact', code: 'AccessDeniedException', message: 'denied', action: 'artifact:ListReports' },
    ],
  } as unknown as SnapshotManifest;

  it('a gap outside the scope decides nothing; one without a place (Artifact) counts everywhere', () => {
    const { inScope: inside, outOfScope } = toScopeGaps(toFrameworkScope({ accounts: ['111111111111'] }), manifest, true);
    expect(inside.map((g) => g.code)).toEqual(['AccessDeniedException']);
    expect(outOfScope.map((g) => g.code)).toEqual(['RecorderNotRecording']);
  });

  it('what the scope names but the snapshot does not hold is a gap: an account, a region, the tags', () => {
    const { inScope: inside } = toScopeGaps(toFrameworkScope({ accounts: ['111111111111', '444444444444'], regions: ['us-east-1', 'ap-south-1'], tags: { cde: 'true' } }), manifest, false);
    expect(inside.map((g) => [g.code, g.account ?? g.region ?? ''])).toEqual([
      ['AccessDeniedException', ''],
      ['ScopeNotCollected', '444444444444'],
      ['ScopeNotCollected', 'ap-south-1'],
      ['TagsNotCollected', ''],
    ]);
  });
});
