/** A tiny in-memory catalog and evidence builder for the pure evaluation tests. */
import type { AttestationKind, Catalog, Control, Framework, ManualEvidenceKind } from '../../src/domain/catalog.js';
import type { EvidenceSummary } from '../../src/domain/result.js';
import type { EvaluationRecord, SnapshotManifest } from '../../src/domain/snapshot.js';
import { createEvidenceAccumulator } from '../../src/evaluate/accumulate-evidence.js';
import { WHOLE_SNAPSHOT } from '../../src/domain/scope.js';

export function control(id: string, over: Partial<Control> & { rules?: string[]; attestations?: string[]; manual?: string[]; model?: Control['responsibility']['model'] } = {}): Control {
  return {
    id,
    title: over.title ?? `Control ${id}`,
    objective: 'objective',
    family: over.family ?? 'fam',
    responsibility: { model: over.model ?? 'customer', aws: 'AWS does its part.', customer: 'The customer does theirs.' },
    evidence: { configRules: over.rules ?? [], attestations: over.attestations ?? [], manual: over.manual ?? [] },
    narrative: '{{organisation}} does {{status}}.',
    remediation: 'Fix it.',
  };
}

export const manualKinds: ManualEvidenceKind[] = [
  { id: 'policy', title: 'Security policy', description: 'd', reviewEveryDays: 365 },
  { id: 'training', title: 'Training records', description: 'd', reviewEveryDays: 365 },
];
export const attestationKinds: AttestationKind[] = [
  { id: 'aws-soc2-type2', title: 'AWS SOC 2 Type 2 report', type: 'report', description: 'd', match: { name: 'SOC 2 Type 2' } },
  { id: 'aws-hipaa-baa', title: 'AWS BAA', type: 'agreement', description: 'd', match: { name: 'Business Associate' } },
];

export function catalogOf(controls: Control[], framework: Framework): Catalog {
  return {
    frameworks: [framework],
    controls: new Map(controls.map((c) => [c.id, c])),
    families: new Map([['fam', 'Family']]),
    manualKinds: new Map(manualKinds.map((k) => [k.id, k])),
    attestationKinds: new Map(attestationKinds.map((k) => [k.id, k])),
    managedRules: new Map([
      ['S3_RULE', { identifier: 'S3_RULE', name: 's3-rule', verified: true, resourceTypes: ['AWS::S3::Bucket'] }],
      ['RDS_RULE', { identifier: 'RDS_RULE', name: 'rds-rule', verified: true, resourceTypes: ['AWS::RDS::DBInstance'] }],
      ['IAM_RULE', { identifier: 'IAM_RULE', name: 'iam-rule', verified: true, resourceTypes: [] }],
    ]),
  };
}

export function manifest(over: Partial<SnapshotManifest> = {}): SnapshotManifest {
  return {
    format: 'srmap-snapshot/1',
    id: 'snap-1',
    createdAt: '2026-09-30T18:00:00Z',
    tool: { name: 'srmap', version: '0.0.0' },
    organisation: { name: 'Example Org' },
    scope: { accounts: [{ id: '111111111111' }], regions: ['us-east-1'] },
    sources: [
      { source: 'aws-config', account: '111111111111', region: 'us-east-1', status: 'collected' },
      { source: 'aws-artifact', status: 'collected' },
    ],
    gaps: [],
    files: [],
    ...over,
  };
}

export function evaluation(sourceIdentifier: string, complianceType: EvaluationRecord['complianceType'], resourceId: string, over: Partial<EvaluationRecord> = {}): EvaluationRecord {
  return {
    account: '111111111111',
    region: 'us-east-1',
    ruleName: `${sourceIdentifier.toLowerCase()}-conformance-pack-abc`,
    sourceIdentifier,
    resourceType: 'AWS::S3::Bucket',
    resourceId,
    complianceType,
    recordedAt: '2026-09-30T10:00:00Z',
    ...over,
  };
}

export function evidenceOf(records: EvaluationRecord[], over: Partial<Omit<EvidenceSummary, 'rules' | 'totals'>> = {}, failingCap = 5): EvidenceSummary {
  const m = over.manifest ?? manifest();
  const exceptions = over.exceptions ?? [];
  const acc = createEvidenceAccumulator({ manifest: m, exceptions, failingCap });
  const deployed = new Set(records.map((r) => r.sourceIdentifier));
  for (const id of deployed) acc.addRule({ account: '111111111111', region: 'us-east-1', ruleName: `${id.toLowerCase()}-x`, sourceOwner: 'AWS', sourceIdentifier: id });
  for (const r of records) acc.addEvaluation(r);
  const { rules, totals } = acc.finish();
  return {
    manifest: m,
    scope: over.scope ?? WHOLE_SNAPSHOT,
    scopeGaps: over.scopeGaps ?? { inScope: m.gaps, outOfScope: [] },
    outOfScopeResults: over.outOfScopeResults ?? 0,
    declarations: over.declarations ?? [],
    rules,
    totals,
    configRules: [],
    resourceCounts: over.resourceCounts ?? new Map([['AWS::S3::Bucket', 3]]),
    artifactReports: over.artifactReports ?? [],
    artifactAgreements: over.artifactAgreements ?? [],
    manualEvidence: over.manualEvidence ?? [],
    exceptions,
    owners: over.owners ?? [],
  };
}

export function framework(requirements: Framework['requirements']): Framework {
  return { id: 'test-fw', name: 'Test', version: '1', publisher: 'p', description: 'd', requirements };
}
