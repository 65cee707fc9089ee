/** Evaluation results: what evaluate/ produces and render/ consumes. */
import type { PropertyDeclaration, ServiceSplit, WorkbookSheet } from './catalog.js';
import type { FrameworkCatalogChanges } from './framework-catalog-changes.js';
import type { ManualStatus } from './manual-status.js';
import type { SnapshotDiff } from './changes.js';
import type {
  ArtifactAgreementRecord,
  ArtifactReportRecord,
  ConfigRuleRecord,
  Gap,
  ManualEvidenceRecord,
  ExceptionRecord,
  OwnerRecord,
  SnapshotManifest,
} from './snapshot.js';
import type { ComplianceType, Responsibility, Status } from './status.js';
import type { ApplicabilityDeclaration } from './applicability.js';
import type { FrameworkScope } from './scope.js';
import type { EvidenceRefs } from './evidence-refs.js';
import type { CuecResult } from './cuec.js';

export interface FailingResource {
  account: string;
  region: string;
  ruleName: string;
  resourceType: string;
  resourceId: string;
  annotation?: string;
  recordedAt: string;
}

/** One managed rule's results across the whole collected scope. */
export interface RuleEvidence {
  identifier: string;
  /** Deployed rule names (sorted, unique). Empty when the rule is deployed nowhere. */
  ruleNames: string[];
  /** How many account/region pairs have it deployed. */
  deployments: number;
  counts: Record<ComplianceType, number>;
  /** NON_COMPLIANT results covered by a current exception (counted in counts.NON_COMPLIANT too). */
  excepted: number;
  /** Exception ids that covered at least one result. */
  exceptionIds: string[];
  /** NON_COMPLIANT results each current exception covered (ids sorted); absent when none did. */
  exceptedById?: Record<string, number>;
  /** Expired (or not yet approved) exception ids that would have covered a result: listed, never applied. */
  lapsedExceptionIds: string[];
  /** NON_COMPLIANT results not covered by a current exception. */
  failingTotal: number;
  /** A capped, sorted sample of failing results; evidence.csv has all of them. */
  failing: FailingResource[];
}

export interface AttestationEvidence {
  /** Attestation kind id (frameworks/evidence-kinds.yaml). */
  kind: string;
  title: string;
  status: 'current' | 'stale' | 'missing' | 'inactive';
  reason: string;
  report?: ArtifactReportRecord;
  agreement?: ArtifactAgreementRecord;
}

export interface ManualEvidenceResult {
  kind: string;
  title: string;
  status: ManualStatus;
  record?: ManualEvidenceRecord;
}

export interface ControlResult {
  controlId: string;
  title: string;
  family: string;
  responsibility: Responsibility;
  aws: string;
  customer: string;
  services: ServiceSplit[];
  status: Status;
  /** Why: one sentence per deciding fact, most important first. */
  reasons: string[];
  automated: RuleEvidence[];
  attestations: AttestationEvidence[];
  manual: ManualEvidenceResult[];
  /** Collection gaps that lowered (or could have changed) this result. */
  gaps: Gap[];
  remediation: string;
  owner?: OwnerRecord;
}

/** One piece of evidence of a requirement, as evaluated: a managed rule, a manual evidence kind or an AWS attestation. */
export interface EvidencePart {
  kind: 'rule' | 'manual' | 'attestation';
  /** Managed-rule identifier, manual evidence kind, or attestation kind. */
  id: string;
  /** The control it comes from (owner, remediation); for a supporting rule, the first control that has it, if any. */
  controlId?: string;
  status: Status;
  reason: string;
}

export interface RequirementResult {
  requirementId: string;
  parent?: string;
  title: string;
  description?: string;
  assessable: boolean;
  depth: number;
  status: Status;
  /** The framework's own term for the status (its reporting vocabulary), e.g. PCI DSS `In Place`. */
  frameworkStatus: string;
  reasons: string[];
  responsibility: Responsibility;
  /** Controls whose evidence decides it. */
  controls: string[];
  /** Related controls: shown, never decide. */
  supportingControls: string[];
  /** What decided the status: each deciding rule, manual evidence kind and attestation. */
  deciding: EvidencePart[];
  /** Related rules, with their own status: shown beside it, never decide it. */
  supporting: EvidencePart[];
  /** The framework's own attributes of the requirement (declared in FrameworkResult.framework.properties), e.g. hipaa-type: addressable. */
  properties?: Record<string, string>;
  /** The current requirement-level exception that made it accepted-risk. */
  exceptionId?: string;
  /** The applicability declaration applied to it (not applicable, or a documented alternative). */
  declaration?: ApplicabilityDeclaration;
}

export interface FrameworkResult {
  framework: {
    id: string;
    name: string;
    version: string;
    publisher: string;
    description: string;
    properties?: Record<string, PropertyDeclaration>;
    /** The sheets of its own the framework file asks for in its workbook. */
    workbookSheets?: WorkbookSheet[];
  };
  /** In catalog order, headings included (assessable: false). */
  requirements: RequirementResult[];
  /** Every control any requirement of this framework names. */
  controls: ReadonlyMap<string, ControlResult>;
  counts: {
    byStatus: Record<Status, number>;
    byResponsibility: Record<Responsibility, number>;
    assessable: number;
  };
  /** The scope it was evaluated over, what fell outside it, and the gaps that counted. */
  scope: ScopeSummary;
  /** The framework's reporting vocabulary: its term per status, when the framework file declares one. */
  reporting?: { vocabulary: string; terms: Record<Status, string>; notes?: string };
  /** The catalog overlays laid over the shipped catalog and what they changed for this framework; absent without overlays. */
  catalogChanges?: FrameworkCatalogChanges;
}

export interface ScopeSummary {
  scope: FrameworkScope;
  /** Evaluation results inside and outside the scope. */
  results: { inScope: number; outOfScope: number };
  /** Collection gaps inside the scope (they lower statuses) and outside it (they decide nothing). */
  gaps: { inScope: Gap[]; outOfScope: Gap[] };
  /** Collected accounts outside the scope. */
  accountsOutOfScope: string[];
  /** Collected regions outside the scope. */
  regionsOutOfScope: string[];
}

/** What a snapshot holds within one scope, folded to a size that does not grow with the number of results. */
export interface EvidenceSummary {
  manifest: SnapshotManifest;
  /** The scope the rules and resource counts were folded over (the whole snapshot when undeclared). */
  scope: FrameworkScope;
  /** Gaps inside and outside the scope, including what the scope names that was not collected. */
  scopeGaps: { inScope: Gap[]; outOfScope: Gap[] };
  /** Evaluation results left out because they are outside the scope. */
  outOfScopeResults: number;
  rules: ReadonlyMap<string, RuleEvidence>;
  configRules: readonly ConfigRuleRecord[];
  /** Resource counts by type across the collected scope. */
  resourceCounts: ReadonlyMap<string, number>;
  artifactReports: readonly ArtifactReportRecord[];
  artifactAgreements: readonly ArtifactAgreementRecord[];
  manualEvidence: readonly ManualEvidenceRecord[];
  exceptions: readonly ExceptionRecord[];
  owners: readonly OwnerRecord[];
  /** Applicability declarations of the working folder (applicability.yaml). */
  declarations: readonly ApplicabilityDeclaration[];
  /** Evaluation results inside the scope. */
  totals: { evaluations: number; byCompliance: Record<ComplianceType, number> };
}

/** Everything one framework's pack is rendered from. */
export interface PackInput {
  result: FrameworkResult;
  evidence: EvidenceSummary;
  /** Rendered implementation statements, by control id. */
  narratives: ReadonlyMap<string, string>;
  /** How many failing resources the PDF lists per rule before pointing to the CSV. */
  failingCap: number;
  /** The evidence references of this evaluation (the same for every framework of one run). */
  refs: EvidenceRefs;
  /** With `report --previous`: what changed since the earlier snapshot (all frameworks; the PDF shows its own). */
  changes?: SnapshotDiff;
  /** With `report --history`: this framework's counts in each snapshot, oldest first (the current one last). */
  history?: HistoryPoint[];
  /** The catalog's complementary user entity controls with their status in this framework's evaluation; absent when none were read. */
  cuecs?: readonly CuecResult[];
}

export interface HistoryPoint {
  snapshotId: string;
  asOf: string;
  byStatus: Record<Status, number>;
  /** NON_COMPLIANT results not covered by an exception, across the snapshot. */
  failingResults: number;
  gaps: number;
}
