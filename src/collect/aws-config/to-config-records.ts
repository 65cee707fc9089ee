/**
 * AWS Config API shapes -> snapshot records and gaps. Pure: no SDK calls, no clock.
 */
import type { ComplianceType } from '../../domain/status.js';
import { COMPLIANCE_TYPES } from '../../domain/status.js';
import type { ConfigRuleRecord, EvaluationRecord, Gap, RecorderState } from '../../domain/snapshot.js';
import { errorCode, isAccessDenied, isRegionNotEnabled } from '../aws-errors.js';

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

/** The parts of ConfigurationRecorderStatus (DescribeConfigurationRecorderStatus) that matter here. */
export interface RecorderStatusShape {
  name?: string;
  recording?: boolean;
  lastStatus?: string;
  lastErrorCode?: string;
  lastErrorMessage?: string;
}

/**
 * A pair's recorder as a state, and the gap it makes. Not recording or absent means resources there
 * are not (fully) recorded: a recorder gap, never a missing IAM permission (a read-only collector
 * never needs config:StartConfigurationRecorder), so the gap names no action.
 */
export function toRecorderFinding(statuses: readonly RecorderStatusShape[], where: { account: string; region: string }): { state: RecorderState; gap?: Gap } {
  const place = `${where.account} ${where.region}`;
  const base = { source: 'aws-config' as const, account: where.account, region: where.region };
  if (statuses.length === 0) {
    return {
      state: 'none',
      gap: { ...base, code: 'NoConfigurationRecorder', message: `There is no AWS Config configuration recorder in ${place}: resources there are not recorded, so its results and resource counts cannot be complete. The account's administrator sets one up (AWS Config console, "Set up"); srmap only reads.` },
    };
  }
  const recording = statuses.filter((s) => s.recording === true);
  if (recording.length === 0) {
    return {
      state: 'not-recording',
      gap: { ...base, code: 'RecorderNotRecording', message: `The AWS Config configuration recorder in ${place} is stopped: changes there are not recorded, so its results and resource counts may be stale or incomplete. The account's administrator starts it; srmap only reads.` },
    };
  }
  const failing = recording.find((s) => String(s.lastStatus ?? '').toUpperCase() === 'FAILURE');
  if (failing) {
    return {
      state: 'failing',
      gap: { ...base, code: 'RecorderFailing', message: `The AWS Config configuration recorder ${failing.name ?? ''} in ${place} is recording but its last recording failed (${failing.lastErrorCode ?? 'no code'}: ${failing.lastErrorMessage ?? 'no message'}): recent changes may be missing.` },
    };
  }
  return { state: 'recording' };
}

/** Managed-rule name (lower case) -> identifier, from the catalog's known managed rules, for rule names without a Source. */
export function toManagedRuleNames(rules: Iterable<{ name: string; identifier: string }>): Map<string, string> {
  return new Map([...rules].map((r) => [r.name.toLowerCase(), r.identifier]));
}

/** Results that were not evidence (no resource, no recorded time, a type a result cannot have or was not asked for). */
export function unreadableResultsGap(where: { account: string; region: string }, count: number): Gap {
  return {
    source: 'aws-config',
    account: where.account,
    region: where.region,
    code: 'ResultsUnreadable',
    message: `${count} evaluation result(s) in ${where.account} ${where.region} lacked the resource, the recorded time or a compliance type a result can have (or was not the type asked for): they are not evidence and were left out.`,
  };
}
