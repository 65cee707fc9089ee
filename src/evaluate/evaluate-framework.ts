/** A framework's requirements from the evidence that tests each: pure roll-up, headings included. */
import { describeDeclaration, isDeclarationCurrent, type ApplicabilityDeclaration } from '../domain/applicability.js';
import type { Catalog, Framework, Reporting } from '../domain/catalog.js';
import type { ControlResult, EvidenceSummary, FrameworkResult, RequirementResult, ScopeSummary } from '../domain/result.js';
import type { ExceptionRecord } from '../domain/snapshot.js';
import { isExceptionCurrent } from '../domain/exceptions.js';
import { inScopeLocation } from '../domain/scope.js';
import { appliesOnlyTo } from '../domain/requirement-properties.js';
import { toFrameworkCatalogChanges } from '../domain/framework-catalog-changes.js';
import { RESPONSIBILITIES, SHORTFALL_STATUSES, STATUSES, STATUS_LABELS, type Responsibility, type Status } from '../domain/status.js';
import { combineStatuses } from './combine-statuses.js';
import { evaluateControl, toControlContext, type EvaluationOptions } from './evaluate-control.js';
import { evaluateRequirement } from './evaluate-requirement.js';

/**
 * A current exception naming the requirement turns a shortfall into accepted-risk, with the
 * approval and compensating control in the reasons, worded for every framework (PCI DSS reads it as
 * a compensating control, In Place with CCW, never as a risk acceptance); a lapsed one is listed and not applied.
 */
export function applyRequirementExceptions(
  key: string,
  status: Status,
  reasons: string[],
  exceptions: readonly ExceptionRecord[],
  day: string,
): { status: Status; reasons: string[]; exceptionId?: string } {
  const mine = exceptions.filter((e) => e.requirement === key).sort((a, b) => a.id.localeCompare(b.id));
  const lapsed = mine.filter((e) => !isExceptionCurrent(e, day)).map((e) => `Exception ${e.id} (${e.approvedOn} to ${e.expiresOn}) is not in force on ${day}: not applied.`);
  const current = mine.find((e) => isExceptionCurrent(e, day));
  if (current && SHORTFALL_STATUSES.has(status)) {
    return {
      status: 'accepted-risk',
      reasons: [
        `Exception ${current.id}, approved by ${current.approver} on ${current.approvedOn}, until ${current.expiresOn}, is in force: ${current.reason} Compensating control: ${current.compensatingControl}`,
        ...reasons,
        ...lapsed,
      ],
      exceptionId: current.id,
    };
  }
  return { status, reasons: [...reasons, ...lapsed] };
}

/**
 * An applicability declaration in force (on the requirement, or on a heading above it, such as a
 * PCI DSS appendix): not applicable sets the requirement aside (the evidence
 * stays listed, and a failure it shows is pointed out); a documented alternative turns a shortfall
 * of an addressable specification into accepted-risk. A lapsed one is listed and not applied.
 */
export function applyDeclaration(
  keys: readonly string[],
  status: Status,
  reasons: string[],
  declarations: readonly ApplicabilityDeclaration[],
  day: string,
): { status: Status; reasons: string[]; declaration?: ApplicabilityDeclaration } {
  // The requirement's own declaration, else the nearest heading's above it (keys: itself first).
  const d = keys.map((k) => declarations.find((x) => x.requirement === k)).find((x) => x !== undefined);
  if (!d) return { status, reasons };
  if (!isDeclarationCurrent(d, day)) {
    const when = d.approvedOn > day ? `approved only on ${d.approvedOn}` : `due for review by ${d.reviewBy ?? ''}`;
    return { status, reasons: [...reasons, `Declaration (${d.decision}) is not in force on ${day} (${when}): not applied.`] };
  }
  if (d.decision === 'not-applicable') {
    const caution = status === 'not-met' ? ['Its deciding evidence nevertheless shows a failure: confirm the declaration.'] : [];
    return { status: 'not-applicable', reasons: [describeDeclaration(d), ...caution, ...reasons], declaration: d };
  }
  if (SHORTFALL_STATUSES.has(status)) return { status: 'accepted-risk', reasons: [describeDeclaration(d), ...reasons], declaration: d };
  return { status, reasons: [...reasons, describeDeclaration(d)], declaration: d };
}

/** The framework's own word for a status; srmap's label where the framework file declares none. */
export function toFrameworkStatus(reporting: Reporting | undefined, status: Status, declaration: ApplicabilityDeclaration | undefined): string {
  if (!reporting) return STATUS_LABELS[status];
  if (declaration?.decision === 'alternative' && status === 'accepted-risk') return reporting.alternative ?? reporting.terms['accepted-risk'];
  if (declaration?.decision === 'not-applicable' && status === 'not-applicable') return reporting.declaredNotApplicable ?? reporting.terms['not-applicable'];
  return reporting.terms[status];
}

function toScopeSummary(evidence: EvidenceSummary): ScopeSummary {
  const scope = evidence.scope;
  const m = evidence.manifest;
  const regions = [...new Set([...m.scope.regions, ...m.sources.map((s) => s.region).filter((r): r is string => r !== undefined)])].sort();
  return {
    scope,
    results: { inScope: evidence.totals.evaluations, outOfScope: evidence.outOfScopeResults },
    gaps: evidence.scopeGaps,
    accountsOutOfScope: m.scope.accounts.map((a) => a.id).filter((a) => !inScopeLocation(scope, a, undefined)).sort(),
    regionsOutOfScope: regions.filter((r) => !inScopeLocation(scope, undefined, r)),
  };
}

/**
 * Evaluates one framework over the evidence of its scope. Control results are shared across
 * frameworks of the same scope when the caller passes the same `controlCache`.
 */
export function evaluateFramework(
  framework: Framework,
  catalog: Catalog,
  evidence: EvidenceSummary,
  options: EvaluationOptions = {},
  controlCache: Map<string, ControlResult> = new Map(),
): FrameworkResult {
  const ctx = toControlContext(catalog, evidence, options);
  const serviceProvider = evidence.manifest.organisation.serviceProvider === true;
  const depthOf = new Map<string, number>();
  const controls = new Map<string, ControlResult>();
  const requirements: RequirementResult[] = [];
  const parentOf = new Map(framework.requirements.map((r) => [r.id, r.parent]));
  const controlResult = (id: string): ControlResult | undefined => {
    let r = controlCache.get(id);
    if (!r) {
      const control = catalog.controls.get(id);
      if (!control) return undefined; // check-catalog reports unknown ids before evaluation runs
      r = evaluateControl(control, ctx);
      controlCache.set(id, r);
    }
    return r;
  };

  for (const req of framework.requirements) {
    const depth = req.parent === undefined ? 0 : (depthOf.get(req.parent) ?? 0) + 1;
    depthOf.set(req.id, depth);
    for (const id of [...req.controls, ...(req.supportedBy ?? [])]) {
      const r = controlResult(id);
      if (r) controls.set(id, r);
    }
    const key = `${framework.id}:${req.id}`;
    let result: Pick<RequirementResult, 'status' | 'reasons' | 'responsibility' | 'deciding' | 'supporting'> & { exceptionId?: string; declaration?: ApplicabilityDeclaration };
    if (!req.assessable) {
      result = { status: 'not-applicable', reasons: [], responsibility: 'customer', deciding: [], supporting: [] };
    } else {
      const evaluated = evaluateRequirement(req, ctx);
      let { status, reasons } = evaluated;
      let exceptionId: string | undefined;
      let declaration: ApplicabilityDeclaration | undefined;
      if (!serviceProvider && appliesOnlyTo(framework.properties, req.properties, 'service-providers')) {
        status = 'not-applicable';
        reasons = ['Applies to service providers only; the organisation is not assessed as a service provider.'];
      } else {
        const declared = applyDeclaration(ancestry(req.id, parentOf).map((id) => `${framework.id}:${id}`), status, reasons, evidence.declarations, ctx.asOf);
        ({ status, reasons, declaration } = declared);
        if (!declaration) {
          const accepted = applyRequirementExceptions(key, status, reasons, evidence.exceptions, ctx.asOf);
          ({ status, reasons, exceptionId } = accepted);
        }
      }
      result = {
        status,
        reasons,
        responsibility: evaluated.responsibility,
        deciding: evaluated.deciding,
        supporting: evaluated.supporting,
        ...(exceptionId === undefined ? {} : { exceptionId }),
        ...(declaration === undefined ? {} : { declaration }),
      };
    }
    requirements.push({
      requirementId: req.id,
      ...(req.parent === undefined ? {} : { parent: req.parent }),
      title: req.title,
      ...(req.description === undefined ? {} : { description: req.description }),
      assessable: req.assessable,
      depth,
      ...result,
      frameworkStatus: toFrameworkStatus(framework.reporting, result.status, result.declaration),
      controls: [...req.controls],
      supportingControls: [...(req.supportedBy ?? [])],
      ...(req.properties === undefined ? {} : { properties: { ...req.properties } }),
    });
  }
  rollUpHeadings(requirements);

  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const byResponsibility = Object.fromEntries(RESPONSIBILITIES.map((r) => [r, 0])) as Record<Responsibility, number>;
  let assessable = 0;
  for (const r of requirements) {
    if (!r.assessable) continue;
    assessable += 1;
    byStatus[r.status] += 1;
    byResponsibility[r.responsibility] += 1;
  }
  const catalogChanges = toFrameworkCatalogChanges(catalog, framework);
  return {
    framework: {
      id: framework.id,
      name: framework.name,
      version: framework.version,
      publisher: framework.publisher,
      description: framework.description,
      ...(framework.properties === undefined ? {} : { properties: framework.properties }),
      ...(framework.workbookSheets === undefined ? {} : { workbookSheets: framework.workbookSheets }),
    },
    requirements,
    controls,
    counts: { byStatus, byResponsibility, assessable },
    scope: toScopeSummary(evidence),
    ...(catalogChanges === undefined ? {} : { catalogChanges }),
    ...(framework.reporting
      ? { reporting: { vocabulary: framework.reporting.vocabulary, terms: { ...framework.reporting.terms }, ...(framework.reporting.notes ? { notes: framework.reporting.notes } : {}) } }
      : {}),
  };
}

/** The id and the ids of every heading above it, nearest first. */
function ancestry(id: string, parentOf: ReadonlyMap<string, string | undefined>): string[] {
  const out: string[] = [];
  for (let p: string | undefined = id; p !== undefined && !out.includes(p); p = parentOf.get(p)) out.push(p);
  return out;
}

/** A heading's status and responsibility roll up from the requirements under it (for the outline). */
function rollUpHeadings(requirements: RequirementResult[]): void {
  const children = new Map<string, RequirementResult[]>();
  for (const r of requirements) {
    if (r.parent === undefined) continue;
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  // Deepest first, so a heading's own heading children are settled before it.
  for (const r of [...requirements].sort((a, b) => b.depth - a.depth)) {
    if (r.assessable) continue;
    const kids = children.get(r.requirementId) ?? [];
    r.status = kids.length === 0 ? 'not-applicable' : combineStatuses(kids.map((k) => k.status));
    const models = new Set(kids.map((k) => k.responsibility));
    r.responsibility = models.size === 1 ? ([...models][0] ?? 'customer') : 'shared';
  }
}
