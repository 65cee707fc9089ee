/**
 * AWS Config API shapes -> snapshot records and gaps. Pure: no SDK calls, no clock.
 */
import type { ComplianceType } from '../../domain/status.js';
import { COMPLIANCE_TYPES } from '../../domain/status.js';
import type { ConfigRuleRecord, EvaluationRecord, Gap } from '../../domain/snapshot.js';

/** The parts of ConfigRule (DescribeConfigRules) that a record keeps. */
export interface ConfigRuleShape {
  ConfigRuleName?: string;
  ConfigRuleArn?: string;
  ConfigRuleState?: string;
  Source?: { Owner?: string; SourceIdentifier?: string };
}

/** EvaluationResult and AggregateEvaluationResult share these fields. */
export interface EvaluationResultShape {
  EvaluationResultIdentifier?: {
    EvaluationResultQualifier?: { ConfigRuleName?: string; ResourceType?: string; ResourceId?: string };
  };
  ComplianceType?: string;
  ResultRecordedTime?: Date;
  Annotation?: string;
}

const OWNERS = new Set(['AWS', 'CUSTOM_LAMBDA', 'CUSTOM_POLICY']);

export function isComplianceType(s: string | undefined): s is ComplianceType {
  return s !== undefined && (COMPLIANCE_TYPES as readonly string[]).includes(s);
}

/** A deployed rule as a record; undefined when AWS returned it without a name or a known owner. */
export function toConfigRuleRecord(
  rule: ConfigRuleShape,
  where: { account: string; region: string },
  conformancePack: string | undefined,
): ConfigRuleRecord | undefined {
  const name = rule.ConfigRuleName;
  const owner = rule.Source?.Owner;
  if (!name || !owner || !OWNERS.has(owner)) return undefined;
  const sourceOwner = owner as ConfigRuleRecord['sourceOwner'];
  const sourceIdentifier = rule.Source?.SourceIdentifier || (sourceOwner === 'AWS' ? name : sourceOwner === 'CUSTOM_POLICY' ? 'CUSTOM_POLICY' : name);
  return {
    account: where.account,
    region: where.region,
    ruleName: name,
    ...(rule.ConfigRuleArn ? { ruleArn: rule.ConfigRuleArn } : {}),
    sourceOwner,
    sourceIdentifier,
    ...(conformancePack ? { conformancePack } : {}),
    ...(rule.ConfigRuleState ? { state: rule.ConfigRuleState } : {}),
  };
}

/** One evaluation result as a record; undefined when it lacks the resource or a known compliance type. */
export function toEvaluationRecord(
  result: EvaluationResultShape,
  rule: { account: string; region: string; ruleName: string; sourceIdentifier: string },
): EvaluationRecord | undefined {
  const q = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
  const complianceType = result.ComplianceType;
  if (!q?.ResourceType || !q.ResourceId || !isComplianceType(complianceType)) return undefined;
  const recorded = result.ResultRecordedTime;
  const recordedAt = recorded instanceof Date && !Number.isNaN(recorded.getTime()) ? recorded.toISOString() : undefined;
  if (!recordedAt) return undefined;
  return {
    account: rule.account,
    region: rule.region,
    ruleName: q.ConfigRuleName || rule.ruleName,
    sourceIdentifier: rule.sourceIdentifier,
    resourceType: q.ResourceType,
    resourceId: q.ResourceId,
    complianceType,
    ...(result.Annotation !== undefined && result.Annotation !== '' ? { annotation: result.Annotation } : {}),
    recordedAt,
  };
}

/**
 * The managed-rule identifier a deployed rule name stands for, when the name is the only identity
 * there is (the aggregate APIs do not return Source). Conformance packs deploy
 * `<managed-rule-name>-conformance-pack-<suffix>`, Security Hub `securityhub-<managed-rule-name>-<suffix>`,
 * organisation rules `OrgConfigRule-<name>-<suffix>`; a plain managed rule keeps its own name.
 * `managedRules` maps managed-rule names (`restricted-ssh`) to identifiers (`INCOMING_SSH_DISABLED`).
 * Only a name that leads to a known managed rule counts; anything else is undefined.
 */
export function toManagedIdentifierFromName(ruleName: string, managedRules: ReadonlyMap<string, string>): string | undefined {
  const base = ruleName.replace(/-conformance-pack-[a-z0-9]+$/i, '');
  const candidates = [base];
  for (const prefix of [/^securityhub-/i, /^orgconfigrule-/i]) {
    if (prefix.test(base)) {
      const rest = base.replace(prefix, '');
      candidates.push(rest, rest.replace(/-[a-z0-9]{6,}$/i, ''));
    }
  }
  for (const c of candidates) {
    const id = managedRules.get(c.toLowerCase());
    if (id) return id;
  }
  return undefined;
}

/** AWS error -> the name of its code. */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: string; Code?: string; code?: string };
    return e.Code || (e.name && e.name !== 'Error' ? e.name : undefined) || e.code || 'Error';
  }
  return 'Error';
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError', 'OrganizationAccessDeniedException']);
const NOT_ENABLED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'OptInRequired', 'InvalidSignatureException']);

export function isAccessDenied(err: unknown): boolean {
  return ACCESS_DENIED.has(errorCode(err));
}

/** A region that does not know the caller: not enabled (opt-in) for the account, or the keys are not valid there. */
export function isRegionNotEnabled(err: unknown): boolean {
  return NOT_ENABLED.has(errorCode(err));
}

function errorMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  // AWS messages can carry ARNs, never secrets; keep them short.
  return m.length > 300 ? `${m.slice(0, 297)}...` : m;
}

/**
 * A failed call as a gap: the AWS error code, what could not be collected, and for AccessDenied the
 * IAM action that was missing (`service:Operation`: AWS Config's actions are named after its operations).
 */
export function toGap(
  err: unknown,
  where: { account?: string; region?: string; operation: string; service?: string; what: string },
): Gap {
  const code = errorCode(err);
  const service = where.service ?? 'config';
  const place = [where.account, where.region].filter(Boolean).join(' ');
  let message: string;
  if (isAccessDenied(err)) {
    message = `AccessDenied on ${service}:${where.operation}${place ? ` in ${place}` : ''}: ${where.what} not collected. Grant ${service}:${where.operation} (see src/collect/aws-config/iam-policy.json).`;
  } else if (isRegionNotEnabled(err)) {
    message = `${place || 'The region'} did not accept the credentials (${code}): the region is probably not enabled (opt-in) for this account; ${where.what} not collected.`;
  } else {
    message = `${service}:${where.operation} failed${place ? ` in ${place}` : ''} (${code}: ${errorMessage(err)}); ${where.what} not collected.`;
  }
  return {
    source: 'aws-config',
    ...(where.account ? { account: where.account } : {}),
    ...(where.region ? { region: where.region } : {}),
    code,
    message,
    ...(isAccessDenied(err) ? { action: `${service}:${where.operation}` } : {}),
  };
}
