/**
 * The CSV column contract (README "CSV columns") and the pure functions that build each row.
 * Columns only ever get added at the end; their names and meaning are stable.
 */
import type { Catalog, Framework } from '../../domain/catalog.js';
import { toDay } from '../../domain/dates.js';
import { toRequirementEvidence } from '../../domain/requirement-evidence.js';
import { toPropertyColumn } from '../../domain/requirement-properties.js';
import type { ExceptionMatcher } from '../../domain/exceptions.js';
import type { ControlResult, EvidencePart, FrameworkResult, PackInput, RequirementResult } from '../../domain/result.js';
import { isRecorderGap, type EvaluationRecord, type Gap, type LimitEffect, type OwnerRecord } from '../../domain/snapshot.js';
import { SHORTFALL_STATUSES } from '../../domain/status.js';
import { toExceptionSummaries } from '../exception-summary.js';
import { allRefs, manualRef, toRequirementCitations } from '../evidence-citations.js';

export const REQUIREMENTS_COLUMNS = [
  'framework', 'requirement_id', 'parent_id', 'title', 'responsibility', 'status', 'reason',
  'controls', 'config_rules', 'attestations', 'manual_evidence', 'owner',
  'hipaa_type', 'service_provider_only', 'as_of', 'snapshot_id',
  'responsible', 'accountable', 'consulted', 'informed', 'exception_id',
  'supporting_rules', 'framework_status', 'supporting_controls', 'declaration', 'declaration_justification',
  'declaration_approver', 'declaration_approved_on', 'deciding_evidence_refs', 'supporting_evidence_refs',
] as const;

export const MATRIX_COLUMNS = [
  'framework', 'requirement_id', 'title', 'requirement_responsibility', 'control_id', 'control_title',
  'service', 'responsibility', 'aws_does', 'customer_does', 'control_status', 'role',
] as const;

export const EVIDENCE_COLUMNS = [
  'framework', 'account', 'region', 'rule_name', 'rule_identifier', 'resource_type', 'resource_id',
  'compliance_type', 'annotation', 'recorded_at', 'exception_id', 'requirement_ids',
  'in_scope', 'supporting_requirement_ids', 'evidence_ref',
] as const;

export const GAPS_COLUMNS = [
  'gap_type', 'framework', 'requirement_id', 'requirement_title', 'requirement_status', 'control_id',
  'control_title', 'control_status', 'reason', 'remediation', 'responsible', 'accountable',
  'account', 'region', 'error_code', 'iam_action', 'consulted', 'informed',
  'evidence_kind', 'evidence_id', 'in_scope', 'evidence_refs',
] as const;

export const EXCEPTIONS_COLUMNS = [
  'framework', 'exception_id', 'covers', 'rule_identifier', 'resource_pattern', 'requirement', 'status',
  'results_covered', 'requirement_ids', 'reason', 'compensating_control', 'approver', 'approved_on', 'expires_on',
] as const;

export const MANUAL_EVIDENCE_COLUMNS = [
  'framework', 'kind', 'kind_title', 'status', 'evidence_id', 'title', 'owner', 'collected_on', 'valid_until',
  'location', 'sha256', 'integrity', 'control_ids', 'requirement_ids', 'evidence_ref',
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

function idsOf(req: RequirementResult, kind: EvidencePart['kind']): string[] {
  return unique(req.deciding.filter((p) => p.kind === kind).map((p) => p.id));
}

export function toRequirementRows(input: PackInput): Row[] {
  const { result, evidence } = input;
  const asOf = toDay(evidence.manifest.createdAt);
  return result.requirements.filter((r) => r.assessable).map((req) => {
    const controls = controlsOf(result, req);
    const d = req.declaration;
    const cited = toRequirementCitations(input, req);
    return [
      result.framework.id,
      req.requirementId,
      req.parent ?? '',
      req.title,
      req.responsibility,
      req.status,
      req.reasons.join(' | '),
      req.controls.join(LIST),
      idsOf(req, 'rule').sort().join(LIST),
      idsOf(req, 'attestation').sort().join(LIST),
      idsOf(req, 'manual').sort().join(LIST),
      unique(controls.map((c) => ownerText(c.owner))).join(LIST),
      toPropertyColumn(result.framework.properties, req.properties, 'hipaa_type'),
      toPropertyColumn(result.framework.properties, req.properties, 'service_provider_only'),
      asOf,
      evidence.manifest.id,
      unique(controls.map((c) => c.owner?.responsible ?? '')).join(LIST),
      unique(controls.map((c) => c.owner?.accountable ?? '')).join(LIST),
      unique(controls.map((c) => c.owner?.consulted ?? '')).join(LIST),
      unique(controls.map((c) => c.owner?.informed ?? '')).join(LIST),
      req.exceptionId ?? '',
      req.supporting.map((p) => p.id).join(LIST),
      req.frameworkStatus,
      req.supportingControls.join(LIST),
      d?.decision ?? '',
      d ? (d.alternative ? `${d.alternative} | ${d.justification}` : d.justification) : '',
      d?.approver ?? '',
      d?.approvedOn ?? '',
      allRefs(cited.deciding).join(LIST),
      allRefs(cited.supporting).join(LIST),
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

/** One row per manual evidence kind that decides a requirement of the framework: the record that decided it, or missing. */
export function toManualEvidenceRows(input: PackInput): Row[] {
  const { result } = input;
  const byKind = new Map<string, { manual: ControlResult['manual'][number]; controls: Set<string>; requirements: Set<string> }>();
  for (const req of result.requirements) {
    if (!req.assessable) continue;
    for (const part of req.deciding) {
      if (part.kind !== 'manual') continue;
      const manual = part.controlId ? result.controls.get(part.controlId)?.manual.find((m) => m.kind === part.id) : undefined;
      if (!manual) continue;
      const entry = byKind.get(part.id) ?? { manual, controls: new Set<string>(), requirements: new Set<string>() };
      if (part.controlId) entry.controls.add(part.controlId);
      entry.requirements.add(req.requirementId);
      byKind.set(part.id, entry);
    }
  }
  return [...byKind.values()]
    .sort((a, b) => a.manual.kind.localeCompare(b.manual.kind))
    .map(({ manual: m, controls, requirements }) => {
      const r = m.record;
      return [
        result.framework.id, m.kind, m.title, m.status, r?.id ?? '', r?.title ?? '', r?.owner ?? '', r?.collectedOn ?? '',
        r?.validUntil ?? '', r?.location ?? '', r?.sha256 ?? '', r?.integrity ?? '',
        [...controls].sort().join(LIST), [...requirements].join(LIST), manualRef(input.refs, m) ?? '',
      ];
    });
}

export function toMatrixRows(input: PackInput): Row[] {
  const { result } = input;
  const rows: Row[] = [];
  for (const req of result.requirements) {
    if (!req.assessable) continue;
    const roles: [string[], string][] = [[req.controls, 'deciding'], [req.supportingControls, 'supporting']];
    for (const [ids, role] of roles) {
      for (const id of ids) {
        const c = result.controls.get(id);
        if (!c) continue;
        const base = [result.framework.id, req.requirementId, req.title, req.responsibility, c.controlId, c.title];
        rows.push([...base, 'all', c.responsibility, c.aws, c.customer, c.status, role]);
        for (const s of c.services) rows.push([...base, s.service, s.model, s.aws, s.customer, c.status, role]);
      }
    }
  }
  return rows;
}

/**
 * What is not met or not evidenced: one row per deciding piece of evidence at fault (the rule, the
 * manual evidence or the attestation, with the control that owns it), then the collection gaps,
 * marked in or out of the framework's scope (a gap outside it decides nothing), then the stated
 * limits of the route the snapshot was collected by (gap_type `limit`, error_code the limit's code).
 */
export function toGapRows(input: PackInput): Row[] {
  const { result } = input;
  const rows: Row[] = [];
  for (const req of result.requirements) {
    if (!req.assessable || !SHORTFALL_STATUSES.has(req.status)) continue;
    const cited = toRequirementCitations(input, req).deciding;
    const atFault = cited.filter(({ part }) => SHORTFALL_STATUSES.has(part.status));
    for (const { part: p, refs } of atFault) {
      const c = p.controlId ? result.controls.get(p.controlId) : undefined;
      rows.push([
        'requirement', result.framework.id, req.requirementId, req.title, req.status, c?.controlId ?? '', c?.title ?? '', c?.status ?? '',
        p.reason, c?.remediation ?? '', c?.owner?.responsible ?? '', c?.owner?.accountable ?? '', '', '', '', '',
        c?.owner?.consulted ?? '', c?.owner?.informed ?? '', p.kind, p.id, '', refs.join(LIST),
      ]);
    }
    if (atFault.length === 0) {
      rows.push(['requirement', result.framework.id, req.requirementId, req.title, req.status, '', '', '', req.reasons[0] ?? '', 'Map the evidence that tests it, or register manual evidence.', '', '', '', '', '', '', '', '', '', '', '', '']);
    }
  }
  const gaps: [Gap, boolean][] = [...result.scope.gaps.inScope.map((g): [Gap, boolean] => [g, true]), ...result.scope.gaps.outOfScope.map((g): [Gap, boolean] => [g, false])];
  for (const [g, inside] of gaps) {
    const what = g.action ? `Grant ${g.action} or fix the source, then collect again.` : isRecorderGap(g) ? 'Turn the AWS Config recorder on there (or take the region out of scope), then collect again.' : 'Fix the source, then collect again.';
    rows.push(['collection', result.framework.id, '', '', '', '', '', '', `${g.source}: ${g.message}`, inside ? what : 'Outside this framework\'s scope: decides nothing.', '', '', g.account ?? '', g.region ?? '', g.code, g.action ?? '', '', '', '', '', String(inside), '']);
  }
  for (const l of input.evidence.manifest.limits ?? []) {
    const types = l.complianceTypes && l.complianceTypes.length > 0 ? ` (${l.complianceTypes.join(', ')})` : '';
    rows.push(['limit', result.framework.id, '', '', '', '', '', '', `${l.source} through the ${l.route} route, ${l.effect}${types}: ${l.message}`, LIMIT_REMEDIATION[l.effect], '', '', '', '', l.code, '', '', '', '', '', 'true', '']);
  }
  return rows;
}

/** What a stated limit of the collection route asks of the reader, by its effect. */
const LIMIT_REMEDIATION: Record<LimitEffect, string> = {
  'not-collected': 'Absent from this snapshot whatever the estate holds: collect by a route that gives it (the reason says which), or read the pack knowing it is not there.',
  'not-checked': 'Collected in full by paging to the end; AWS offers no count to check it against. Nothing to do.',
  unknown: 'Not visible by this route: collect each account with its own credentials to see it.',
};

/** Per managed rule: the framework's requirements it decides and those it supports (`;`-joined, catalog order). */
export interface RequirementIndex {
  deciding: ReadonlyMap<string, string>;
  supporting: ReadonlyMap<string, string>;
}

/**
 * The index from the catalog alone (toRequirementEvidence: the same derivation the evaluation uses),
 * so evidence.csv can be written while the snapshot is read, before any evaluation. A requirement's
 * supporting rules are shown only where AWS Config was collected in the framework's scope
 * (`configCollected`), as the evaluation shows them.
 */
export function toRequirementIndex(framework: Framework, catalog: Catalog, configCollected: boolean): RequirementIndex {
  const deciding = new Map<string, Set<string>>();
  const supporting = new Map<string, Set<string>>();
  const add = (index: Map<string, Set<string>>, rule: string, req: string) => {
    const set = index.get(rule) ?? new Set<string>();
    set.add(req);
    index.set(rule, set);
  };
  for (const req of framework.requirements) {
    if (!req.assessable) continue;
    const evidence = toRequirementEvidence(catalog, req);
    for (const r of evidence.rules) add(deciding, r.id, req.id);
    if (configCollected) for (const r of evidence.supportingRules) add(supporting, r, req.id);
  }
  const join = (index: Map<string, Set<string>>) => new Map([...index].map(([rule, reqs]) => [rule, [...reqs].join(LIST)]));
  return { deciding: join(deciding), supporting: join(supporting) };
}

export function toEvidenceRow(frameworkId: string, r: EvaluationRecord, index: RequirementIndex, matchException: ExceptionMatcher, inScope: boolean, ref: string): Row {
  const exception = r.complianceType === 'NON_COMPLIANT' ? matchException(r.sourceIdentifier, r.resourceId).current ?? '' : '';
  return [
    frameworkId, r.account, r.region, r.ruleName, r.sourceIdentifier, r.resourceType, r.resourceId,
    r.complianceType, r.annotation ?? '', r.recordedAt, exception, index.deciding.get(r.sourceIdentifier) ?? '',
    String(inScope), index.supporting.get(r.sourceIdentifier) ?? '', ref,
  ];
}
