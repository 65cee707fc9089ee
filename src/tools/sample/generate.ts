/**
 * The embedded sample: a deterministic, fictional AWS estate written as a snapshot. Same seed and
 * options give the same bytes. Evaluations stream to the writer, so memory stays bounded at any
 * scale (scale 1: a few thousand results; scale 200: about a million).
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ArtifactAgreementRecord,
  ArtifactReportRecord,
  ConfigRuleRecord,
  EvaluationRecord,
  ExceptionRecord,
  ManualEvidenceRecord,
  OwnerRecord,
  SnapshotManifest,
} from '../../domain/snapshot.js';
import type { ComplianceType } from '../../domain/status.js';
import { COMPLIANCE_TYPES } from '../../domain/status.js';
import { openSnapshot } from '../../store/write-snapshot.js';
import { signManifest } from '../../sign/manifest-signature.js';
import type { SnapshotWriter } from '../../store/write-snapshot.js';
import { pushAll } from '../../domain/arrays.js';
import { keyed, mulberry32 } from './seeded-random.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface SampleOptions {
  /** Snapshot directory to write (replaced only once the new one is complete). */
  outDir: string;
  seed?: number;
  scale?: number;
  id?: string;
  /** ISO-8601 UTC "as of" (manifest createdAt). */
  asOf?: string;
  toolVersion?: string;
  /**
   * `previous`: the same organisation one quarter earlier (DEFAULT_PREVIOUS_AS_OF): eu-west-1 not
   * yet in scope, some findings that are fixed by the current quarter, some rules still passing
   * that fail now, and manual evidence and exceptions as they stood then (same calendar dates).
   */
  quarter?: 'current' | 'previous';
  /** Sign the manifest, as `collect` does when a key is configured (the shipped sample is unsigned). */
  signingKey?: KeyObject;
}

export interface SampleStats {
  manifest: SnapshotManifest;
  rules: number;
  evaluations: number;
  byCompliance: Record<ComplianceType, number>;
  resources: number;
  perPair: { account: string; region: string; rules: number; evaluations: number; resources: number }[];
}

export const DEFAULT_SEED = 2026;
export const DEFAULT_AS_OF = '2026-09-30T18:00:00Z';
export const DEFAULT_ID = 'sample-2026-09-30';
export const DEFAULT_PREVIOUS_AS_OF = '2026-06-30T18:00:00Z';
export const DEFAULT_PREVIOUS_ID = 'sample-2026-06-30';
/** Region enabled in the current quarter: absent from the previous quarter's scope. */
export const REGION_ADDED = 'eu-west-1';

/** What differs one quarter earlier: findings fixed since (pinned resources), and rules that only fail now. */
export const PREVIOUS_QUARTER = {
  fixedSince: {
    RDS_STORAGE_ENCRYPTED: { account: 'prod', annotation: 'The DB instance storage is not encrypted.' },
    ROOT_ACCOUNT_MFA_ENABLED: { account: 'dev', annotation: 'The root user does not have MFA enabled.' },
  } as Readonly<Record<string, { account: AccountShort; annotation: string }>>,
  failingOnlyNow: ['S3_BUCKET_PUBLIC_READ_PROHIBITED', 'EC2_INSTANCE_NO_PUBLIC_IP'] as readonly string[],
};

// ---------------------------------------------------------------------------------------------
// Seeded randomness (seeded-random.ts): mulberry32 for sequences, a keyed draw for per-result
// outcomes (so the same identifier gives the same outcome on the same resource in both conformance packs).

function chars(rand: () => number, n: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}
const HEX = '0123456789abcdef';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// ---------------------------------------------------------------------------------------------
// The estate.

export const ACCOUNTS = [
  { id: '111122223333', name: 'northwind-prod', short: 'prod' },
  { id: '444455556666', name: 'northwind-shared-services', short: 'shared' },
  { id: '777788889999', name: 'northwind-dev', short: 'dev' },
] as const;
type AccountShort = (typeof ACCOUNTS)[number]['short'];
export const REGIONS = ['us-east-1', 'eu-west-1'] as const;
const HOME_REGION = 'us-east-1';
/** The one account/region whose Config recorder is off. */
export const GAP_PAIR = { account: '777788889999', region: 'eu-west-1' } as const;

const ACCOUNT_TYPE = 'AWS::::Account';
/** Global resource types: AWS Config records them in the home region only. */
const GLOBAL_TYPES = new Set(['AWS::IAM::User', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::Group', 'AWS::CloudFront::Distribution', 'AWS::WAFv2::WebACL']);

/** Resources per account (prod, shared, dev) in us-east-1 at scale 1; eu-west-1 has about half. */
const RESOURCE_PLAN: Record<string, [number, number, number]> = {
  'AWS::S3::Bucket': [8, 4, 5],
  'AWS::EC2::Instance': [6, 3, 4],
  'AWS::EC2::Volume': [8, 4, 5],
  'AWS::EC2::SecurityGroup': [6, 4, 4],
  'AWS::EC2::VPC': [2, 1, 1],
  'AWS::EC2::Subnet': [4, 2, 2],
  'AWS::EC2::NetworkAcl': [2, 1, 1],
  'AWS::EC2::InternetGateway': [1, 1, 1],
  'AWS::EC2::RouteTable': [3, 2, 2],
  'AWS::EC2::LaunchTemplate': [2, 1, 1],
  'AWS::RDS::DBInstance': [3, 1, 2],
  'AWS::RDS::DBSnapshot': [3, 1, 1],
  'AWS::IAM::User': [10, 4, 8],
  'AWS::IAM::Role': [14, 8, 10],
  'AWS::IAM::Policy': [6, 3, 4],
  'AWS::IAM::Group': [3, 2, 2],
  'AWS::Lambda::Function': [6, 3, 4],
  'AWS::DynamoDB::Table': [3, 1, 2],
  'AWS::KMS::Key': [4, 3, 3],
  'AWS::CloudTrail::Trail': [1, 1, 1],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': [2, 1, 1],
  'AWS::SecretsManager::Secret': [5, 3, 3],
  'AWS::Logs::LogGroup': [8, 5, 5],
  'AWS::SNS::Topic': [3, 2, 2],
  'AWS::EFS::FileSystem': [1, 0, 1],
  'AWS::ApiGateway::Stage': [2, 0, 1],
  'AWS::ACM::Certificate': [2, 1, 1],
  'AWS::CloudWatch::Alarm': [6, 3, 2],
  'AWS::ECR::Repository': [0, 4, 0],
  'AWS::ECS::TaskDefinition': [3, 1, 2],
  'AWS::AutoScaling::AutoScalingGroup': [2, 0, 1],
  'AWS::CloudFront::Distribution': [2, 0, 0],
  'AWS::WAFv2::WebACL': [1, 0, 0],
  'AWS::Backup::BackupPlan': [1, 1, 0],
  'AWS::Backup::RecoveryPoint': [4, 2, 0],
};
/** Types that mirror the EC2 instances (Systems Manager records one per managed instance). */
const INSTANCE_MIRRORS = ['AWS::SSM::ManagedInstanceInventory', 'AWS::SSM::PatchCompliance', 'AWS::SSM::AssociationCompliance'];
/** Account-level singletons recorded in every region. */
const SINGLETONS = ['AWS::S3::AccountPublicAccessBlock'];

const BUCKET_PURPOSES = ['phi-records', 'claims-intake', 'payments-archive', 'app-logs', 'cloudtrail-logs', 'config-history', 'backups', 'analytics-exports', 'terraform-state', 'build-artifacts', 'scratch', 'reports'];
const FUNCTION_NAMES = ['claims-ingest', 'payments-webhook', 'appointment-reminders', 'phi-redactor', 'invoice-renderer', 'audit-exporter', 'patient-portal-api', 'token-rotator'];
const TABLE_NAMES = ['appointments', 'patients-index', 'payment-intents', 'sessions', 'feature-flags'];
const DB_NAMES = ['clinic-records', 'payments-ledger', 'billing', 'reporting'];

export interface Resource {
  type: string;
  id: string;
}

/** The legacy bastion security group in shared-services us-east-1: fails INCOMING_SSH_DISABLED; its exception has expired. */
export const BASTION_SG = 'sg-0ba57105ba57105ab';

/** The public-assets bucket: its only S3_BUCKET_LOGGING_ENABLED failure is covered by an exception. */
export function publicAssetsBucket(): string {
  return `northwind-public-assets-${ACCOUNTS[0].id}`;
}

/** Resources per plan unit at scale 1 (tunes scale 1 to a few thousand results). */
const BASE_FACTOR = 2;

function scaled(base: number, scale: number): number {
  return Math.round(base * BASE_FACTOR * scale);
}

function resourceId(type: string, index: number, acct: (typeof ACCOUNTS)[number], region: string, rand: () => number): string {
  const n = (list: readonly string[]): string => {
    const base = list[index % list.length] ?? 'resource';
    return index < list.length ? base : `${base}-${String(Math.floor(index / list.length)).padStart(3, '0')}`;
  };
  const env = acct.short;
  switch (type) {
    case 'AWS::S3::Bucket':
      return `northwind-${env}-${n(BUCKET_PURPOSES)}-${region}`;
    case 'AWS::EC2::Instance':
      return `i-0${chars(rand, 16, HEX)}`;
    case 'AWS::EC2::Volume':
      return `vol-0${chars(rand, 16, HEX)}`;
    case 'AWS::EC2::SecurityGroup':
      return `sg-0${chars(rand, 16, HEX)}`;
    case 'AWS::EC2::VPC':
      return `vpc-0${chars(rand, 16, HEX)}`;
    case 'AWS::EC2::Subnet':
      return `subnet-0${chars(rand, 16, HEX)}`;
    case 'AWS::EC2::NetworkAcl':
      return `acl-0${chars(rand, 16, HEX)}`;
    case 'AWS::EC2::InternetGateway':
      return `igw-0${chars(rand, 16, HEX)}`;
    case 'AWS::EC2::RouteTable':
      return `rtb-0${chars(rand, 16, HEX)}`;
    case 'AWS::EC2::LaunchTemplate':
      return `lt-0${chars(rand, 16, HEX)}`;
    case 'AWS::RDS::DBInstance':
      return `db-${chars(rand, 26, UPPER_ALNUM)}`;
    case 'AWS::RDS::DBSnapshot':
      return `rds:northwind-${env}-${n(DB_NAMES)}-2026-09-29-04-1${index % 10}`;
    case 'AWS::IAM::User':
      return `AIDA${chars(rand, 17, UPPER_ALNUM)}`;
    case 'AWS::IAM::Role':
      return `AROA${chars(rand, 17, UPPER_ALNUM)}`;
    case 'AWS::IAM::Policy':
      return `ANPA${chars(rand, 17, UPPER_ALNUM)}`;
    case 'AWS::IAM::Group':
      return `AGPA${chars(rand, 17, UPPER_ALNUM)}`;
    case 'AWS::Lambda::Function':
      return `northwind-${env}-${n(FUNCTION_NAMES)}`;
    case 'AWS::DynamoDB::Table':
      return `northwind-${env}-${n(TABLE_NAMES)}`;
    case 'AWS::KMS::Key':
      return `${chars(rand, 8, HEX)}-${chars(rand, 4, HEX)}-4${chars(rand, 3, HEX)}-a${chars(rand, 3, HEX)}-${chars(rand, 12, HEX)}`;
    case 'AWS::CloudTrail::Trail':
      return `arn:aws:cloudtrail:${region}:${acct.id}:trail/northwind-org-trail${index > 0 ? `-${index}` : ''}`;
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return `arn:aws:elasticloadbalancing:${region}:${acct.id}:loadbalancer/app/northwind-${env}-alb-${index}/${chars(rand, 16, HEX)}`;
    case 'AWS::SecretsManager::Secret':
      return `arn:aws:secretsmanager:${region}:${acct.id}:secret:northwind/${env}/secret-${index}-${chars(rand, 6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`;
    case 'AWS::Logs::LogGroup':
      return `/aws/lambda/northwind-${env}-${n(FUNCTION_NAMES)}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${region}:${acct.id}:northwind-${env}-alerts-${index}`;
    case 'AWS::EFS::FileSystem':
      return `fs-0${chars(rand, 16, HEX)}`;
    case 'AWS::ApiGateway::Stage':
      return `arn:aws:apigateway:${region}::/restapis/${chars(rand, 10, LOWER_ALNUM)}/stages/${env}`;
    case 'AWS::ACM::Certificate':
      return `arn:aws:acm:${region}:${acct.id}:certificate/${chars(rand, 8, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 12, HEX)}`;
    case 'AWS::CloudWatch::Alarm':
      return `northwind-${env}-alarm-${index}`;
    case 'AWS::ECR::Repository':
      return `northwind/${n(FUNCTION_NAMES)}`;
    case 'AWS::ECS::TaskDefinition':
      return `arn:aws:ecs:${region}:${acct.id}:task-definition/northwind-${env}-worker-${index}:${1 + (index % 7)}`;
    case 'AWS::AutoScaling::AutoScalingGroup':
      return `arn:aws:autoscaling:${region}:${acct.id}:autoScalingGroup:${chars(rand, 8, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 12, HEX)}:autoScalingGroupName/northwind-${env}-asg-${index}`;
    case 'AWS::CloudFront::Distribution':
      return `E${chars(rand, 13, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
    case 'AWS::WAFv2::WebACL':
      return `arn:aws:wafv2:us-east-1:${acct.id}:global/webacl/northwind-${env}-edge-${index}/${chars(rand, 8, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 12, HEX)}`;
    case 'AWS::Backup::BackupPlan':
      return `${chars(rand, 8, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 12, HEX)}`;
    case 'AWS::Backup::RecoveryPoint':
      return `arn:aws:backup:${region}:${acct.id}:recovery-point:${chars(rand, 8, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 4, HEX)}-${chars(rand, 12, HEX)}`;
    default:
      return `${type.split('::')[2]?.toLowerCase() ?? 'resource'}-${index}`;
  }
}

/** Every recorded resource of one account/region, by type (sorted by type). */
export function resourcesFor(seed: number, scale: number, acctIndex: number, region: string): Map<string, Resource[]> {
  const acct = ACCOUNTS[acctIndex];
  if (!acct) throw new Error(`no account ${acctIndex}`);
  const rand = mulberry32(seed ^ Math.imul(acctIndex + 1, 0x9e3779b1) ^ (region === HOME_REGION ? 0 : 0x5bd1e995));
  const out = new Map<string, Resource[]>();
  for (const [type, perAccount] of Object.entries(RESOURCE_PLAN).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (GLOBAL_TYPES.has(type) && region !== HOME_REGION) continue;
    const base = perAccount[acctIndex] ?? 0;
    const regional = region === HOME_REGION || GLOBAL_TYPES.has(type) ? base : Math.ceil(base / 2);
    const count = type === 'AWS::CloudTrail::Trail' ? regional : scaled(regional, scale);
    const list: Resource[] = [];
    for (let i = 0; i < count; i++) list.push({ type, id: resourceId(type, i, acct, region, rand) });
    if (type === 'AWS::EC2::SecurityGroup' && acctIndex === 1 && region === HOME_REGION && list[0]) {
      list[0] = { type, id: BASTION_SG };
    }
    if (type === 'AWS::S3::Bucket' && acctIndex === 0 && region === HOME_REGION) {
      list.push({ type, id: publicAssetsBucket() });
    }
    out.set(type, list);
  }
  const instances = out.get('AWS::EC2::Instance') ?? [];
  for (const t of INSTANCE_MIRRORS) out.set(t, instances.map((r) => ({ type: t, id: r.id })));
  for (const t of SINGLETONS) out.set(t, [{ type: t, id: acct.id }]);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

// ---------------------------------------------------------------------------------------------
// Which rule does what. Every identifier not named here follows DEFAULT: COMPLIANT, with about
// 6% NOT_APPLICABLE; a rule with no resource of its types in an account/region gets one
// NOT_APPLICABLE result against the account there, except rules on global resource types (IAM,
// CloudFront, WAF global), which have results in us-east-1 only.

export const ALL_COMPLIANT = [
  'CLOUD_TRAIL_ENABLED',
  'ENCRYPTED_VOLUMES',
  'RDS_STORAGE_ENCRYPTED',
  'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
  'ROOT_ACCOUNT_MFA_ENABLED',
  'MULTI_REGION_CLOUD_TRAIL_ENABLED',
  'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
  'DYNAMODB_TABLE_ENCRYPTION_ENABLED',
  'KMS_CMK_NOT_SCHEDULED_FOR_DELETION',
] as const;

export const INSUFFICIENT_ONLY = [
  'CLOUDWATCH_ALARM_ACTION_CHECK',
  'EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK',
  'MACIE_AUTO_SENSITIVE_DATA_DISCOVERY_CHECK',
] as const;

interface FailingSpec {
  /** Share of in-scope resources that fail (deterministic per resource). */
  rate: number;
  /** Only these accounts fail (default: all). */
  accounts?: AccountShort[];
  /** Resource index 0 of this account/region always fails, so the rule fails at every scale. */
  pin: { account: AccountShort; region: string };
  annotation: string;
}

export const FAILING: Readonly<Record<string, FailingSpec>> = {
  S3_BUCKET_PUBLIC_READ_PROHIBITED: { rate: 0.05, accounts: ['dev'], pin: { account: 'dev', region: 'us-east-1' }, annotation: 'The S3 bucket policy or ACL allows public read access.' },
  INCOMING_SSH_DISABLED: { rate: 0.12, pin: { account: 'shared', region: 'us-east-1' }, annotation: 'The security group allows unrestricted incoming SSH traffic (0.0.0.0/0 on TCP port 22).' },
  IAM_USER_UNUSED_CREDENTIALS_CHECK: { rate: 0.2, pin: { account: 'prod', region: 'us-east-1' }, annotation: 'The IAM user has a password or active access key not used in the last 90 days.' },
  ACCESS_KEYS_ROTATED: { rate: 0.15, pin: { account: 'dev', region: 'us-east-1' }, annotation: 'The active access key has not been rotated in the last 90 days.' },
  EC2_INSTANCE_NO_PUBLIC_IP: { rate: 0.1, pin: { account: 'dev', region: 'us-east-1' }, annotation: 'The EC2 instance has a public IPv4 address associated.' },
  S3_BUCKET_VERSIONING_ENABLED: { rate: 0.15, pin: { account: 'dev', region: 'eu-west-1' }, annotation: 'Versioning is not enabled for this S3 bucket.' },
  VPC_FLOW_LOGS_ENABLED: { rate: 0.2, accounts: ['dev', 'shared'], pin: { account: 'dev', region: 'us-east-1' }, annotation: 'No VPC Flow Logs are enabled for this VPC.' },
  EC2_IMDSV2_CHECK: { rate: 0.15, pin: { account: 'prod', region: 'eu-west-1' }, annotation: 'The instance metadata service accepts IMDSv1 requests (HttpTokens is optional).' },
  CW_LOGGROUP_RETENTION_PERIOD_CHECK: { rate: 0.2, pin: { account: 'shared', region: 'us-east-1' }, annotation: 'The log group retention period is less than 365 days.' },
  SECRETSMANAGER_ROTATION_ENABLED_CHECK: { rate: 0.15, pin: { account: 'prod', region: 'us-east-1' }, annotation: 'Rotation is not enabled for this secret.' },
  IAM_PASSWORD_POLICY: { rate: 1, accounts: ['dev'], pin: { account: 'dev', region: 'us-east-1' }, annotation: 'The account password policy does not meet the required parameters (MinimumPasswordLength 14, MaxPasswordAge 90).' },
  RDS_MULTI_AZ_SUPPORT: { rate: 1, accounts: ['dev'], pin: { account: 'dev', region: 'us-east-1' }, annotation: 'Multi-AZ is not enabled for this DB instance.' },
};

/** Fails only on the public-assets bucket, which a current exception covers: accepted-risk. */
export const EXCEPTED = 'S3_BUCKET_LOGGING_ENABLED';

export type RulePattern = 'all-compliant' | 'failing' | 'insufficient-only' | 'excepted' | 'default';

export function rulePattern(identifier: string): RulePattern {
  if ((ALL_COMPLIANT as readonly string[]).includes(identifier)) return 'all-compliant';
  if ((INSUFFICIENT_ONLY as readonly string[]).includes(identifier)) return 'insufficient-only';
  if (identifier === EXCEPTED) return 'excepted';
  if (FAILING[identifier]) return 'failing';
  return 'default';
}

interface Outcome {
  complianceType: ComplianceType;
  annotation?: string;
}

function outcomeFor(seed: number, identifier: string, acct: AccountShort, region: string, resource: Resource, index: number, quarter: 'current' | 'previous' = 'current'): Outcome {
  if (quarter === 'previous') {
    const fixed = PREVIOUS_QUARTER.fixedSince[identifier];
    if (fixed && fixed.account === acct && index === 0) return { complianceType: 'NON_COMPLIANT', annotation: fixed.annotation };
    if (PREVIOUS_QUARTER.failingOnlyNow.includes(identifier)) return { complianceType: 'COMPLIANT' };
  }
  const pattern = rulePattern(identifier);
  const u = keyed(seed, `${identifier}|${resource.type}|${resource.id}|${region}`);
  switch (pattern) {
    case 'all-compliant':
      return { complianceType: 'COMPLIANT' };
    case 'insufficient-only':
      return { complianceType: 'INSUFFICIENT_DATA' };
    case 'excepted':
      return resource.id === publicAssetsBucket()
        ? { complianceType: 'NON_COMPLIANT', annotation: 'Server access logging is not enabled for this S3 bucket.' }
        : { complianceType: 'COMPLIANT' };
    case 'failing': {
      const spec = FAILING[identifier];
      if (!spec) break;
      const pinned = index === 0 && spec.pin.account === acct && spec.pin.region === region;
      const eligible = !spec.accounts || spec.accounts.includes(acct);
      if (pinned || (eligible && u < spec.rate)) return { complianceType: 'NON_COMPLIANT', annotation: spec.annotation };
      return { complianceType: 'COMPLIANT' };
    }
    case 'default':
      break;
  }
  return u < 0.06 ? { complianceType: 'NOT_APPLICABLE' } : { complianceType: 'COMPLIANT' };
}

/**
 * The sample's tags, which its working folder scopes by: in northwind-prod, the payment workloads
 * (cde=true) and the clinical ones (data-class=ephi), the public marketing bucket neither; every
 * shared service is connected to the CDE (cde=true); northwind-dev is tagged env=dev only.
 */
export function sampleTags(seed: number, acct: AccountShort, r: Resource): Record<string, string> {
  if (acct === 'dev') return { env: 'dev' };
  if (acct === 'shared') return { env: 'shared', workload: 'platform', cde: 'true' };
  if (r.id === publicAssetsBucket()) return { env: 'prod', workload: 'marketing' };
  const payments = { env: 'prod', workload: 'payments', cde: 'true' };
  const clinical = { env: 'prod', workload: 'clinical', 'data-class': 'ephi' };
  // A named resource is tagged by what its name says; an unnamed one (sg-..., i-...) by a keyed draw.
  if (/payment|billing|invoice|token|ledger/.test(r.id)) return payments;
  if (/phi|patient|clinic|claims|appointment|records/.test(r.id)) return clinical;
  return keyed(seed, `tag|${r.type}|${r.id}`) < 0.45 ? payments : clinical;
}

// ---------------------------------------------------------------------------------------------
// Rules data (src/tools/sample/rules.json, built from the reference by build-rule-list.ts).

interface RulesFile {
  packs: { name: string; rules: { identifier: string; name: string }[] }[];
  resourceTypes: Record<string, string[]>;
}

export function loadRules(): RulesFile {
  return JSON.parse(readFileSync(join(here, 'rules.json'), 'utf8')) as RulesFile;
}

/** Conformance-pack roll-up of one rule's results (AWS: any NON_COMPLIANT makes it NON_COMPLIANT). */
function rollUp(seen: Set<ComplianceType>): ComplianceType {
  if (seen.has('NON_COMPLIANT')) return 'NON_COMPLIANT';
  if (seen.has('COMPLIANT')) return 'COMPLIANT';
  if (seen.has('INSUFFICIENT_DATA')) return 'INSUFFICIENT_DATA';
  return seen.has('NOT_APPLICABLE') ? 'NOT_APPLICABLE' : 'INSUFFICIENT_DATA';
}

function isoDay(iso: string, deltaDays: number): string {
  const d = new Date(Date.parse(iso) + deltaDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function readToolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(here, '../../../package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

// ---------------------------------------------------------------------------------------------

export async function generateSample(options: SampleOptions): Promise<SampleStats> {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  const quarter = options.quarter ?? 'current';
  const asOf = options.asOf ?? (quarter === 'previous' ? DEFAULT_PREVIOUS_AS_OF : DEFAULT_AS_OF);
  const regions = REGIONS.filter((r) => quarter === 'current' || r !== REGION_ADDED);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`--scale must be a positive number, not ${scale}`);
  if (Number.isNaN(Date.parse(asOf))) throw new Error(`--as-of must be an ISO-8601 date-time, not ${asOf}`);
  const asOfMs = Date.parse(asOf);
  const createdAt = new Date(asOfMs).toISOString().replace('.000Z', 'Z');
  const rules = loadRules();
  const out = resolve(options.outDir);
  const rand = mulberry32(seed);

  const writer = await openSnapshot(
    dirname(out),
    {
      id: options.id ?? (quarter === 'previous' ? DEFAULT_PREVIOUS_ID : DEFAULT_ID),
      createdAt,
      organisation: {
        name: 'Northwind Clinics & Payments (fictional)',
        fictional: true,
        note: 'Sample data generated by src/tools/generate-sample.ts: a fictional organisation and AWS estate. Account ids, resources and people are invented; do not use these results as evidence for any real system.',
      },
      scope: { accounts: ACCOUNTS.map((a) => ({ id: a.id, name: a.name })), regions: [...regions] },
      toolVersion: options.toolVersion ?? readToolVersion(),
    },
    { dirName: basename(out) },
  );

  try {
    const stats = await writeEstate(writer, rules, seed, scale, asOfMs, rand, quarter, new Set(regions));
    await writeArtifacts(writer, rand);
    await writeManual(writer, asOf, quarter);
    const key = options.signingKey;
    const manifest = await writer.commit({ replace: true, ...(key ? { sign: (m) => signManifest(m, key) } : {}) });
    return { ...stats, manifest };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

async function writeEstate(
  writer: SnapshotWriter,
  rules: RulesFile,
  seed: number,
  scale: number,
  asOfMs: number,
  rand: () => number,
  quarter: 'current' | 'previous' = 'current',
  regionsInScope: ReadonlySet<string> = new Set(REGIONS),
): Promise<Omit<SampleStats, 'manifest'>> {
  const byCompliance = Object.fromEntries(COMPLIANCE_TYPES.map((c) => [c, 0])) as Record<ComplianceType, number>;
  const perPair: SampleStats['perPair'] = [];
  let totalRules = 0;
  let totalEvaluations = 0;
  let totalResources = 0;
  const allTypes = new Set<string>(Object.keys(RESOURCE_PLAN));
  for (const types of Object.values(rules.resourceTypes)) for (const t of types) if (t !== ACCOUNT_TYPE) allTypes.add(t);
  for (const t of [...INSTANCE_MIRRORS, ...SINGLETONS]) allTypes.add(t);
  const WINDOW_MS = 48 * 3600 * 1000;

  for (const [ai, acct] of ACCOUNTS.entries()) {
    for (const region of REGIONS) {
      // Per-pair names are drawn whether or not the pair is collected, so one pair's data never shifts another's.
      const suffixes = rules.packs.map(() => chars(rand, 8, LOWER_ALNUM));
      const resources = resourcesFor(seed, scale, ai, region);
      if (!regionsInScope.has(region)) continue;
      if (acct.id === GAP_PAIR.account && region === GAP_PAIR.region) {
        writer.addGap({
          source: 'aws-config',
          account: acct.id,
          region,
          code: 'RecorderNotRecording',
          message: `The AWS Config configuration recorder in ${acct.name} (${acct.id}) ${region} is stopped: no rules, evaluations or resource counts could be collected there. The account's administrator starts it; srmap only reads.`,
        });
        writer.addSource({ source: 'aws-config', account: acct.id, region, status: 'gap' });
        continue;
      }
      for (const list of resources.values()) {
        for (const r of list) await writer.write('resourceTags', { account: acct.id, region, resourceType: r.type, resourceId: r.id, tags: sampleTags(seed, acct.short, r) });
      }
      let pairRules = 0;
      let pairEvaluations = 0;
      let pairResources = 0;
      const evaluate = async (ruleName: string, identifier: string, types: string[], seen: Set<ComplianceType>): Promise<void> => {
        const inScope: Resource[] = [];
        for (const t of types) pushAll(inScope, resources.get(t) ?? []);
        if (types.includes(ACCOUNT_TYPE)) inScope.push({ type: ACCOUNT_TYPE, id: acct.id });
        const emit = async (r: Resource, o: Outcome): Promise<void> => {
          const age = Math.floor((keyed(seed, `t|${ruleName}|${r.type}|${r.id}`) * WINDOW_MS) / 1000) * 1000;
          const rec: EvaluationRecord = {
            account: acct.id,
            region,
            ruleName,
            sourceIdentifier: identifier,
            resourceType: r.type,
            resourceId: r.id,
            complianceType: o.complianceType,
            ...(o.annotation !== undefined ? { annotation: o.annotation } : {}),
            recordedAt: new Date(asOfMs - age).toISOString(),
          };
          await writer.write('evaluations', rec);
          seen.add(o.complianceType);
          byCompliance[o.complianceType]++;
          pairEvaluations++;
        };
        if (inScope.length === 0 && region !== HOME_REGION && types.every((t) => GLOBAL_TYPES.has(t))) {
          // Global resource types are recorded (and evaluated) in the home region only: no results here.
          return;
        }
        if (inScope.length === 0) {
          const pattern = rulePattern(identifier);
          await emit(
            { type: ACCOUNT_TYPE, id: acct.id },
            pattern === 'insufficient-only'
              ? { complianceType: 'INSUFFICIENT_DATA' }
              : { complianceType: 'NOT_APPLICABLE', annotation: `No resources of type ${types.join(', ')} are recorded in this account and region.` },
          );
          return;
        }
        for (const [i, r] of inScope.entries()) await emit(r, outcomeFor(seed, identifier, acct.short, region, r, i, quarter));
      };

      for (const [pi, pack] of rules.packs.entries()) {
        const suffix = suffixes[pi] ?? '';
        const rolled: { ruleName: string; compliance: ComplianceType }[] = [];
        for (const rule of pack.rules) {
          const ruleName = `${rule.name}-conformance-pack-${suffix}`;
          const rec: ConfigRuleRecord = {
            account: acct.id,
            region,
            ruleName,
            ruleArn: `arn:aws:config:${region}:${acct.id}:config-rule/aws-service-rule/config-conforms.amazonaws.com/config-rule-${chars(rand, 6, LOWER_ALNUM)}`,
            sourceOwner: 'AWS',
            sourceIdentifier: rule.identifier,
            conformancePack: pack.name,
            state: 'ACTIVE',
          };
          await writer.write('configRules', rec);
          pairRules++;
          const seen = new Set<ComplianceType>();
          await evaluate(ruleName, rule.identifier, rules.resourceTypes[rule.identifier] ?? [ACCOUNT_TYPE], seen);
          rolled.push({ ruleName, compliance: rollUp(seen) });
        }
        rolled.sort((a, b) => (a.ruleName < b.ruleName ? -1 : 1));
        await writer.write('conformancePacks', { account: acct.id, region, name: pack.name, rules: rolled });
      }

      if (ai === 0 && region === HOME_REGION) {
        // One custom rule, deployed outside the packs.
        const fn = `arn:aws:lambda:${region}:${acct.id}:function:northwind-config-phi-tagging`;
        const ruleName = 'northwind-phi-bucket-classification-tag';
        await writer.write('configRules', {
          account: acct.id,
          region,
          ruleName,
          ruleArn: `arn:aws:config:${region}:${acct.id}:config-rule/config-rule-${chars(rand, 6, LOWER_ALNUM)}`,
          sourceOwner: 'CUSTOM_LAMBDA',
          sourceIdentifier: fn,
          state: 'ACTIVE',
        });
        pairRules++;
        const buckets = resources.get('AWS::S3::Bucket') ?? [];
        for (const [i, b] of buckets.entries()) {
          const fails = i === 1 || keyed(seed, `custom|${b.id}`) < 0.05;
          const age = Math.floor((keyed(seed, `t|custom|${b.id}`) * WINDOW_MS) / 1000) * 1000;
          const rec: EvaluationRecord = {
            account: acct.id,
            region,
            ruleName,
            sourceIdentifier: fn,
            resourceType: b.type,
            resourceId: b.id,
            complianceType: fails ? 'NON_COMPLIANT' : 'COMPLIANT',
            ...(fails ? { annotation: 'Bucket holds PHI but lacks the tag DataClassification=PHI.' } : {}),
            recordedAt: new Date(asOfMs - age).toISOString(),
          };
          await writer.write('evaluations', rec);
          byCompliance[rec.complianceType]++;
          pairEvaluations++;
        }
      }

      for (const type of [...allTypes].sort()) {
        const count = resources.get(type)?.length ?? 0;
        pairResources += count;
        await writer.write('resourceCounts', { account: acct.id, region, resourceType: type, count });
      }
      writer.addSource({
        source: 'aws-config',
        account: acct.id,
        region,
        status: 'collected',
        counts: { rules: pairRules, evaluations: pairEvaluations, resources: pairResources, conformancePacks: rules.packs.length },
      });
      perPair.push({ account: acct.id, region, rules: pairRules, evaluations: pairEvaluations, resources: pairResources });
      totalRules += pairRules;
      totalEvaluations += pairEvaluations;
      totalResources += pairResources;
    }
  }
  return { rules: totalRules, evaluations: totalEvaluations, byCompliance, resources: totalResources, perPair };
}

function reportId(rand: () => number): string {
  return `report-${chars(rand, 16, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
}

async function writeArtifacts(writer: SnapshotWriter, rand: () => number): Promise<void> {
  const cat = 'Certifications and Attestations';
  const reports: Omit<ArtifactReportRecord, 'id'>[] = [
    { name: 'AWS SOC 1 Type 2 Report (July 2025 - June 2026)', category: cat, series: 'SOC', version: 1, periodStart: '2025-07-01T00:00:00Z', periodEnd: '2026-06-30T23:59:59Z', state: 'PUBLISHED', description: 'Controls relevant to user entities\' internal control over financial reporting.' },
    { name: 'AWS SOC 2 Type 2 Report (July 2025 - June 2026)', category: cat, series: 'SOC', version: 1, periodStart: '2025-07-01T00:00:00Z', periodEnd: '2026-06-30T23:59:59Z', state: 'PUBLISHED', description: 'Security, availability, confidentiality and privacy trust services criteria.' },
    { name: 'AWS SOC 3 Report (July 2025 - June 2026)', category: cat, series: 'SOC', version: 1, periodStart: '2025-07-01T00:00:00Z', periodEnd: '2026-06-30T23:59:59Z', state: 'PUBLISHED', description: 'General-use report on the security, availability, confidentiality and privacy criteria.' },
    { name: 'AWS PCI DSS Attestation of Compliance (AOC) 2026', category: cat, series: 'PCI', version: 1, periodStart: '2026-01-15T00:00:00Z', periodEnd: '2027-01-14T23:59:59Z', state: 'PUBLISHED', description: 'PCI DSS v4.0.1 Attestation of Compliance for AWS as a service provider.' },
    { name: 'AWS PCI DSS Responsibility Summary 2026', category: cat, series: 'PCI', version: 1, periodStart: '2026-01-15T00:00:00Z', periodEnd: '2027-01-14T23:59:59Z', state: 'PUBLISHED', description: 'Which PCI DSS requirements AWS, the customer, or both meet, per service.' },
    { name: 'AWS ISO/IEC 27001:2022 Certificate', category: cat, series: 'ISO', version: 3, periodStart: '2025-11-13T00:00:00Z', periodEnd: '2028-11-12T23:59:59Z', state: 'PUBLISHED', description: 'ISO/IEC 27001:2022 certification of the AWS information security management system.' },
    { name: 'AWS ISO/IEC 27001:2022 Statement of Applicability (SoA)', category: cat, series: 'ISO', version: 3, periodStart: '2025-11-13T00:00:00Z', periodEnd: '2028-11-12T23:59:59Z', state: 'PUBLISHED', description: 'The Annex A controls in scope of the AWS ISO/IEC 27001 certification.' },
    { name: 'AWS ISO/IEC 27017:2015 Certificate', category: cat, series: 'ISO', version: 2, periodStart: '2025-11-13T00:00:00Z', periodEnd: '2028-11-12T23:59:59Z', state: 'PUBLISHED', description: 'Code of practice for information security controls for cloud services.' },
    { name: 'AWS ISO/IEC 27018:2019 Certificate', category: cat, series: 'ISO', version: 2, periodStart: '2025-11-13T00:00:00Z', periodEnd: '2028-11-12T23:59:59Z', state: 'PUBLISHED', description: 'Code of practice for protecting personal data in the cloud.' },
    { name: 'AWS SOC 2 Type 2 Report (April 2024 - September 2024)', category: cat, series: 'SOC', version: 1, periodStart: '2024-04-01T00:00:00Z', periodEnd: '2024-09-30T23:59:59Z', state: 'PUBLISHED', description: 'An earlier SOC 2 period, superseded; kept in the listing.' },
  ];
  for (const r of reports) await writer.write('artifactReports', { id: reportId(rand), ...r });
  const agreements: ArtifactAgreementRecord[] = [
    { id: `agreement-${chars(rand, 16, LOWER_ALNUM)}`, name: 'AWS Business Associate Addendum', type: 'STANDARD', state: 'ACTIVE', awsAccountId: ACCOUNTS[0].id, effectiveStart: '2024-02-12T16:20:00Z', description: 'Accepted for the organisation: covers HIPAA-eligible services in all member accounts.' },
    { id: `agreement-${chars(rand, 16, LOWER_ALNUM)}`, name: 'AWS Nondisclosure Agreement', type: 'CUSTOM', state: 'CUSTOMER_TERMINATED', awsAccountId: ACCOUNTS[0].id, effectiveStart: '2022-05-03T09:00:00Z', effectiveEnd: '2024-05-02T23:59:59Z', description: 'Superseded by the organisation-level agreement; no longer in force.' },
  ];
  for (const a of agreements) await writer.write('artifactAgreements', a);
  writer.addSource({ source: 'aws-artifact', status: 'collected', counts: { reports: reports.length, agreements: agreements.length } });
}

async function writeManual(writer: SnapshotWriter, asOf: string, quarter: 'current' | 'previous' = 'current'): Promise<void> {
  // Both quarters share one calendar: the previous quarter sees the records collected by its date.
  const d = (days: number): string => isoDay(quarter === 'previous' ? DEFAULT_AS_OF : asOf, days);
  const day = asOf.slice(0, 10);
  const asThen = <T extends { collectedOn?: string; approvedOn?: string }>(list: T[]): T[] =>
    quarter === 'previous' ? list.filter((x) => (x.collectedOn ?? x.approvedOn ?? '') <= day) : list;
  const manual: ManualEvidenceRecord[] = [
    { id: 'ev-policy-2026', kind: 'information-security-policy', title: 'Information Security Policy v4.2', owner: 'CISO (Dana Whitfield)', collectedOn: d(-120), validUntil: d(245), location: 'evidence/register/policies/information-security-policy-v4.2.pdf' },
    { id: 'ev-risk-2026', kind: 'risk-assessment', title: 'Annual HIPAA and PCI DSS Risk Assessment 2026', owner: 'Risk & Compliance (Priya Raman)', collectedOn: d(-75), validUntil: d(290), location: 'evidence/register/risk/risk-assessment-2026.pdf' },
    { id: 'ev-training-2025', kind: 'security-awareness-training-records', title: 'Security Awareness Training Completion Records FY2025', owner: 'People Operations (Marcus Oyelaran)', collectedOn: d(-400), validUntil: d(-35), location: 'evidence/register/training/awareness-completions-fy2025.csv' },
    { id: 'ev-access-review-q2', kind: 'access-review', title: 'Quarterly Privileged Access Review 2026 Q2', owner: 'Platform Engineering (Lena Kowalczyk)', collectedOn: d(-75), validUntil: d(15), location: 'evidence/register/access-reviews/2026-q2-privileged-access-review.pdf' },
    { id: 'ev-irp-2026', kind: 'incident-response-plan', title: 'Incident Response Plan v3.0 (tabletop tested 2026-06)', owner: 'Security Operations (Tomasz Brandt)', collectedOn: d(-100), validUntil: d(265), location: 'evidence/register/incident-response/incident-response-plan-v3.0.pdf' },
    { id: 'ev-baa-register-2026', kind: 'business-associate-agreements', title: 'Business Associate Agreement Register 2026', owner: 'Legal (Amara Chen)', collectedOn: d(-60), validUntil: d(305), location: 'evidence/register/legal/baa-register-2026.xlsx' },
  ];
  if (quarter === 'previous') {
    manual.push({ id: 'ev-access-review-q1', kind: 'access-review', title: 'Quarterly Privileged Access Review 2026 Q1', owner: 'Platform Engineering (Lena Kowalczyk)', collectedOn: d(-165), validUntil: d(-75), location: 'evidence/register/access-reviews/2026-q1-privileged-access-review.pdf' });
  }
  const manualThen = asThen(manual);
  for (const m of manualThen) await writer.write('manualEvidence', m);

  const exceptions: ExceptionRecord[] = [
    {
      id: 'EXC-2026-004',
      ruleIdentifier: EXCEPTED,
      resourcePattern: 'northwind-public-assets-*',
      reason: 'The public-assets bucket serves static marketing images through CloudFront, whose standard logs record every request; S3 server access logs would duplicate them.',
      compensatingControl: 'CloudFront standard logging to northwind-prod-app-logs-us-east-1, reviewed weekly; bucket holds no PHI or cardholder data (Macie scan monthly).',
      approver: 'CISO (Dana Whitfield)',
      approvedOn: d(-90),
      expiresOn: d(185),
    },
    {
      id: 'EXC-2025-011',
      ruleIdentifier: 'INCOMING_SSH_DISABLED',
      resourcePattern: BASTION_SG,
      reason: 'Legacy bastion host security group kept open for SSH during the migration to Session Manager.',
      compensatingControl: 'Key-only SSH with MFA-backed certificates; bastion decommission tracked in PLAT-2231.',
      approver: 'Head of Platform Engineering (Lena Kowalczyk)',
      approvedOn: d(-280),
      expiresOn: d(-95),
    },
    {
      id: 'EXC-2026-009',
      requirement: 'pci-dss-4.0.1:11.4.1',
      reason: 'The 2026 external and internal penetration test is deferred to January 2027 so that it covers the re-architected cardholder data environment instead of the network being retired.',
      compensatingControl: 'Quarterly external ASV scans continue; the CDE perimeter is limited to the payment API behind AWS WAF; the test is contracted (PO-7781) for 2027-01-11.',
      approver: 'CISO (Dana Whitfield)',
      approvedOn: d(-45),
      expiresOn: d(120),
    },
    {
      id: 'EXC-2026-010',
      requirement: 'hipaa-security:164.312(a)(2)(ii)',
      reason: 'The written emergency (break-glass) access procedure is being rewritten for the move to IAM Identity Center; the old procedure no longer matches the accounts.',
      compensatingControl: 'Two sealed break-glass IAM users with hardware MFA per account, alarmed on any sign-in (CloudWatch alarm to the on-call pager).',
      approver: 'Privacy Officer (Jonah Ellery)',
      approvedOn: d(-30),
      expiresOn: d(60),
    },
  ];
  const exceptionsThen = asThen(exceptions);
  for (const e of exceptionsThen) await writer.write('exceptions', e);

  const owners: OwnerRecord[] = [
    { scope: 'governance', responsible: 'Risk & Compliance (Priya Raman)', accountable: 'CISO (Dana Whitfield)', consulted: 'Legal (Amara Chen)', informed: 'Executive Leadership Team' },
    { scope: 'risk-management', responsible: 'Risk & Compliance (Priya Raman)', accountable: 'CISO (Dana Whitfield)', consulted: 'Platform Engineering', informed: 'Board Audit Committee' },
    { scope: 'identity-and-access', responsible: 'Platform Engineering (Lena Kowalczyk)', accountable: 'CISO (Dana Whitfield)', consulted: 'People Operations', informed: 'Engineering Managers' },
    { scope: 'data-protection', responsible: 'Platform Engineering (Lena Kowalczyk)', accountable: 'CISO (Dana Whitfield)', consulted: 'Privacy Officer (Jonah Ellery)', informed: 'Product Engineering' },
    { scope: 'logging-and-monitoring', responsible: 'Security Operations (Tomasz Brandt)', accountable: 'CISO (Dana Whitfield)', consulted: 'Platform Engineering', informed: 'Engineering Managers' },
    { scope: 'network-security', responsible: 'Platform Engineering (Lena Kowalczyk)', accountable: 'CISO (Dana Whitfield)', consulted: 'Security Operations', informed: 'Product Engineering' },
    { scope: 'vulnerability-and-patch', responsible: 'Security Operations (Tomasz Brandt)', accountable: 'Head of Platform Engineering (Lena Kowalczyk)', consulted: 'Product Engineering', informed: 'CISO (Dana Whitfield)' },
    { scope: 'resilience', responsible: 'Site Reliability Engineering (Ibrahim Nasser)', accountable: 'CTO (Helen Marsh)', consulted: 'Platform Engineering', informed: 'Customer Support' },
    { scope: 'incident-response', responsible: 'Security Operations (Tomasz Brandt)', accountable: 'CISO (Dana Whitfield)', consulted: 'Legal (Amara Chen)', informed: 'Executive Leadership Team' },
    { scope: 'third-party', responsible: 'Procurement (Sofia Lindqvist)', accountable: 'CISO (Dana Whitfield)', consulted: 'Legal (Amara Chen)', informed: 'Risk & Compliance' },
  ];
  for (const o of owners) await writer.write('owners', o);
  writer.addSource({ source: 'manual', status: 'collected', counts: { manualEvidence: manualThen.length, exceptions: exceptionsThen.length, owners: owners.length } });
}
