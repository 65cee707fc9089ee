/**
 * Builds src/tools/sample/rules.json, the conformance-pack rule list the sample generator uses, from
 * the reference files in ../shared/reference/aws-config (not shipped). Run it only when the
 * reference changes: `npx tsx src/tools/sample/build-rule-list.ts [referenceDir]`.
 * AWS_CONFIG_PROCESS_CHECK (manual process checks) are skipped: they have no evaluations.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const refDir = resolve(process.argv[2] ?? join(here, '../../../../shared/reference/aws-config'));

/** Resource types for identifiers the managed-rule list gives none for (periodic rules are account-level). */
const TYPE_OVERRIDES: Record<string, string[]> = {
  ACCESS_KEYS_ROTATED: ['AWS::IAM::User'],
  ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  ATHENA_WORKGROUP_ENCRYPTED_AT_REST: ['AWS::Athena::WorkGroup'],
  CLOUDTRAIL_S3_DATAEVENTS_ENABLED: ['AWS::::Account'],
  CLOUDTRAIL_SECURITY_TRAIL_ENABLED: ['AWS::::Account'],
  CLOUDWATCH_ALARM_RESOURCE_CHECK: ['AWS::CloudWatch::Alarm'],
  CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED: ['AWS::::Account'],
  CLOUD_TRAIL_ENABLED: ['AWS::::Account'],
  CLOUD_TRAIL_ENCRYPTION_ENABLED: ['AWS::::Account'],
  CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED: ['AWS::::Account'],
  DMS_REPLICATION_NOT_PUBLIC: ['AWS::DMS::ReplicationInstance'],
  DYNAMODB_THROUGHPUT_LIMIT_CHECK: ['AWS::::Account'],
  EC2_EBS_ENCRYPTION_BY_DEFAULT: ['AWS::::Account'],
  EC2_STOPPED_INSTANCE: ['AWS::EC2::Instance'],
  EFS_ENCRYPTED_CHECK: ['AWS::EFS::FileSystem'],
  ELASTICSEARCH_ENCRYPTED_AT_REST: ['AWS::Elasticsearch::Domain'],
  ELASTICSEARCH_IN_VPC_ONLY: ['AWS::Elasticsearch::Domain'],
  ELBV2_ACM_CERTIFICATE_REQUIRED: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  EMR_KERBEROS_ENABLED: ['AWS::EMR::Cluster'],
  GUARDDUTY_ENABLED_CENTRALIZED: ['AWS::::Account'],
  IAM_PASSWORD_POLICY: ['AWS::::Account'],
  IAM_POLICY_IN_USE: ['AWS::IAM::Policy'],
  IAM_ROOT_ACCESS_KEY_CHECK: ['AWS::::Account'],
  IAM_USER_MFA_ENABLED: ['AWS::IAM::User'],
  IAM_USER_UNUSED_CREDENTIALS_CHECK: ['AWS::IAM::User'],
  MACIE_AUTO_SENSITIVE_DATA_DISCOVERY_CHECK: ['AWS::::Account'],
  MACIE_STATUS_CHECK: ['AWS::::Account'],
  MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS: ['AWS::IAM::User'],
  MULTI_REGION_CLOUD_TRAIL_ENABLED: ['AWS::::Account'],
  NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED: ['AWS::RDS::DBCluster'],
  NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION: ['AWS::RDS::DBCluster'],
  NEPTUNE_CLUSTER_SNAPSHOT_ENCRYPTED: ['AWS::RDS::DBClusterSnapshot'],
  NEPTUNE_CLUSTER_SNAPSHOT_PUBLIC_PROHIBITED: ['AWS::RDS::DBClusterSnapshot'],
  ROOT_ACCOUNT_HARDWARE_MFA_ENABLED: ['AWS::::Account'],
  ROOT_ACCOUNT_MFA_ENABLED: ['AWS::::Account'],
  S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC: ['AWS::::Account'],
  SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED: ['AWS::SageMaker::EndpointConfig'],
  SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED: ['AWS::SageMaker::NotebookInstance'],
  SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS: ['AWS::SageMaker::NotebookInstance'],
  SECURITYHUB_ENABLED: ['AWS::::Account'],
  SHIELD_DRT_ACCESS: ['AWS::::Account'],
  VPC_FLOW_LOGS_ENABLED: ['AWS::EC2::VPC'],
  WAFV2_LOGGING_ENABLED: ['AWS::WAFv2::WebACL'],
};

function readCsv(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(join(refDir, file), 'utf8').replace(/\r/g, '').split('\n').filter((l) => l !== '');
  const cols = (head ?? '').split(',');
  // The mapping files have no quoted fields.
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i] ?? `c${i}`, v])));
}

function packRules(file: string): { identifier: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const row of readCsv(file)) {
    const id = row.source_identifier ?? '';
    if (id === '' || id === 'AWS_CONFIG_PROCESS_CHECK' || seen.has(id)) continue;
    seen.set(id, row.config_rule_name ?? id.toLowerCase().replace(/_/g, '-'));
  }
  return [...seen].map(([identifier, name]) => ({ identifier, name })).sort((a, b) => a.identifier.localeCompare(b.identifier));
}

const managed = JSON.parse(readFileSync(join(refDir, 'managed-rules.json'), 'utf8')) as {
  rules: { identifier: string; resourceTypes: string[] }[];
};
const typesOf = new Map(managed.rules.map((r) => [r.identifier, r.resourceTypes]));

const packs = [
  { name: 'Operational-Best-Practices-for-HIPAA-Security', rules: packRules('hipaa-security-conformance-pack-mapping.csv') },
  { name: 'Operational-Best-Practices-for-PCI-DSS', rules: packRules('pci-dss-4.0-conformance-pack-mapping.csv') },
];
const resourceTypes: Record<string, string[]> = {};
const missing: string[] = [];
for (const id of [...new Set(packs.flatMap((p) => p.rules.map((r) => r.identifier)))].sort()) {
  const types = typesOf.get(id)?.length ? typesOf.get(id) : TYPE_OVERRIDES[id];
  if (!types) missing.push(id);
  resourceTypes[id] = [...(types ?? ['AWS::::Account'])];
}
if (missing.length > 0) console.error(`no resource types for ${missing.join(', ')}: using AWS::::Account`);

const out = {
  note: 'Generated by src/tools/sample/build-rule-list.ts from the HIPAA Security and PCI DSS 4.0 conformance-pack mappings and managed-rules.json (resource types; account-level where none is known). AWS_CONFIG_PROCESS_CHECK skipped.',
  packs,
  resourceTypes,
};
writeFileSync(join(here, 'rules.json'), `${JSON.stringify(out, null, 1)}\n`);
console.log(`rules.json: ${packs.map((p) => `${p.name} ${p.rules.length}`).join(', ')}; ${Object.keys(resourceTypes).length} identifiers`);
