import { describe, expect, it } from 'vitest';
import { toConfigRuleRecord, toEvaluationRecord, toGap, toManagedIdentifierFromName, toManagedRuleNames } from '../../../src/collect/aws-config/to-config-records.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { FRAMEWORKS_DIR } from '../../../src/cli/paths.js';

const managed = toManagedRuleNames((await loadCatalog(FRAMEWORKS_DIR)).managedRules.values());
const where = { account: '111122223333', region: 'us-east-1' };

describe('toManagedIdentifierFromName', () => {
  it.each([
    ['s3-bucket-public-read-prohibited-conformance-pack-x1y2z3', 'S3_BUCKET_PUBLIC_READ_PROHIBITED'],
    ['restricted-ssh-conformance-pack-ab12cd34', 'INCOMING_SSH_DISABLED'],
    ['cloudtrail-enabled', 'CLOUD_TRAIL_ENABLED'],
    ['securityhub-s3-bucket-public-read-prohibited-a1b2c3d4', 'S3_BUCKET_PUBLIC_READ_PROHIBITED'],
    ['OrgConfigRule-encrypted-volumes-k9j8h7g6', 'ENCRYPTED_VOLUMES'],
    ['northwind-phi-bucket-classification-tag', undefined],
  ])('%s -> %s', (name, id) => {
    expect(toManagedIdentifierFromName(name, managed)).toBe(id);
  });
});

describe('records', () => {
  it('keeps Source.SourceIdentifier, not the deployed name, and flags custom rules', () => {
    expect(toConfigRuleRecord({ ConfigRuleName: 'restricted-ssh-conformance-pack-x1', Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' }, ConfigRuleState: 'ACTIVE' }, where, 'Pack')).toEqual({
      ...where,
      ruleName: 'restricted-ssh-conformance-pack-x1',
      sourceOwner: 'AWS',
      sourceIdentifier: 'INCOMING_SSH_DISABLED',
      conformancePack: 'Pack',
      state: 'ACTIVE',
    });
    expect(toConfigRuleRecord({ ConfigRuleName: 'guard', Source: { Owner: 'CUSTOM_POLICY' } }, where, undefined)).toMatchObject({ sourceOwner: 'CUSTOM_POLICY', sourceIdentifier: 'CUSTOM_POLICY' });
    expect(toConfigRuleRecord({ ConfigRuleName: 'x', Source: { Owner: 'SOMEONE' } }, where, undefined)).toBeUndefined();
  });

  it('an evaluation result without its resource or with an unknown compliance type is not a record', () => {
    const rule = { ...where, ruleName: 'r', sourceIdentifier: 'R' };
    const q = { ConfigRuleName: 'r', ResourceType: 'AWS::S3::Bucket', ResourceId: 'b' };
    expect(toEvaluationRecord({ EvaluationResultIdentifier: { EvaluationResultQualifier: q }, ComplianceType: 'NON_COMPLIANT', Annotation: 'open', ResultRecordedTime: new Date('2026-01-02T03:04:05Z') }, rule)).toEqual({
      ...rule,
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'b',
      complianceType: 'NON_COMPLIANT',
      annotation: 'open',
      recordedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(toEvaluationRecord({ EvaluationResultIdentifier: { EvaluationResultQualifier: { ...q, ResourceId: '' } }, ComplianceType: 'COMPLIANT', ResultRecordedTime: new Date() }, rule)).toBeUndefined();
    expect(toEvaluationRecord({ EvaluationResultIdentifier: { EvaluationResultQualifier: q }, ComplianceType: 'MAYBE', ResultRecordedTime: new Date() }, rule)).toBeUndefined();
  });

  it('AccessDenied becomes a gap naming the IAM action; other errors keep their code', () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    expect(toGap(denied, { ...where, operation: 'GetComplianceDetailsByConfigRule', what: 'results' })).toMatchObject({
      source: 'aws-config',
      code: 'AccessDeniedException',
      action: 'config:GetComplianceDetailsByConfigRule',
    });
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const g = toGap(throttled, { ...where, operation: 'DescribeConfigRules', what: 'rules' });
    expect(g.code).toBe('ThrottlingException');
    expect(g.action).toBeUndefined();
  });
});

describe('iam-policy.json', () => {
  it('grants every AWS call the collector makes, and nothing that writes', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const dir = new URL('../../../src/collect/aws-config/', import.meta.url);
    const policy = JSON.parse(await readFile(new URL('iam-policy.json', dir), 'utf8')) as { Statement: { Action: string[] }[] };
    const granted = new Set(policy.Statement.flatMap((s) => s.Action));
    const used = new Set<string>();
    for (const f of (await readdir(dir)).filter((n) => n.endsWith('.ts'))) {
      const text = await readFile(new URL(f, dir), 'utf8');
      for (const m of text.matchAll(/new (\w+)Command\(/g)) used.add(`${m[1] === 'GetCallerIdentity' ? 'sts' : 'config'}:${m[1] ?? ''}`);
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((a) => !granted.has(a))).toEqual([]);
    expect([...granted].filter((a) => !used.has(a))).toEqual([]);
    expect([...granted].every((a) => /^(config|sts):(Describe|Get|Select|List)/.test(a))).toBe(true);
  });
});
