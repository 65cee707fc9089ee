/** What changed between two snapshots: the types compare/ produces and render/ prints. */
import type { EvidenceSource, SnapshotManifest } from './snapshot.js';
import type { ComplianceType, Status } from './status.js';

export type Coverage = 'collected' | 'gap' | 'absent';

export interface ScopeChange {
  source: EvidenceSource;
  account: string;
  region: string;
  before: Coverage;
  after: Coverage;
  detail: string;
}

export const CHANGE_KINDS = ['not-comparable', 'regressed', 'improved', 'changed', 'added', 'removed', 'unchanged'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface RequirementChange {
  framework: string;
  requirementId: string;
  title: string;
  before: Status | '';
  after: Status | '';
  change: ChangeKind;
  reason: string;
}

export type ResourceChangeKind = 'newly-failing' | 'newly-fixed' | 'no-longer-evaluated';

export interface ResourceChange {
  change: ResourceChangeKind;
  account: string;
  region: string;
  ruleIdentifier: string;
  ruleName: string;
  resourceType: string;
  resourceId: string;
  /** '' when the resource had no result (new resource, or new rule). */
  before: ComplianceType | '';
  after: ComplianceType | '';
  /** The annotation of the failing side. */
  annotation: string;
}

export interface ResourceDiffTotals {
  newlyFailing: number;
  newlyFixed: number;
  noLongerEvaluated: number;
  stillFailing: number;
  /** Results outside the common scope, left out of the comparison. */
  outOfScope: { before: number; after: number };
}

export interface RuleChange {
  change: 'added' | 'removed';
  ruleIdentifier: string;
  sourceOwner: string;
  /** `account region` pairs where it was added or removed. */
  where: string[];
}

export interface EvidenceChange {
  type: 'manual-evidence' | 'exception';
  /** Manual evidence kind, or exception id. */
  subject: string;
  change: 'expired' | 'renewed' | 'added' | 'removed' | 'became-current';
  before: string;
  after: string;
  detail: string;
}


export interface SnapshotDiff {
  before: SnapshotManifest;
  after: SnapshotManifest;
  /** `account region` pairs compared. */
  commonScope: string[];
  scope: ScopeChange[];
  requirements: { framework: string; name: string; changes: RequirementChange[] }[];
  rules: RuleChange[];
  evidence: EvidenceChange[];
  resources: { totals: ResourceDiffTotals; sample: ResourceChange[] };
}

