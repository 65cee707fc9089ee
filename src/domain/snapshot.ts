/**
 * The evidence snapshot format (format id `srmap-snapshot/1`): a directory with manifest.json and
 * one NDJSON file per record kind (`.ndjson.gz` where large). collect writes it, the sample
 * generator writes it, evaluate and report only read it. Never edited after it is written.
 *
 * One description of it: the strict zod schemas below, from which every type is inferred;
 * store/snapshot-format.ts parses and checks files with the same schemas. zod is a library, not
 * ours, so it may live in domain/ (as the catalog schema does).
 */
import { z } from 'zod';
import { COMPLIANCE_TYPES } from './status.js';
import { ManifestSignatureSchema } from './manifest-signature.js';

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

/** Each effect in a few words, as the pack's scope statements (PDF, HTML page) show it. */
export const LIMIT_EFFECT_LABELS: Readonly<Record<LimitEffect, string>> = {
  'not-collected': 'not collected',
  'not-checked': 'collected, count not checkable',
  unknown: 'state not visible',
};

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

const accountId = z.string().regex(ACCOUNT_ID_PATTERN, 'a 12-digit AWS account id');
const region = z.string().regex(REGION_PATTERN, 'an AWS region, e.g. us-east-1');
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const nonEmpty = z.string().min(1);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits (sha256)');
const complianceType = z.enum(COMPLIANCE_TYPES);
/** A bare file name: a manifest must never point outside its own directory. */
const fileName = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a file name inside the snapshot directory');
const origin = z.enum(['api', 'import']);

export const AccountRefSchema = z.strictObject({
  /** 12 digits. */
  id: accountId,
  name: nonEmpty.optional(),
});

/** Something that could not be collected. A gap only ever lowers a result. */
export const GapSchema = z.strictObject({
  source: z.enum(EVIDENCE_SOURCES),
  account: accountId.optional(),
  region: region.optional(),
  /** AWS error code or srmap code, e.g. RecorderNotRecording, AccessDeniedException. */
  code: nonEmpty,
  message: nonEmpty,
  /** IAM action that was missing: only for a refused call (AccessDenied), never for a recorder gap. */
  action: nonEmpty.optional(),
  /** The compliance type the gap is about, when it is about one (ResultsIncomplete). */
  complianceType: complianceType.optional(),
});

/**
 * A limit of the route a source was collected by: what its APIs cannot give, stated once per snapshot
 * rather than hidden. `not-collected`: data of these compliance types (or this kind) is absent, whatever
 * the estate holds; `not-checked`: collected by paging to the end, but AWS offers no count to check it
 * against; `unknown`: a state the route cannot see (a member account's recorder through an aggregator).
 */
export const CollectionLimitSchema = z.strictObject({
  source: z.enum(EVIDENCE_SOURCES),
  /** `account` (each account's own APIs) or `aggregator` (the aggregate APIs). */
  route: z.enum(['account', 'aggregator']),
  /** Stable id, e.g. AggregateComplianceTypes. */
  code: nonEmpty,
  effect: z.enum(LIMIT_EFFECTS),
  complianceTypes: z.array(complianceType).optional(),
  message: nonEmpty,
});

/** Per source, per account and region where it applies: was it collected? */
export const SourceStatusSchema = z.strictObject({
  source: z.enum(EVIDENCE_SOURCES),
  account: accountId.optional(),
  region: region.optional(),
  status: z.enum(['collected', 'gap']),
  /**
   * Record counts collected for this source/account/region, e.g. { rules: 40, evaluations: 812 }; for
   * AWS Config also results by compliance type (COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE) and rules
   * whose own compliance is INSUFFICIENT_DATA (rulesInsufficientData).
   */
  counts: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** AWS Config: the configuration recorder of the pair (absent in snapshots written before it was recorded). */
  recorder: z.enum(RECORDER_STATES).optional(),
});

export const SnapshotFileSchema = z.strictObject({
  path: fileName,
  sha256,
  bytes: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
});

export const SnapshotManifestSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-"'),
  /** ISO-8601 UTC; the "as of" date of every pack built from it. */
  createdAt: isoDateTime,
  tool: z.strictObject({ name: z.literal('srmap'), version: nonEmpty }),
  organisation: z.strictObject({
    name: nonEmpty,
    fictional: z.boolean().optional(),
    note: nonEmpty.optional(),
    /** Whether the organisation is assessed as a service provider: requirements a framework declares for service providers only apply only when true. */
    serviceProvider: z.boolean().optional(),
  }),
  scope: z.strictObject({
    accounts: z.array(AccountRefSchema),
    regions: z.array(region),
  }),
  sources: z.array(SourceStatusSchema),
  gaps: z.array(GapSchema),
  /** Limits of the routes the sources were collected by (absent when there are none). */
  limits: z.array(CollectionLimitSchema).optional(),
  files: z.array(SnapshotFileSchema),
  /** Ed25519 over the manifest's RFC 8785 form, when collect had a signing key (src/sign/). */
  /** Its signature, when signed (checked by `srmap verify`); the same schema as pack and bundle manifests'. */
  signature: ManifestSignatureSchema.optional(),
});

export const ConfigRuleRecordSchema = z.strictObject({
  account: accountId,
  region,
  /** Deployed name, e.g. s3-bucket-public-read-prohibited-conformance-pack-x1y2z3. */
  ruleName: nonEmpty,
  ruleArn: nonEmpty.optional(),
  /** AWS for managed rules; CUSTOM_LAMBDA / CUSTOM_POLICY for custom ones. */
  sourceOwner: z.enum(['AWS', 'CUSTOM_LAMBDA', 'CUSTOM_POLICY']),
  /** Managed-rule identifier (Source.SourceIdentifier); for custom rules the Lambda ARN or 'CUSTOM_POLICY'. */
  sourceIdentifier: nonEmpty,
  conformancePack: nonEmpty.optional(),
  state: nonEmpty.optional(),
  /**
   * The rule's own compliance as AWS reports it (COMPLIANT, NON_COMPLIANT or INSUFFICIENT_DATA; never
   * NOT_APPLICABLE). INSUFFICIENT_DATA lives here only: AWS never gives it to an evaluation result.
   */
  compliance: complianceType.optional(),
});

/** One evaluation result. Its keys, in this order, are also store/fast-evaluation.ts's EVALUATION_KEYS. */
export const EvaluationRecordSchema = z.strictObject({
  account: accountId,
  region,
  ruleName: nonEmpty,
  /** Denormalised from the rule so evaluation streams without a join. */
  sourceIdentifier: nonEmpty,
  resourceType: nonEmpty,
  resourceId: nonEmpty,
  complianceType,
  annotation: z.string().optional(),
  /** ISO-8601 result recorded time. */
  recordedAt: isoDateTime,
});

export const ResourceCountRecordSchema = z.strictObject({
  account: accountId,
  region,
  resourceType: nonEmpty,
  count: z.number().int().nonnegative(),
});

export const ConformancePackRecordSchema = z.strictObject({
  account: accountId,
  region,
  name: nonEmpty,
  rules: z.array(z.strictObject({ ruleName: nonEmpty, compliance: complianceType })),
});

export const ArtifactReportRecordSchema = z.strictObject({
  id: nonEmpty,
  name: nonEmpty,
  category: nonEmpty,
  series: nonEmpty,
  version: z.number().int().nonnegative(),
  /** ISO-8601 */
  periodStart: isoDateTime,
  periodEnd: isoDateTime,
  state: nonEmpty.optional(),
  description: z.string().optional(),
  /** Present only when the document was downloaded into the snapshot (never embedded in packs). */
  documentSha256: sha256.optional(),
  arn: nonEmpty.optional(),
  /** Where the listing came from: the Artifact API, or a listing saved by hand (`collect --artifact-from`). */
  origin: origin.optional(),
  /** The snapshot file holding the downloaded document (a manifest entry); never copied into a pack. */
  documentFile: fileName.optional(),
  /** ISO-8601: when the document was downloaded, after its terms were accepted. */
  downloadedAt: isoDateTime.optional(),
  /** Who downloaded it: the caller's ARN or account id, else 'unknown'. Never a credential. */
  downloadedBy: nonEmpty.optional(),
  /** The terms accepted for the download (GetReportMetadata termArn). */
  termArn: nonEmpty.optional(),
});

export const ArtifactAgreementRecordSchema = z.strictObject({
  id: nonEmpty,
  name: nonEmpty,
  type: nonEmpty,
  state: z.enum(['ACTIVE', 'CUSTOMER_TERMINATED', 'AWS_TERMINATED']),
  awsAccountId: accountId.optional(),
  effectiveStart: isoDateTime,
  effectiveEnd: isoDateTime.optional(),
  description: z.string().optional(),
  /** Where the listing came from: the Artifact API, or a listing saved by hand (`collect --artifact-from`). */
  origin: origin.optional(),
});

export const ManualEvidenceRecordSchema = z.strictObject({
  id: nonEmpty,
  /** Manual evidence kind id (frameworks/evidence-kinds.yaml). */
  kind: nonEmpty,
  title: nonEmpty,
  owner: nonEmpty,
  /** YYYY-MM-DD */
  collectedOn: isoDate,
  /** YYYY-MM-DD: after this date the evidence is expired. */
  validUntil: isoDate,
  location: nonEmpty,
  sha256: sha256.optional(),
  /**
   * Set when the register was read: `verified` (local file hashes to sha256), `mismatch` (it does
   * not: changed since it was registered), `file-missing` (no file at location), `not-checked` (a URL).
   */
  integrity: z.enum(['verified', 'mismatch', 'file-missing', 'not-checked']).optional(),
  integrityDetail: nonEmpty.optional(),
});

/**
 * A risk acceptance. It covers either failing resources (ruleIdentifier + resourcePattern) or a
 * whole requirement (`requirement`, written `framework-id:requirement-id`).
 */
export const ExceptionRecordSchema = z
  .strictObject({
    id: nonEmpty,
    /** Managed-rule identifier the exception covers. */
    ruleIdentifier: nonEmpty.optional(),
    /** Resource-id or ARN glob (`*` matches any run of characters). */
    resourcePattern: nonEmpty.optional(),
    /** `framework-id:requirement-id`, e.g. `pci-dss-4.0.1:11.4.1`. */
    requirement: z.string().regex(/^[a-z0-9.-]+:\S+$/, 'framework-id:requirement-id, e.g. pci-dss-4.0.1:11.4.1').optional(),
    reason: nonEmpty,
    compensatingControl: nonEmpty,
    approver: nonEmpty,
    /** YYYY-MM-DD */
    approvedOn: isoDate,
    expiresOn: isoDate,
  })
  .refine((e) => (e.requirement === undefined) === (e.ruleIdentifier !== undefined && e.resourcePattern !== undefined) && (e.ruleIdentifier === undefined) === (e.resourcePattern === undefined), {
    message: 'an exception covers either ruleIdentifier + resourcePattern, or a requirement (framework-id:requirement-id): give one form',
  });

/** RACI per common control id or control family id. */
export const OwnerRecordSchema = z.strictObject({
  scope: nonEmpty,
  responsible: nonEmpty,
  accountable: nonEmpty,
  consulted: nonEmpty.optional(),
  informed: nonEmpty.optional(),
});

/**
 * The tags of one resource AWS Config records (advanced query over its configuration items), so a
 * framework's scope can be declared by tag (e.g. `cde=true`). Every recorded resource is listed, an
 * untagged one with `tags: {}`; a resource that is not listed has tags srmap does not know (its
 * type is not recorded, or its account/region was not collected: see the manifest's gaps).
 */
export const ResourceTagsRecordSchema = z.strictObject({
  account: accountId,
  region,
  resourceType: nonEmpty,
  resourceId: nonEmpty,
  /** Tag key -> value, as AWS holds them (untrusted text). */
  tags: z.record(nonEmpty, z.string()),
});

/** One strict schema per record kind. */
export const RECORD_SCHEMAS = {
  configRules: ConfigRuleRecordSchema,
  evaluations: EvaluationRecordSchema,
  resourceCounts: ResourceCountRecordSchema,
  conformancePacks: ConformancePackRecordSchema,
  artifactReports: ArtifactReportRecordSchema,
  artifactAgreements: ArtifactAgreementRecordSchema,
  manualEvidence: ManualEvidenceRecordSchema,
  exceptions: ExceptionRecordSchema,
  owners: OwnerRecordSchema,
  resourceTags: ResourceTagsRecordSchema,
} as const satisfies Record<RecordKind, z.ZodType>;

export type AccountRef = z.infer<typeof AccountRefSchema>;
export type Gap = z.infer<typeof GapSchema>;
export type CollectionLimit = z.infer<typeof CollectionLimitSchema>;
export type SourceStatus = z.infer<typeof SourceStatusSchema>;
export type SnapshotFile = z.infer<typeof SnapshotFileSchema>;
export type SnapshotManifest = z.infer<typeof SnapshotManifestSchema>;
export type ConfigRuleRecord = z.infer<typeof ConfigRuleRecordSchema>;
export type EvaluationRecord = z.infer<typeof EvaluationRecordSchema>;
export type ResourceCountRecord = z.infer<typeof ResourceCountRecordSchema>;
export type ConformancePackRecord = z.infer<typeof ConformancePackRecordSchema>;
export type ArtifactReportRecord = z.infer<typeof ArtifactReportRecordSchema>;
export type ArtifactAgreementRecord = z.infer<typeof ArtifactAgreementRecordSchema>;
export type ManualEvidenceRecord = z.infer<typeof ManualEvidenceRecordSchema>;
export type ExceptionRecord = z.infer<typeof ExceptionRecordSchema>;
export type OwnerRecord = z.infer<typeof OwnerRecordSchema>;
export type ResourceTagsRecord = z.infer<typeof ResourceTagsRecordSchema>;

/** The record type of each kind, as its schema gives it. */
export type RecordTypes = { [K in RecordKind]: z.infer<(typeof RECORD_SCHEMAS)[K]> };

/** The schema of one record kind, typed by its kind (RecordTypes is inferred from RECORD_SCHEMAS, so this holds by construction). */
export function recordSchemaOf<K extends RecordKind>(kind: K): z.ZodType<RecordTypes[K]> {
  return RECORD_SCHEMAS[kind] as unknown as z.ZodType<RecordTypes[K]>;
}
