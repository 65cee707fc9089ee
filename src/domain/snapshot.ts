/**
 * The evidence snapshot format (format id `srmap-snapshot/1`): a directory with manifest.json and
 * one NDJSON file per record kind (`.ndjson.gz` where large). collect writes it, the sample
 * generator writes it, evaluate and report only read it. Never edited after it is written.
 */
import type { ComplianceType } from './status.js';
import type { ManifestSignature } from './manifest-signature.js';

export const SNAPSHOT_FORMAT = 'srmap-snapshot/1';

/** Record files of a snapshot; the manifest lists each with its sha256. */
export const RECORD_FILES = {
  configRules: 'config-rules.ndjson',
  evaluations: 'evaluations.ndjson.gz',
  resourceCounts: 'resource-counts.ndjson',
  conformancePacks: 'conformance-packs.ndjson',
  artifactReports: 'artifact-reports.ndjson',
  artifactAgreements: 'artifact-agreements.ndjson',
  manualEvidence: 'manual-evidence.ndjson',
  exceptions: 'exceptions.ndjson',
  owners: 'owners.ndjson',
  resourceTags: 'resource-tags.ndjson.gz',
} as const;
export type RecordKind = keyof typeof RECORD_FILES;

/**
 * Record kinds added to `srmap-snapshot/1` after its first release. A snapshot written before them
 * does not list their file and stays valid: it is read as holding none of them. A writer creates
 * their file only when a source produces them (or says it collected them and found none), so an
 * absent file means "not collected", an empty one "collected, none found".
 */
export const OPTIONAL_RECORD_KINDS: readonly RecordKind[] = ['resourceTags'];

export const EVIDENCE_SOURCES = ['aws-config', 'aws-artifact', 'manual'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export interface AccountRef {
  id: string; // 12 digits
  name?: string;
}

/** Something that could not be collected. A gap only ever lowers a result. */
export interface Gap {
  source: EvidenceSource;
  account?: string;
  region?: string;
  /** AWS error code or srmap code, e.g. RecorderNotRecording, AccessDeniedException. */
  code: string;
  message: string;
  /** IAM action that was missing: only for a refused call (AccessDenied), never for a recorder gap. */
  action?: string;
  /** The compliance type the gap is about, when it is about one (ResultsIncomplete). */
  complianceType?: ComplianceType;
}

/**
 * Gap codes that say the configuration recorder, not a permission, is the problem: what was there to
 * record was not (fully) recorded. They never carry an IAM `action`: a read-only collector needs none.
 */
export const RECORDER_GAP_CODES = ['NoConfigurationRecorder', 'RecorderNotRecording', 'RecorderFailing', 'NoConfigData'] as const;

/** Whether a gap is the recorder's (turn it on), not a permission's or a source's. */
export function isRecorderGap(gap: Pick<Gap, 'code'>): boolean {
  return (RECORDER_GAP_CODES as readonly string[]).includes(gap.code);
}

/** A pair's configuration recorder as collect found it; `unknown` where the route cannot see it (an aggregator). */
export const RECORDER_STATES = ['recording', 'not-recording', 'failing', 'none', 'unknown'] as const;
export type RecorderState = (typeof RECORDER_STATES)[number];

/** What a limit does to the evidence. */
export const LIMIT_EFFECTS = ['not-collected', 'not-checked', 'unknown'] as const;
export type LimitEffect = (typeof LIMIT_EFFECTS)[number];

/**
 * A limit of the route a source was collected by: what its APIs cannot give, stated once per snapshot
 * rather than hidden. `not-collected`: data of these compliance types (or this kind) is absent, whatever
 * the estate holds; `not-checked`: collected by paging to the end, but AWS offers no count to check it
 * against; `unknown`: a state the route cannot see (a member account's recorder through an aggregator).
 */
export interface CollectionLimit {
  source: EvidenceSource;
  /** `account` (each account's own APIs) or `aggregator` (the aggregate APIs). */
  route: 'account' | 'aggregator';
  /** Stable id, e.g. AggregateComplianceTypes. */
  code: string;
  effect: LimitEffect;
  complianceTypes?: ComplianceType[];
  message: string;
}

/** Per source, per account and region where it applies: was it collected? */
export interface SourceStatus {
  source: EvidenceSource;
  account?: string;
  region?: string;
  status: 'collected' | 'gap';
  /**
   * Record counts collected for this source/account/region, e.g. { rules: 40, evaluations: 812 }; for
   * AWS Config also results by compliance type (COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE) and rules
   * whose own compliance is INSUFFICIENT_DATA (rulesInsufficientData).
   */
  counts?: Record<string, number>;
  /** AWS Config: the configuration recorder of the pair (absent in snapshots written before it was recorded). */
  recorder?: RecorderState;
}

export interface SnapshotFile {
  path: string;
  sha256: string;
  bytes: number;
  records: number;
}

export interface SnapshotManifest {
  format: typeof SNAPSHOT_FORMAT;
  id: string;
  /** ISO-8601 UTC; the "as of" date of every pack built from it. */
  createdAt: string;
  tool: { name: 'srmap'; version: string };
  organisation: {
    name: string;
    fictional?: boolean;
    note?: string;
    /** PCI DSS: service-provider-only requirements apply only when true. */
    serviceProvider?: boolean;
  };
  scope: { accounts: AccountRef[]; regions: string[] };
  sources: SourceStatus[];
  gaps: Gap[];
  /** Limits of the routes the sources were collected by (absent when there are none). */
  limits?: CollectionLimit[];
  files: SnapshotFile[];
  /** Ed25519 over the manifest's RFC 8785 form, when collect had a signing key (src/sign/). */
  signature?: ManifestSignature;
}

export interface ConfigRuleRecord {
  account: string;
  region: string;
  /** Deployed name, e.g. s3-bucket-public-read-prohibited-conformance-pack-x1y2z3. */
  ruleName: string;
  ruleArn?: string;
  /** AWS for managed rules; CUSTOM_LAMBDA / CUSTOM_POLICY for custom ones. */
  sourceOwner: 'AWS' | 'CUSTOM_LAMBDA' | 'CUSTOM_POLICY';
  /** Managed-rule identifier (Source.SourceIdentifier); for custom rules the Lambda ARN or 'CUSTOM_POLICY'. */
  sourceIdentifier: string;
  conformancePack?: string;
  state?: string;
  /**
   * The rule's own compliance as AWS reports it (COMPLIANT, NON_COMPLIANT or INSUFFICIENT_DATA; never
   * NOT_APPLICABLE). INSUFFICIENT_DATA lives here only: AWS never gives it to an evaluation result.
   */
  compliance?: ComplianceType;
}

export interface EvaluationRecord {
  account: string;
  region: string;
  ruleName: string;
  /** Denormalised from the rule so evaluation streams without a join. */
  sourceIdentifier: string;
  resourceType: string;
  resourceId: string;
  complianceType: ComplianceType;
  annotation?: string;
  /** ISO-8601 result recorded time. */
  recordedAt: string;
}

export interface ResourceCountRecord {
  account: string;
  region: string;
  resourceType: string;
  count: number;
}

export interface ConformancePackRecord {
  account: string;
  region: string;
  name: string;
  rules: { ruleName: string; compliance: ComplianceType }[];
}

export interface ArtifactReportRecord {
  id: string;
  name: string;
  category: string;
  series: string;
  version: number;
  /** ISO-8601 */
  periodStart: string;
  periodEnd: string;
  state?: string;
  description?: string;
  /** Present only when the document was downloaded into the snapshot (never embedded in packs). */
  documentSha256?: string;
  arn?: string;
  /** Where the listing came from: the Artifact API, or a listing saved by hand (`collect --artifact-from`). */
  origin?: 'api' | 'import';
  /** The snapshot file holding the downloaded document (a manifest entry); never copied into a pack. */
  documentFile?: string;
  /** ISO-8601: when the document was downloaded, after its terms were accepted. */
  downloadedAt?: string;
  /** Who downloaded it: the caller's ARN or account id, else 'unknown'. Never a credential. */
  downloadedBy?: string;
  /** The terms accepted for the download (GetReportMetadata termArn). */
  termArn?: string;
}

export interface ArtifactAgreementRecord {
  id: string;
  name: string;
  type: string;
  state: 'ACTIVE' | 'CUSTOMER_TERMINATED' | 'AWS_TERMINATED';
  awsAccountId?: string;
  effectiveStart: string;
  effectiveEnd?: string;
  description?: string;
  /** Where the listing came from: the Artifact API, or a listing saved by hand (`collect --artifact-from`). */
  origin?: 'api' | 'import';
}

export interface ManualEvidenceRecord {
  id: string;
  /** Manual evidence kind id (frameworks/evidence-kinds.yaml). */
  kind: string;
  title: string;
  owner: string;
  /** YYYY-MM-DD */
  collectedOn: string;
  /** YYYY-MM-DD: after this date the evidence is expired. */
  validUntil: string;
  location: string;
  sha256?: string;
  /**
   * Set when the register was read: `verified` (local file hashes to sha256), `mismatch` (it does
   * not: changed since it was registered), `file-missing` (no file at location), `not-checked` (a URL).
   */
  integrity?: 'verified' | 'mismatch' | 'file-missing' | 'not-checked';
  integrityDetail?: string;
}

/**
 * A risk acceptance. It covers either failing resources (ruleIdentifier + resourcePattern) or a
 * whole requirement (`requirement`, written `framework-id:requirement-id`).
 */
export interface ExceptionRecord {
  id: string;
  /** Managed-rule identifier the exception covers. */
  ruleIdentifier?: string;
  /** Resource-id or ARN glob (`*` matches any run of characters). */
  resourcePattern?: string;
  /** `framework-id:requirement-id`, e.g. `pci-dss-4.0.1:11.4.1`. */
  requirement?: string;
  reason: string;
  compensatingControl: string;
  approver: string;
  /** YYYY-MM-DD */
  approvedOn: string;
  expiresOn: string;
}

/** RACI per common control id or control family id. */
export interface OwnerRecord {
  scope: string;
  responsible: string;
  accountable: string;
  consulted?: string;
  informed?: string;
}

/**
 * The tags of one resource AWS Config records (advanced query over its configuration items), so a
 * framework's scope can be declared by tag (e.g. `cde=true`). Every recorded resource is listed, an
 * untagged one with `tags: {}`; a resource that is not listed has tags srmap does not know (its
 * type is not recorded, or its account/region was not collected: see the manifest's gaps).
 */
export interface ResourceTagsRecord {
  account: string;
  region: string;
  resourceType: string;
  resourceId: string;
  /** Tag key -> value, as AWS holds them (untrusted text). */
  tags: Record<string, string>;
}

export interface RecordTypes {
  configRules: ConfigRuleRecord;
  evaluations: EvaluationRecord;
  resourceCounts: ResourceCountRecord;
  conformancePacks: ConformancePackRecord;
  artifactReports: ArtifactReportRecord;
  artifactAgreements: ArtifactAgreementRecord;
  manualEvidence: ManualEvidenceRecord;
  exceptions: ExceptionRecord;
  owners: OwnerRecord;
  resourceTags: ResourceTagsRecord;
}
