/**
 * The snapshot format (`srmap-snapshot/1`, see src/domain/snapshot.ts), as strict zod schemas, and
 * the pure parsers that read-snapshot and verify-snapshot use. No I/O here.
 *
 * A bad manifest or record line throws SrmapError `SNAPSHOT_INVALID` (kind 'input') with one
 * Problem per issue, each naming the file, the line and the path inside the record.
 */
import { z } from 'zod';
import { SrmapError, formatProblems } from '../domain/errors.js';
import type { Problem } from '../domain/errors.js';
import {
  EVIDENCE_SOURCES,
  LIMIT_EFFECTS,
  OPTIONAL_RECORD_KINDS,
  RECORDER_STATES,
  RECORD_FILES,
  SNAPSHOT_FORMAT,
} from '../domain/snapshot.js';
import type { RecordKind, RecordTypes, SnapshotManifest } from '../domain/snapshot.js';
import { COMPLIANCE_TYPES } from '../domain/status.js';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN, isExactEvaluation } from './fast-evaluation.js';

/** Hint for any snapshot that does not parse or does not match its manifest. */
export const DAMAGED_HINT =
  'the snapshot was edited or damaged: re-collect it (srmap collect) or run `srmap verify` on it to see every problem';

export const MANIFEST_FILE = 'manifest.json';

/**
 * Longest record line a snapshot may hold, in bytes of UTF-8 without its '\n'. AWS's own limits
 * keep real records far below it (a resource id is at most 768 characters, an annotation 256, an
 * Artifact description a few KB); the writer refuses a longer record, so a reader meeting one knows
 * the file was not written by srmap and stops there instead of buffering it.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** Largest manifest.json read: about 200,000 gaps or files, far beyond any real collection. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

const accountId = z.string().regex(ACCOUNT_ID_PATTERN, 'a 12-digit AWS account id');
const region = z.string().regex(REGION_PATTERN, 'an AWS region, e.g. us-east-1');
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const nonEmpty = z.string().min(1);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits (sha256)');
const complianceType = z.enum(COMPLIANCE_TYPES);

export const GapSchema = z.strictObject({
  source: z.enum(EVIDENCE_SOURCES),
  account: accountId.optional(),
  region: region.optional(),
  code: nonEmpty,
  message: nonEmpty,
  action: nonEmpty.optional(),
  complianceType: complianceType.optional(),
});

export const CollectionLimitSchema = z.strictObject({
  source: z.enum(EVIDENCE_SOURCES),
  route: z.enum(['account', 'aggregator']),
  code: nonEmpty,
  effect: z.enum(LIMIT_EFFECTS),
  complianceTypes: z.array(complianceType).optional(),
  message: nonEmpty,
});

export const SourceStatusSchema = z.strictObject({
  source: z.enum(EVIDENCE_SOURCES),
  account: accountId.optional(),
  region: region.optional(),
  status: z.enum(['collected', 'gap']),
  counts: z.record(z.string(), z.number().int().nonnegative()).optional(),
  recorder: z.enum(RECORDER_STATES).optional(),
});

export const SnapshotFileSchema = z.strictObject({
  // A bare file name: a manifest must never point outside its own directory.
  path: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a file name inside the snapshot directory'),
  sha256,
  bytes: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
});

export const SnapshotManifestSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-"'),
  createdAt: isoDateTime,
  tool: z.strictObject({ name: z.literal('srmap'), version: nonEmpty }),
  organisation: z.strictObject({
    name: nonEmpty,
    fictional: z.boolean().optional(),
    note: nonEmpty.optional(),
    serviceProvider: z.boolean().optional(),
  }),
  scope: z.strictObject({
    accounts: z.array(z.strictObject({ id: accountId, name: nonEmpty.optional() })),
    regions: z.array(region),
  }),
  sources: z.array(SourceStatusSchema),
  gaps: z.array(GapSchema),
  limits: z.array(CollectionLimitSchema).optional(),
  files: z.array(SnapshotFileSchema),
  // Checked by `srmap verify` (src/sign/manifest-signature.ts); readers only need its shape.
  signature: z
    .strictObject({
      algorithm: z.literal('Ed25519'),
      canonicalization: z.literal('RFC 8785'),
      covers: nonEmpty,
      keyId: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256, hex'),
      parts: z.record(z.string(), z.string()),
      value: nonEmpty,
    })
    .optional(),
});

export const ConfigRuleRecordSchema = z.strictObject({
  account: accountId,
  region,
  ruleName: nonEmpty,
  ruleArn: nonEmpty.optional(),
  sourceOwner: z.enum(['AWS', 'CUSTOM_LAMBDA', 'CUSTOM_POLICY']),
  sourceIdentifier: nonEmpty,
  conformancePack: nonEmpty.optional(),
  state: nonEmpty.optional(),
  compliance: complianceType.optional(),
});

export const EvaluationRecordSchema = z.strictObject({
  account: accountId,
  region,
  ruleName: nonEmpty,
  sourceIdentifier: nonEmpty,
  resourceType: nonEmpty,
  resourceId: nonEmpty,
  complianceType,
  annotation: z.string().optional(),
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
  periodStart: isoDateTime,
  periodEnd: isoDateTime,
  state: nonEmpty.optional(),
  description: z.string().optional(),
  documentSha256: sha256.optional(),
  arn: nonEmpty.optional(),
  origin: z.enum(['api', 'import']).optional(),
  documentFile: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a file name inside the snapshot directory').optional(),
  downloadedAt: isoDateTime.optional(),
  downloadedBy: nonEmpty.optional(),
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
  origin: z.enum(['api', 'import']).optional(),
});

export const ManualEvidenceRecordSchema = z.strictObject({
  id: nonEmpty,
  kind: nonEmpty,
  title: nonEmpty,
  owner: nonEmpty,
  collectedOn: isoDate,
  validUntil: isoDate,
  location: nonEmpty,
  sha256: sha256.optional(),
  integrity: z.enum(['verified', 'mismatch', 'file-missing', 'not-checked']).optional(),
  integrityDetail: nonEmpty.optional(),
});

export const ExceptionRecordSchema = z.strictObject({
  id: nonEmpty,
  ruleIdentifier: nonEmpty.optional(),
  resourcePattern: nonEmpty.optional(),
  requirement: z.string().regex(/^[a-z0-9.-]+:\S+$/, 'framework-id:requirement-id, e.g. pci-dss-4.0.1:11.4.1').optional(),
  reason: nonEmpty,
  compensatingControl: nonEmpty,
  approver: nonEmpty,
  approvedOn: isoDate,
  expiresOn: isoDate,
}).refine((e) => (e.requirement === undefined) === (e.ruleIdentifier !== undefined && e.resourcePattern !== undefined) && (e.ruleIdentifier === undefined) === (e.resourcePattern === undefined), {
  message: 'an exception covers either ruleIdentifier + resourcePattern, or a requirement (framework-id:requirement-id): give one form',
});

export const OwnerRecordSchema = z.strictObject({
  scope: nonEmpty,
  responsible: nonEmpty,
  accountable: nonEmpty,
  consulted: nonEmpty.optional(),
  informed: nonEmpty.optional(),
});

export const ResourceTagsRecordSchema = z.strictObject({
  account: accountId,
  region,
  resourceType: nonEmpty,
  resourceId: nonEmpty,
  tags: z.record(nonEmpty, z.string()),
});

/** One strict schema per record kind; the annotation keeps them in step with domain/snapshot.ts. */
export const RECORD_SCHEMAS: { readonly [K in RecordKind]: z.ZodType<RecordTypes[K]> } = {
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
};

// Compile-time check that the manifest schema yields the domain type.
const _manifestCheck: z.ZodType<SnapshotManifest> = SnapshotManifestSchema;
void _manifestCheck;

export const RECORD_KINDS = Object.keys(RECORD_FILES) as RecordKind[];

/** Kinds every snapshot lists (see OPTIONAL_RECORD_KINDS for the others). */
export const REQUIRED_RECORD_KINDS = RECORD_KINDS.filter((k) => !OPTIONAL_RECORD_KINDS.includes(k));

/** The record kind a file name belongs to, if any. */
export function toRecordKind(fileName: string): RecordKind | undefined {
  return RECORD_KINDS.find((k) => RECORD_FILES[k] === fileName);
}

/** True when the record file is gzip'd on disk. */
export function isGzipFile(fileName: string): boolean {
  return fileName.endsWith('.gz');
}

/** `a.b[3].c` from a zod issue path. */
export function toIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(record)' : out;
}

function invalid(message: string, problems: Problem[], cause?: unknown): SrmapError {
  const shown = formatProblems(problems.map((p) => ({ ...p, hint: undefined })), 5);
  return new SrmapError('SNAPSHOT_INVALID', `${message}\n${shown.map((line) => `  ${line}`).join('\n')}`, {
    kind: 'input',
    hint: DAMAGED_HINT,
    problems,
    cause,
  });
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
}

/** Parse and check manifest.json. Gathers every problem before throwing SNAPSHOT_INVALID. */
export function parseManifest(text: string, file: string = MANIFEST_FILE): SnapshotManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(msg);
    const where = m?.[1] !== undefined ? lineColumn(text, Number(m[1])) : undefined;
    throw invalid(`${file} is not valid JSON`, [
      { file, ...(where ?? {}), message: `not valid JSON: ${msg}`, hint: DAMAGED_HINT },
    ], err);
  }
  const parsed = SnapshotManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw invalid(
      `${file} does not match the snapshot format ${SNAPSHOT_FORMAT}`,
      parsed.error.issues.map((issue) => ({
        file,
        path: toIssuePath(issue.path),
        message: issue.message,
        hint: DAMAGED_HINT,
      })),
    );
  }
  const manifest = parsed.data;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  manifest.files.forEach((f, i) => {
    if (f.path === MANIFEST_FILE) {
      problems.push({ file, path: `files[${i}].path`, message: 'the manifest cannot list itself', hint: DAMAGED_HINT });
    }
    if (seen.has(f.path)) {
      problems.push({ file, path: `files[${i}].path`, message: `${f.path} is listed twice`, hint: DAMAGED_HINT });
    }
    seen.add(f.path);
  });
  if (problems.length > 0) throw invalid(`${file} is inconsistent`, problems);
  return manifest;
}

/**
 * Parse and check one NDJSON line of a record file. `lineNo` is 1-based.
 * Throws SNAPSHOT_INVALID located at file, line and path.
 */
export function parseRecordLine<K extends RecordKind>(
  kind: K,
  line: string,
  file: string,
  lineNo: number,
): RecordTypes[K] {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw invalid(`${file}: line ${lineNo} is not a valid record`, [
      { file, line: lineNo, message: line === '' ? 'empty line' : `not valid JSON: ${msg}`, hint: DAMAGED_HINT },
    ], err);
  }
  // Most records of a snapshot are evaluation results: a valid one skips zod (fast-evaluation.ts).
  if (kind === 'evaluations' && isExactEvaluation(json)) return json as RecordTypes[K];
  const parsed = RECORD_SCHEMAS[kind].safeParse(json);
  if (!parsed.success) {
    throw invalid(
      `${file}: line ${lineNo} is not a valid ${kind} record`,
      parsed.error.issues.map((issue) => ({
        file,
        line: lineNo,
        path: toIssuePath(issue.path),
        message: issue.message,
        hint: DAMAGED_HINT,
      })),
    );
  }
  return parsed.data;
}

/** One NDJSON line (with its '\n') for a record, keys in the order the object gives them. */
export function toRecordLine(record: object): string {
  return `${JSON.stringify(record)}\n`;
}

/** manifest.json text: 2-space JSON, files sorted by path, trailing newline. */
export function toManifestText(manifest: SnapshotManifest): string {
  const files = [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return `${JSON.stringify({ ...manifest, files }, null, 2)}\n`;
}
