/**
 * The CSV column contract (README "CSV columns") and the pure functions that build each row.
 * Columns only ever get added at the end; their names and meaning are stable.
 */
import { toDay } from '../../domain/dates.js';
import type { ExceptionMatcher } from '../../domain/exceptions.js';
import type { ControlResult, FrameworkResult, PackInput, RequirementResult } from '../../domain/result.js';
import type { EvaluationRecord, OwnerRecord } from '../../domain/snapshot.js';
import { toExceptionSummaries } from '../exception-summary.js';

export const REQUIREMENTS_COLUMNS = [
  'framework', 'requirement_id', 'parent_id', 'title', 'responsibility', 'status', 'reason',
  'controls', 'config_rules', 'attestations', 'manual_evidence', 'owner',
  'hipaa_type', 'service_provider_only', 'as_of', 'snapshot_id',
  'responsible', 'accountable', 'consulted', 'informed', 'exception_id',
] as const;

export const MATRIX_COLUMNS = [
  'framework', 'requirement_id', 'title', 'requirement_responsibility', 'control_id', 'control_title',
  'service', 'responsibility', 'aws_does', 'customer_does', 'control_status',
] as const;

export const EVIDENCE_COLUMNS = [
  'framework', 'account', 'region', 'rule_name', 'rule_identifier', 'resource_type', 'resource_id',
  'compliance_type', 'annotation', 'recorded_at', 'exception_id', 'requirement_ids',
] as const;

export const GAPS_COLUMNS = [
  'gap_type', 'framework', 'requirement_id', 'requirement_title', 'requirement_status', 'control_id',
  'control_title', 'control_status', 'reason', 'remediation', 'responsible', 'accountable',
  'account', 'region', 'error_code', 'iam_action', 'consulted', 'informed',
] as const;

export const EXCEPTIONS_COLUMNS = [
  'framework', 'exception_id', 'covers', 'rule_identifier', 'resource_pattern', 'requirement', 'status',
  'results_covered', 'requirement_ids', 'reason', 'compensating_control', 'approver', 'approved_on', 'expires_on',
] as const;

export const MANUAL_EVIDENCE_COLUMNS = [
  'framework', 'kind', 'kind_title', 'status', 'evidence_id', 'title', 'owner', 'collected_on', 'valid_until',
  'location', 'sha256', 'integrity', 'control_ids', 'requirement_ids',
] as const;

export type Row = string[];

const LIST = ';';

function ownerText(o: OwnerRecord | undefined): string {
  return o ? `${o.responsible} (A: ${o.accountable})` : '';
}

function controlsOf(result: FrameworkResult, req: RequirementResult): ControlResult[] {
  return req.controls.flatMap((id) => {
    const c = result.controls.get(id);
    return c ? [c] : [];
  });
}

function unique(values: Iterable<string>): string[] {
  return [...new Set([...values].filter((v) => v !== ''))];
}

export function toRequirementRows(input: PackInput): Row[] {
  const { result, evidence } = input;
  const asOf = toDay(evidence.manifest.createdAt);
  return result.requirements.filter((r) => r.assessable).map((req) => {
    const controls = controlsOf(result, req);
    return [
      result.framework.id,
      req.requirementId,
      req.parent ?? '',
      req.title,
      req.responsibility,
      req.status,
      req.reasons.join(' | '),
      req.controls.join(LIST),
      unique(controls.flatMap((c) => c.automated.map((a) => a.identifier))).sort().join(LIST),
      unique(controls.flatMap((c) => c.attestations.map((a) => a.kind))).sort().join(LIST),
      unique(controls.flatMap((c) => c.manual.map((m) => m.kind))).sort().join(LIST),
      unique(controls.map((c) => ownerText(c.owner))).join(LIST),
      req.hipaaType ?? '',
      req.serviceProviderOnly === undefined ? '' : String(req.serviceProviderOnly),
      asOf,
      evidence.manifest.id,
      unique(controls.map((c) => c.owner?.responsible ?? '')).join(LIST),
      unique(controls.map((c) => c.owner?.accountable ?? '')).join(LIST),
      unique(controls.map((c) => c.owner?.consulted ?? '')).join(LIST),
      unique(controls.map((c) => c.owner?.informed ?? '')).join(LIST),
      req.exceptionId ?? '',
    ];
  });
}

export function toExceptionRows(input: PackInput): Row[] {
  return toExceptionSummaries(input).map((s) => [
    input.result.framework.id, s.exception.id, s.exception.requirement ? 'requirement' : 'resources', s.exception.ruleIdentifier ?? '',
    s.exception.resourcePattern ?? '', s.exception.requirement ?? '', s.status, String(s.resultsCovered), s.requirements.join(LIST),
    s.exception.reason, s.exception.compensatingControl, s.exception.approver, s.exception.approvedOn, s.exception.expiresOn,
  ]);
}

/** One row per manual evidence kind this framework's controls need: the record that decided it, or missing. */
export function toManualEvidenceRows(input: PackInput): Row[] {
  const { result } = input;
  const byKind = new Map<string, { manual: ControlResult['manual'][number]; controls: Set<string>; requirements: Set<string> }>();
  for (const req of result.requirements) {
    if (!req.assessable) continue;
    for (const c of controlsOf(result, req)) {
      for (const m of c.manual) {
        const entry = byKind.get(m.kind) ?? { manual: m, controls: new Set<string>(), requirements: new Set<string>() };
        entry.controls.add(c.controlId);
        entry.requirements.add(req.requirementId);
        byKind.set(m.kind, entry);
      }
    }
  }
  return [...byKind.values()]
    .sort((a, b) => a.manual.kind.localeCompare(b.manual.kind))
    .map(({ manual: m, controls, requirements }) => {
      const r = m.record;
      return [
        result.framework.id, m.kind, m.title, m.status, r?.id ?? '', r?.title ?? '', r?.owner ?? '', r?.collectedOn ?? '',
        r?.validUntil ?? '', r?.location ?? '', r?.sha256 ?? '', r?.integrity ?? '',
        [...controls].sort().join(LIST), [...requirements].join(LIST),
      ];
    });
}

export function toMatrixRows(input: PackInput): Row[] {
  const { result } = input;
  const rows: Row[] = [];
  for (const req of result.requirements) {
    if (!req.assessable) continue;
    for (const c of controlsOf(result, req)) {
      const base = [result.framework.id, req.requirementId, req.title, req.responsibility, c.controlId, c.title];
      rows.push([...base, 'all', c.responsibility, c.aws, c.customer, c.status]);
      for (const s of c.services) rows.push([...base, s.service, s.model, s.aws, s.customer, c.status]);
    }
  }
  return rows;
}

const GAP_STATUSES = new Set(['not-met', 'partial', 'needs-evidence']);

export function toGapRows(input: PackInput): Row[] {
  const { result, evidence } = input;
  const rows: Row[] = [];
  for (const req of result.requirements) {
    if (!req.assessable || !GAP_STATUSES.has(req.status)) continue;
    for (const c of controlsOf(result, req)) {
      if (!GAP_STATUSES.has(c.status)) continue;
      rows.push([
        'requirement', result.framework.id, req.requirementId, req.title, req.status, c.controlId, c.title, c.status,
        c.reasons[0] ?? '', c.remediation, c.owner?.responsible ?? '', c.owner?.accountable ?? '', '', '', '', '',
        c.owner?.consulted ?? '', c.owner?.informed ?? '',
      ]);
    }
    if (req.controls.length === 0) {
      rows.push(['requirement', result.framework.id, req.requirementId, req.title, req.status, '', '', '', req.reasons[0] ?? '', 'Map a common control or register manual evidence.', '', '', '', '', '', '', '', '']);
    }
  }
  for (const g of evidence.manifest.gaps) {
    rows.push(['collection', result.framework.id, '', '', '', '', '', '', `${g.source}: ${g.message}`, g.action ? `Grant ${g.action} or fix the source, then collect again.` : 'Fix the source, then collect again.', '', '', g.account ?? '', g.region ?? '', g.code, g.action ?? '', '', '']);
  }
  return rows;
}

/** Managed-rule identifier -> the framework's requirement ids that rely on it (sorted). */
export function toRequirementIndex(result: FrameworkResult): Map<string, string> {
  const index = new Map<string, Set<string>>();
  for (const req of result.requirements) {
    if (!req.assessable) continue;
    for (const id of req.controls) {
      for (const rule of result.controls.get(id)?.automated ?? []) {
        const set = index.get(rule.identifier) ?? new Set<string>();
        set.add(req.requirementId);
        index.set(rule.identifier, set);
      }
    }
  }
  return new Map([...index].map(([rule, reqs]) => [rule, [...reqs].join(LIST)]));
}

export function toEvidenceRow(frameworkId: string, r: EvaluationRecord, index: ReadonlyMap<string, string>, matchException: ExceptionMatcher): Row {
  const exception = r.complianceType === 'NON_COMPLIANT' ? matchException(r.sourceIdentifier, r.resourceId).current ?? '' : '';
  return [
    frameworkId, r.account, r.region, r.ruleName, r.sourceIdentifier, r.resourceType, r.resourceId,
    r.complianceType, r.annotation ?? '', r.recordedAt, exception, index.get(r.sourceIdentifier) ?? '',
  ];
}
