/**
 * One framework's page data from the pack's evaluation (PackInput, the same the CSVs and PDF are
 * written from) and its evidence.csv's digest (render/evidence-digest.ts, made by the writer of
 * evidence.csv). Every string that came from AWS or a user's files is made visible (toVisibleText)
 * here, once. Pure.
 */
import { describeDeclaration } from '../../domain/applicability.js';
import { toDay } from '../../domain/dates.js';
import { toRequirementProperties } from '../../domain/requirement-properties.js';
import type { ControlResult, PackInput, RequirementResult } from '../../domain/result.js';
import { RESPONSIBILITIES, STATUS_DISPLAY_ORDER, STATUS_VOCABULARY } from '../../domain/status.js';
import { LIMIT_EFFECT_LABELS } from '../../domain/snapshot.js';
import { toVisibleText } from '../../domain/visible-text.js';
import type { EvidenceDigest } from '../evidence-digest.js';
import { PAGE_FORMAT, type PageChanges, type PageControl, type PageData, type PageGap, type PageLimit, type PageRequirement, type PageRule } from './page-data.js';

const unique = (values: Iterable<string>) => [...new Set([...values].filter((v) => v !== ''))].sort();

function toPageRequirement(input: PackInput, req: RequirementResult): PageRequirement {
  const controls = req.controls.flatMap((id) => {
    const c = input.result.controls.get(id);
    return c ? [c] : [];
  });
  return {
    id: req.requirementId,
    ...(req.parent ? { parent: req.parent } : {}),
    title: req.title,
    status: req.status,
    frameworkStatus: req.frameworkStatus,
    responsibility: req.responsibility,
    reasons: req.reasons,
    controls: req.controls,
    supportingControls: req.supportingControls,
    deciding: req.deciding,
    supporting: req.supporting,
    families: unique(controls.map((c) => c.family)),
    owners: unique(controls.map((c) => c.owner?.responsible ?? '')),
    properties: toRequirementProperties(input.result.framework.properties, req.properties).map((p) => ({ title: p.declaration?.title ?? p.name, value: p.term?.label ?? p.value })),
    ...(req.exceptionId ? { exceptionId: req.exceptionId } : {}),
    ...(req.declaration ? { declaration: describeDeclaration(req.declaration) } : {}),
  };
}

function toPageControl(c: ControlResult): PageControl {
  return {
    id: c.controlId,
    title: c.title,
    family: c.family,
    responsibility: c.responsibility,
    aws: c.aws,
    customer: c.customer,
    services: c.services.map((s) => ({ service: s.service, model: s.model, aws: s.aws, customer: s.customer })),
    status: c.status,
    remediation: c.remediation,
    ...(c.owner ? { owner: { responsible: c.owner.responsible, accountable: c.owner.accountable, ...(c.owner.consulted ? { consulted: c.owner.consulted } : {}), ...(c.owner.informed ? { informed: c.owner.informed } : {}) } } : {}),
    manual: c.manual.map((m) => ({
      kind: m.kind,
      title: m.title,
      status: m.status,
      ...(m.record
        ? {
            record: {
              id: m.record.id, title: m.record.title, owner: m.record.owner, collectedOn: m.record.collectedOn, validUntil: m.record.validUntil, location: m.record.location,
              ...(m.record.sha256 ? { sha256: m.record.sha256 } : {}),
              ...(m.record.integrity ? { integrity: m.record.integrity } : {}),
            },
          }
        : {}),
    })),
    attestations: c.attestations.map((a) => ({
      kind: a.kind,
      title: a.title,
      status: a.status,
      reason: a.reason,
      ...(a.report ? { report: { id: a.report.id, name: a.report.name, version: a.report.version, periodStart: a.report.periodStart, periodEnd: a.report.periodEnd } } : {}),
      ...(a.agreement ? { agreement: { id: a.agreement.id, name: a.agreement.name, state: a.agreement.state } } : {}),
    })),
  };
}

/** Rules with results in scope, and the rules requirements name that have none (deployed nowhere in scope). */
function toPageRules(input: PackInput, seen: PageRule[]): PageRule[] {
  const byId = new Map(seen.map((r) => [r.id, r]));
  const deciding = new Map<string, string[]>();
  const supporting = new Map<string, string[]>();
  for (const req of input.result.requirements) {
    if (!req.assessable) continue;
    for (const p of req.deciding) if (p.kind === 'rule') deciding.set(p.id, [...(deciding.get(p.id) ?? []), req.requirementId]);
    for (const p of req.supporting) supporting.set(p.id, [...(supporting.get(p.id) ?? []), req.requirementId]);
  }
  for (const id of new Set([...deciding.keys(), ...supporting.keys()])) {
    if (byId.has(id)) continue;
    byId.set(id, {
      id,
      ruleNames: input.evidence.rules.get(id)?.ruleNames ?? [],
      counts: { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 },
      locations: [],
      deciding: [...new Set(deciding.get(id) ?? [])],
      supporting: [...new Set(supporting.get(id) ?? [])],
    });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function toPageChanges(input: PackInput): PageChanges | undefined {
  const diff = input.changes;
  if (!diff) return undefined;
  const mine = diff.requirements.find((r) => r.framework === input.result.framework.id);
  const t = diff.resources.totals;
  return {
    since: toDay(diff.before.createdAt),
    previousSnapshotId: diff.before.id,
    requirements: (mine?.changes ?? []).filter((c) => c.change !== 'unchanged').map((c) => ({ id: c.requirementId, title: c.title, before: c.before, after: c.after, change: c.change, reason: c.reason })),
    resources: { newlyFailing: t.newlyFailing, newlyFixed: t.newlyFixed, noLongerEvaluated: t.noLongerEvaluated, stillFailing: t.stillFailing },
  };
}

/** Every string in `value` through toVisibleText (control and invisible characters shown as \u{XXXX}). */
function visible<T>(value: T): T {
  if (typeof value === 'string') return toVisibleText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => visible(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = visible(v);
    return out as T;
  }
  return value;
}

export function toPageData(input: PackInput, evidence: EvidenceDigest, options: { generatedBy: string }): PageData {
  const { result } = input;
  const manifest = input.evidence.manifest;
  const scope = result.scope.scope;
  const gaps: PageGap[] = [
    ...result.scope.gaps.inScope.map((g) => ({ g, inScope: true })),
    ...result.scope.gaps.outOfScope.map((g) => ({ g, inScope: false })),
  ].map(({ g, inScope }) => ({ source: g.source, account: g.account ?? '', region: g.region ?? '', code: g.code, message: g.message, action: g.action ?? '', inScope }));
  const controls: Record<string, PageControl> = {};
  for (const id of [...result.controls.keys()].sort()) {
    const c = result.controls.get(id);
    if (c) controls[id] = toPageControl(c);
  }
  const changes = toPageChanges(input);
  return visible({
    format: PAGE_FORMAT,
    generatedBy: options.generatedBy,
    framework: { id: result.framework.id, name: result.framework.name, version: result.framework.version, publisher: result.framework.publisher },
    organisation: manifest.organisation.name,
    asOf: toDay(manifest.createdAt),
    snapshotId: manifest.id,
    statuses: STATUS_DISPLAY_ORDER.map((id) => ({ id, label: STATUS_VOCABULARY[id].label, definition: STATUS_VOCABULARY[id].definition })),
    responsibilities: [...RESPONSIBILITIES],
    ...(result.reporting ? { reporting: { vocabulary: result.reporting.vocabulary, terms: result.reporting.terms } } : {}),
    counts: result.counts,
    scope: {
      declared: scope.declared,
      ...(scope.description ? { description: scope.description } : {}),
      ...(scope.accounts ? { accounts: [...scope.accounts] } : {}),
      ...(scope.regions ? { regions: [...scope.regions] } : {}),
      ...(scope.tags ? { tags: Object.entries(scope.tags).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`) } : {}),
      results: result.scope.results,
      accountsOutOfScope: result.scope.accountsOutOfScope,
      regionsOutOfScope: result.scope.regionsOutOfScope,
    },
    gaps,
    limits: (manifest.limits ?? []).map((l): PageLimit => ({ source: l.source, route: l.route, code: l.code, effect: l.effect, effectLabel: LIMIT_EFFECT_LABELS[l.effect], leavesOut: l.effect !== 'not-checked', complianceTypes: [...(l.complianceTypes ?? [])], message: l.message })),
    requirements: result.requirements.filter((r) => r.assessable).map((r) => toPageRequirement(input, r)),
    controls,
    rules: toPageRules(input, evidence.rules),
    failing: evidence.failing,
    ...(input.history ? { history: input.history.map((h) => ({ asOf: h.asOf, snapshotId: h.snapshotId, byStatus: h.byStatus, failingResults: h.failingResults, gaps: h.gaps })) } : {}),
    ...(changes ? { changes } : {}),
  });
}
