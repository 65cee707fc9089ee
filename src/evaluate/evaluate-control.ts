/** One common control against the folded evidence: pure, every decision with its reason. */
import type { Catalog, Control } from '../domain/catalog.js';
import { daysBetween, toDay } from '../domain/dates.js';
import type {
  AttestationEvidence,
  ControlResult,
  EvidenceSummary,
  ManualEvidenceResult,
  RuleEvidence,
} from '../domain/result.js';
import { latestForKind, manualStatus } from '../domain/manual-status.js';
import type { Gap, OwnerRecord, SnapshotManifest } from '../domain/snapshot.js';
import { inScopeLocation, type FrameworkScope } from '../domain/scope.js';
import { STATUS_SEVERITY, type Status } from '../domain/status.js';
import { emptyRuleEvidence } from './accumulate-evidence.js';
import { combineStatuses, lowerForGap } from './combine-statuses.js';

export interface EvaluationOptions {
  /** Manual evidence valid for fewer days than this is `expiring` (still counts). Default 30. */
  expiringWithinDays?: number;
  /** An attestation whose period ended more than this many months before the snapshot is stale. Default 12. */
  staleAfterMonths?: number;
}

export interface Part {
  status: Status;
  reason: string;
}

export interface ControlContext {
  catalog: Catalog;
  evidence: EvidenceSummary;
  options: Required<EvaluationOptions>;
  asOf: string; // YYYY-MM-DD
  configCollected: boolean;
  configGaps: readonly Gap[];
  artifactCollected: boolean;
  artifactGaps: readonly Gap[];
}

/** Whether `source` was collected for the scope: AWS Config in one of its accounts and regions, another source anywhere. */
export function collectedIn(manifest: SnapshotManifest, scope: FrameworkScope, source: string): boolean {
  return manifest.sources.some((s) => s.source === source && s.status === 'collected' && (source !== 'aws-config' || inScopeLocation(scope, s.account, s.region)));
}

export function toControlContext(catalog: Catalog, evidence: EvidenceSummary, options: EvaluationOptions = {}): ControlContext {
  const m = evidence.manifest;
  const scope = evidence.scope;
  const collected = (source: string) => collectedIn(m, scope, source);
  // Only the gaps inside the framework's scope lower its statuses; those outside it decide nothing.
  const gaps = evidence.scopeGaps.inScope;
  return {
    catalog,
    evidence,
    options: { expiringWithinDays: options.expiringWithinDays ?? 30, staleAfterMonths: options.staleAfterMonths ?? 12 },
    asOf: toDay(m.createdAt),
    configCollected: collected('aws-config'),
    configGaps: gaps.filter((g) => g.source === 'aws-config'),
    artifactCollected: collected('aws-artifact'),
    artifactGaps: gaps.filter((g) => g.source === 'aws-artifact'),
  };
}

export function describeGap(g: Gap): string {
  const where = [g.account, g.region].filter(Boolean).join(' ');
  return `${where ? `${where}: ` : ''}${g.code}`;
}

/** The gaps, each place once: `444455556666 eu-west-1: AccessDeniedException; ...`. */
export function describeGaps(gaps: readonly Gap[]): string {
  return [...new Set(gaps.map(describeGap))].join('; ');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function evaluateRule(rule: RuleEvidence, ctx: ControlContext): Part {
  const c = rule.counts;
  if (rule.deployments === 0) {
    const types = ctx.catalog.managedRules.get(rule.identifier)?.resourceTypes ?? [];
    const inScope = types.reduce((n, t) => n + (ctx.evidence.resourceCounts.get(t) ?? 0), 0);
    if (ctx.configCollected && types.length > 0 && inScope === 0 && ctx.configGaps.length === 0) {
      return { status: 'not-applicable', reason: `${rule.identifier} is not deployed and no ${types.join(', ')} resource exists in the collected scope.` };
    }
    return { status: 'needs-evidence', reason: `${rule.identifier} is not deployed in any collected account or region.` };
  }
  if (rule.failingTotal > 0) {
    const evaluated = c.COMPLIANT + c.NON_COMPLIANT;
    return { status: 'not-met', reason: `${rule.identifier}: ${plural(rule.failingTotal, 'NON_COMPLIANT result')} (${c.COMPLIANT.toLocaleString('en-US')} of ${evaluated.toLocaleString('en-US')} compliant${rule.ruleNames.length > rule.deployments ? `; deployed ${rule.ruleNames.length} times in ${rule.deployments} account/region pairs, so a resource can be counted once per deployed rule` : ''}).` };
  }
  if (rule.excepted > 0) {
    return { status: 'accepted-risk', reason: `${rule.identifier}: ${plural(rule.excepted, 'NON_COMPLIANT result')} covered by exception ${rule.exceptionIds.join(', ')}.` };
  }
  if (c.COMPLIANT > 0 && c.INSUFFICIENT_DATA > 0) {
    return { status: 'partial', reason: `${rule.identifier}: ${c.COMPLIANT.toLocaleString('en-US')} compliant, ${plural(c.INSUFFICIENT_DATA, 'result')} INSUFFICIENT_DATA.` };
  }
  if (c.COMPLIANT > 0) {
    return { status: 'met', reason: `${rule.identifier}: all ${plural(c.COMPLIANT, 'evaluation result')} COMPLIANT.` };
  }
  if (c.INSUFFICIENT_DATA > 0) {
    return { status: 'needs-evidence', reason: `${rule.identifier}: only INSUFFICIENT_DATA (${plural(c.INSUFFICIENT_DATA, 'result')}).` };
  }
  if (c.NOT_APPLICABLE > 0) {
    return { status: 'not-applicable', reason: `${rule.identifier}: deployed, every result NOT_APPLICABLE (no resource in scope).` };
  }
  return { status: 'needs-evidence', reason: `${rule.identifier}: deployed but returned no evaluation results.` };
}

/**
 * The parts of a set of rules. A collection gap lowers each part it could hide a failure in, and
 * is said once, in `gapReason`, with the rules it touches: never once per rule.
 */
export interface AutomatedParts {
  parts: { identifier: string; part: Part }[];
  /** The collection gap, said once with the rules it touches. */
  gapReason?: string;
  /** Part reasons the gap reason already says (not repeated in the reason list). */
  folded?: ReadonlySet<string>;
}

export function automatedParts(rules: readonly RuleEvidence[], ctx: ControlContext): AutomatedParts {
  if (rules.length === 0) return { parts: [] };
  if (!ctx.configCollected) {
    const why = ctx.configGaps.length > 0 ? ` (${describeGaps(ctx.configGaps)})` : '';
    const parts = rules.map((r) => ({ identifier: r.identifier, part: { status: 'needs-evidence' as const, reason: `${r.identifier}: AWS Config evidence not collected.` } }));
    return {
      parts,
      gapReason: `AWS Config evidence was not collected in this snapshot's scope${why}: ${listRules(rules.map((r) => r.identifier))} cannot be evaluated.`,
      folded: new Set(parts.map((p) => p.part.reason)),
    };
  }
  const parts = rules.map((r) => ({ identifier: r.identifier, part: evaluateRule(r, ctx) }));
  if (ctx.configGaps.length === 0) return { parts };
  const touched: string[] = [];
  const lowered = parts.map(({ identifier, part }) => {
    const status = lowerForGap(part.status);
    if (status === part.status) return { identifier, part };
    touched.push(identifier);
    return { identifier, part: { status, reason: part.reason } };
  });
  if (touched.length === 0) return { parts: lowered };
  return {
    parts: lowered,
    gapReason: `AWS Config was not collected in ${describeGaps(ctx.configGaps)}: ${listRules(touched)} cannot be confirmed there.`,
  };
}

function listRules(ids: readonly string[]): string {
  return ids.length === 1 ? (ids[0] ?? '') : `${ids.length} rules (${ids.join(', ')})`;
}

function regexMatches(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  return value !== undefined && new RegExp(pattern, 'i').test(value);
}

/** Said of a citation taken from a listing saved by hand rather than from the Artifact API. */
function imported(r: { origin?: 'api' | 'import' }): string {
  return r.origin === 'import' ? ' (from an AWS Artifact listing imported by hand)' : '';
}

/** Why a listing may be incomplete: the Artifact call that lists it failed. */
function listingGap(action: string, ctx: ControlContext): string {
  const gaps = ctx.artifactGaps.filter((g) => g.action === action);
  return gaps.length > 0 ? `, but that listing was not collected (${gaps.map(describeGap).join('; ')})` : '';
}

export function matchAttestation(kindId: string, ctx: ControlContext): AttestationEvidence {
  const kind = ctx.catalog.attestationKinds.get(kindId);
  const title = kind?.title ?? kindId;
  if (!kind) return { kind: kindId, title, status: 'missing', reason: `Unknown attestation kind ${kindId}.` };
  if (!ctx.artifactCollected) {
    const why = ctx.artifactGaps.length > 0 ? ` (${ctx.artifactGaps.map(describeGap).join('; ')})` : '';
    return { kind: kindId, title, status: 'missing', reason: `AWS Artifact evidence was not collected${why}: ${title} cannot be cited.` };
  }
  const m = kind.match;
  if (kind.type === 'agreement') {
    const found = ctx.evidence.artifactAgreements
      .filter((a) => regexMatches(m.name, a.name) && regexMatches(m.agreementType, a.type))
      .sort((a, b) => b.effectiveStart.localeCompare(a.effectiveStart));
    const ended = (a: (typeof found)[number]) => a.effectiveEnd !== undefined && toDay(a.effectiveEnd) < ctx.asOf;
    const active = found.find((a) => a.state === 'ACTIVE' && !ended(a));
    if (active) return { kind: kindId, title, status: 'current', reason: `${active.name} (${active.id}${active.awsAccountId ? `, account ${active.awsAccountId}` : ''}) is ACTIVE since ${toDay(active.effectiveStart)}${imported(active)}.`, agreement: active };
    const last = found[0];
    if (last) {
      const state = last.state === 'ACTIVE' && last.effectiveEnd ? `ACTIVE but ended on ${toDay(last.effectiveEnd)}` : last.state;
      return { kind: kindId, title, status: 'inactive', reason: `${last.name} (${last.id}) is ${state}${imported(last)}.`, agreement: last };
    }
    return { kind: kindId, title, status: 'missing', reason: `No ${title} found among the AWS Artifact agreements${listingGap('artifact:ListCustomerAgreements', ctx)}.` };
  }
  const found = ctx.evidence.artifactReports
    .filter((r) => regexMatches(m.name, r.name) && regexMatches(m.category, r.category) && regexMatches(m.series, r.series))
    .sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || b.version - a.version);
  const latest = found[0];
  if (!latest) return { kind: kindId, title, status: 'missing', reason: `No ${title} found among the AWS Artifact reports${listingGap('artifact:ListReports', ctx)}.` };
  const period = `${toDay(latest.periodStart)} to ${toDay(latest.periodEnd)}`;
  const staleDays = Math.round(ctx.options.staleAfterMonths * 30.44);
  if (daysBetween(latest.periodEnd, ctx.asOf) > staleDays) {
    return { kind: kindId, title, status: 'stale', reason: `${latest.name} (version ${latest.version}) covers ${period}, which ended more than ${ctx.options.staleAfterMonths} months before ${ctx.asOf}: cite the current report${imported(latest)}.`, report: latest };
  }
  return { kind: kindId, title, status: 'current', reason: `${latest.name} (version ${latest.version}) covers ${period}${imported(latest)}.`, report: latest };
}

export function attestationPart(a: AttestationEvidence): Part {
  switch (a.status) {
    case 'current':
      return { status: 'inherited', reason: `AWS side attested: ${a.reason}` };
    case 'inactive':
      return { status: 'not-met', reason: `AWS attestation not in force: ${a.reason}` };
    default:
      return { status: 'needs-evidence', reason: a.reason };
  }
}

export function manualResult(kindId: string, ctx: ControlContext): ManualEvidenceResult {
  const kind = ctx.catalog.manualKinds.get(kindId);
  const latest = latestForKind(ctx.evidence.manualEvidence, kindId, ctx.asOf);
  const title = kind?.title ?? (kindId.startsWith('control:') ? `Control evidence: ${latest?.title ?? kindId}` : kindId);
  const status = manualStatus(latest, ctx.asOf, ctx.options.expiringWithinDays);
  return latest ? { kind: kindId, title, status, record: latest } : { kind: kindId, title, status };
}

/** Register rows may support a control directly (kind `control:<id>`): each such row is one more manual part. */
export function controlSpecificKinds(control: Control, ctx: ControlContext): string[] {
  const kind = `control:${control.id}`;
  return ctx.evidence.manualEvidence.some((r) => r.kind === kind) ? [kind] : [];
}

export function manualPart(m: ManualEvidenceResult): Part {
  switch (m.status) {
    case 'missing':
      return { status: 'needs-evidence', reason: `Manual evidence missing: ${m.title}.` };
    case 'unverified':
      return { status: 'needs-evidence', reason: `Manual evidence unverified: ${m.record?.title ?? m.title} (${m.record?.integrityDetail ?? m.record?.integrity ?? 'integrity not established'}); register it again once the file is right.` };
    case 'expired':
      return { status: 'not-met', reason: `Manual evidence expired: ${m.record?.title ?? m.title} was valid until ${m.record?.validUntil}.` };
    case 'expiring':
      return { status: 'met', reason: `Manual evidence current but expiring: ${m.record?.title ?? m.title} is valid until ${m.record?.validUntil}.` };
    default:
      return { status: 'met', reason: `Manual evidence current: ${m.record?.title ?? m.title} (collected ${m.record?.collectedOn}).` };
  }
}

function ownerFor(control: Control, owners: readonly OwnerRecord[]): OwnerRecord | undefined {
  return owners.find((o) => o.scope === control.id) ?? owners.find((o) => o.scope === control.family);
}


/**
 * Reasons, most important first: what fails, then the collection gap (said once), then the rest;
 * identical lines fold into one.
 */
export function toReasons(parts: readonly Part[], gap: Pick<AutomatedParts, 'gapReason' | 'folded'> = {}): string[] {
  const gapReason = gap.gapReason;
  const sorted = [...parts].filter((p) => !gap.folded?.has(p.reason)).sort((a, b) => STATUS_SEVERITY[a.status] - STATUS_SEVERITY[b.status]);
  const failing = sorted.filter((p) => p.status === 'not-met').map((p) => p.reason);
  const rest = sorted.filter((p) => p.status !== 'not-met').map((p) => p.reason);
  return [...new Set([...failing, ...(gapReason ? [gapReason] : []), ...rest])];
}

export function evaluateControl(control: Control, ctx: ControlContext): ControlResult {
  const automated = control.evidence.configRules.map((id) => ctx.evidence.rules.get(id) ?? emptyRuleEvidence(id));
  const attestations = control.evidence.attestations.map((k) => matchAttestation(k, ctx));
  const manual = [...control.evidence.manual, ...controlSpecificKinds(control, ctx)].map((k) => manualResult(k, ctx));
  const rules = automatedParts(automated, ctx);
  const parts: Part[] = [...rules.parts.map((p) => p.part), ...attestations.map(attestationPart), ...manual.map(manualPart)];
  if (control.responsibility.model !== 'customer' && attestations.length === 0) {
    parts.push({ status: 'needs-evidence', reason: 'The AWS side of this control names no attestation to rely on.' });
  }
  const status = parts.length === 0 ? 'needs-evidence' : combineStatuses(parts.map((p) => p.status));
  const reasons = parts.length === 0 ? ['No evidence source is mapped to this control.'] : toReasons(parts, rules);
  const owner = ownerFor(control, ctx.evidence.owners);
  return {
    controlId: control.id,
    title: control.title,
    family: control.family,
    responsibility: control.responsibility.model,
    aws: control.responsibility.aws,
    customer: control.responsibility.customer,
    services: control.responsibility.services ?? [],
    status,
    reasons,
    automated,
    attestations,
    manual,
    gaps: [...(automated.length > 0 ? ctx.configGaps : []), ...(attestations.length > 0 ? ctx.artifactGaps : [])],
    remediation: control.remediation,
    ...(owner ? { owner } : {}),
  };
}
