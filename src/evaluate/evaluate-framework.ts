/** A framework's requirements from its controls' results: pure roll-up, headings included. */
import type { Catalog, Framework } from '../domain/catalog.js';
import type { ControlResult, EvidenceSummary, FrameworkResult, RequirementResult } from '../domain/result.js';
import type { ExceptionRecord } from '../domain/snapshot.js';
import { isExceptionCurrent } from '../domain/exceptions.js';
import { RESPONSIBILITIES, STATUSES, type Responsibility, type Status } from '../domain/status.js';
import { combineStatuses } from './combine-statuses.js';
import { evaluateControl, toControlContext, type EvaluationOptions } from './evaluate-control.js';

function responsibilityOf(controls: readonly ControlResult[]): Responsibility {
  if (controls.length === 0) return 'customer';
  if (controls.every((c) => c.responsibility === 'inherited')) return 'inherited';
  if (controls.every((c) => c.responsibility === 'customer')) return 'customer';
  return 'shared';
}

const ROLLUP_ORDER: Record<Status, number> = {
  'not-met': 0,
  'needs-evidence': 1,
  partial: 2,
  'accepted-risk': 3,
  inherited: 4,
  met: 5,
  'not-applicable': 6,
};

function requirementReasons(status: Status, controls: readonly ControlResult[]): string[] {
  if (controls.length === 0) return ['No common control is mapped: evidence must be supplied manually.'];
  const sorted = [...controls].sort((a, b) => ROLLUP_ORDER[a.status] - ROLLUP_ORDER[b.status] || a.controlId.localeCompare(b.controlId));
  const deciding = status === 'met' || status === 'inherited' || status === 'not-applicable'
    ? sorted
    : sorted.filter((c) => c.status !== 'met' && c.status !== 'inherited' && c.status !== 'not-applicable');
  return deciding.map((c) => `${c.title} (${c.status}): ${c.reasons[0] ?? ''}`.trim());
}

const ACCEPTABLE: ReadonlySet<Status> = new Set(['not-met', 'partial', 'needs-evidence']);

/**
 * A current exception naming the requirement turns a shortfall into accepted-risk, with the
 * approval in the reasons; a lapsed one is listed and not applied.
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
  if (current && ACCEPTABLE.has(status)) {
    return {
      status: 'accepted-risk',
      reasons: [
        `Risk accepted under exception ${current.id}, approved by ${current.approver} on ${current.approvedOn}, until ${current.expiresOn}: ${current.reason} Compensating control: ${current.compensatingControl}`,
        ...reasons,
        ...lapsed,
      ],
      exceptionId: current.id,
    };
  }
  return { status, reasons: [...reasons, ...lapsed] };
}

/**
 * Evaluates one framework. Control results are shared across frameworks when the caller passes
 * the same `controlCache` (a control is evaluated once however many requirements name it).
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

  for (const req of framework.requirements) {
    const depth = req.parent === undefined ? 0 : (depthOf.get(req.parent) ?? 0) + 1;
    depthOf.set(req.id, depth);
    const results: ControlResult[] = [];
    for (const id of req.controls) {
      let r = controlCache.get(id);
      if (!r) {
        const control = catalog.controls.get(id);
        if (!control) continue; // check-catalog reports unknown ids before evaluation runs
        r = evaluateControl(control, ctx);
        controlCache.set(id, r);
      }
      controls.set(id, r);
      results.push(r);
    }
    let status: Status;
    let reasons: string[];
    let exceptionId: string | undefined;
    if (!req.assessable) {
      status = combineStatuses(results.map((r) => r.status));
      reasons = [];
    } else if (req.serviceProviderOnly && !serviceProvider) {
      status = 'not-applicable';
      reasons = ['Applies to service providers only; the organisation is not assessed as a service provider.'];
    } else {
      status = results.length === 0 ? 'needs-evidence' : combineStatuses(results.map((r) => r.status));
      reasons = requirementReasons(status, results);
      const accepted = applyRequirementExceptions(`${framework.id}:${req.id}`, status, reasons, evidence.exceptions, ctx.asOf);
      status = accepted.status;
      reasons = accepted.reasons;
      exceptionId = accepted.exceptionId;
    }
    requirements.push({
      requirementId: req.id,
      ...(req.parent === undefined ? {} : { parent: req.parent }),
      title: req.title,
      ...(req.description === undefined ? {} : { description: req.description }),
      assessable: req.assessable,
      depth,
      status,
      reasons,
      responsibility: responsibilityOf(results),
      controls: [...req.controls],
      ...(req.hipaaType === undefined ? {} : { hipaaType: req.hipaaType }),
      ...(req.serviceProviderOnly === undefined ? {} : { serviceProviderOnly: req.serviceProviderOnly }),
      ...(exceptionId === undefined ? {} : { exceptionId }),
    });
  }

  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const byResponsibility = Object.fromEntries(RESPONSIBILITIES.map((r) => [r, 0])) as Record<Responsibility, number>;
  let assessable = 0;
  for (const r of requirements) {
    if (!r.assessable) continue;
    assessable += 1;
    byStatus[r.status] += 1;
    byResponsibility[r.responsibility] += 1;
  }
  return {
    framework: {
      id: framework.id,
      name: framework.name,
      version: framework.version,
      publisher: framework.publisher,
      description: framework.description,
    },
    requirements,
    controls,
    counts: { byStatus, byResponsibility, assessable },
  };
}
