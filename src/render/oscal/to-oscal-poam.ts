/**
 * The plan of action and milestones: one item per requirement that is not met (a deciding check
 * fails) and one per current exception that touches this framework, each with its risk: who owns it
 * (owners.yaml), what to do (the control's remediation) and, for an exception, its compensating
 * control and the date it expires. A requirement that is partial or needs evidence has no item:
 * nothing failed; what is missing is in the assessment results as not-satisfied findings and
 * observations of what could not be assessed. Pure.
 */
import type { ControlResult, RequirementResult } from '../../domain/result.js';
import { toExceptionSummaries, type ExceptionSummary } from '../exception-summary.js';
import { toEvidenceObservations, type Observation } from './oscal-observations.js';
import { observationsOf, toFinding } from './to-oscal-assessment-results.js';
import { requirementTitle, toMetadata, toResponsibleRoles, type OscalModel } from './oscal-model.js';
import { code, dayEnd, documentUuid, line, prop, prune, uuidFor } from './oscal-text.js';

function ownerText(c: ControlResult): string | undefined {
  return c.owner ? `${c.owner.responsible} (A: ${c.owner.accountable})` : undefined;
}

/** The POA&M, or undefined when nothing is to be tracked (OSCAL wants at least one item). */
export function toPoam(model: OscalModel) {
  const { result } = model.input.pack;
  const fw = result.framework;
  const obs = toEvidenceObservations(model);
  const used = new Set<Observation>();
  const byUuid = new Map(obs.observations.map((o) => [o.uuid, o]));
  const findings: unknown[] = [];
  const risks: unknown[] = [];
  const items: unknown[] = [];

  const failingControls = (req: RequirementResult): ControlResult[] => {
    const ids = [...new Set(req.deciding.filter((p) => p.status === 'not-met' && p.controlId).map((p) => p.controlId as string))];
    const cs = ids.map((id) => result.controls.get(id)).filter((c): c is ControlResult => c !== undefined);
    return cs.length > 0 ? cs : req.controls.map((id) => result.controls.get(id)).filter((c): c is ControlResult => c !== undefined);
  };

  for (const req of model.requirements.filter((r) => r.status === 'not-met')) {
    const controls = failingControls(req);
    const { deciding } = observationsOf(obs, req);
    const failed = deciding.filter((o) => req.deciding.some((p) => p.status === 'not-met' && obs.of(p.kind, p.id) === o));
    const related = failed.length > 0 ? failed : deciding;
    for (const o of related) used.add(o);
    const finding = toFinding(model, obs, req);
    for (const r of finding['related-observations']) used.add(byUuid.get(r['observation-uuid']) as Observation);
    findings.push(finding);
    const riskUuid = uuidFor('risk', fw.id, 'requirement', req.requirementId, model.snapshotId);
    const owners = controls.map(ownerText).filter((x): x is string => x !== undefined);
    risks.push({
      uuid: riskUuid,
      title: line(`${requirementTitle(req)}: not met`),
      description: `${fw.name} ${req.requirementId} is not met (${req.frameworkStatus}): a check that decides it fails.`,
      statement: req.reasons.map((r) => `- ${code(r)}`).join('\n') || 'A deciding check fails.',
      props: [prop('status', req.status), prop('framework-status', req.frameworkStatus)],
      status: 'open',
      remediations: controls.map((c) => ({
        uuid: uuidFor('remediation', fw.id, req.requirementId, c.controlId),
        lifecycle: 'planned',
        title: line(`Remediate: ${c.title}`),
        description: c.remediation,
        props: [prop('common-control', c.controlId)],
        tasks: [{
          uuid: uuidFor('task', fw.id, req.requirementId, c.controlId),
          type: 'action',
          title: line(`Remediate ${c.title}`),
          'responsible-roles': toResponsibleRoles(model, model.ownersOf([c])),
        }],
      })),
      'related-observations': related.map((o) => ({ 'observation-uuid': o.uuid })),
    });
    items.push({
      uuid: uuidFor('poam-item', fw.id, 'requirement', req.requirementId),
      title: line(`${requirementTitle(req)}: not met`),
      description: `${req.reasons[0] ? code(req.reasons[0]) : 'A deciding check fails.'}\n\nRemediation: ${controls.map((c) => c.remediation).join(' ')}`,
      props: [
        prop('item-type', 'requirement-not-met'),
        prop('requirement', req.requirementId),
        prop('status', req.status),
        prop('framework-status', req.frameworkStatus),
        ...owners.map((o) => prop('owner', o)),
      ],
      'related-findings': [{ 'finding-uuid': finding.uuid }],
      'related-observations': related.map((o) => ({ 'observation-uuid': o.uuid })),
      'related-risks': [{ 'risk-uuid': riskUuid }],
    });
  }

  const relevant = (s: ExceptionSummary) => s.status === 'current' && (s.exception.requirement !== undefined ? s.requirements.length > 0 : s.resultsCovered > 0);
  for (const s of toExceptionSummaries(model.input.pack).filter(relevant)) {
    const ex = s.exception;
    const ruleObs = ex.ruleIdentifier ? obs.of('rule', ex.ruleIdentifier) : undefined;
    if (ruleObs) used.add(ruleObs);
    const reqs = s.requirements.map((id) => model.requirements.find((r) => r.requirementId === id)).filter((r): r is RequirementResult => r !== undefined);
    const controls = [...new Map(reqs.flatMap((r) => r.deciding.filter((p) => (ex.ruleIdentifier ? p.id === ex.ruleIdentifier : true) && p.controlId).map((p) => result.controls.get(p.controlId as string))).filter((c): c is ControlResult => c !== undefined).map((c) => [c.controlId, c])).values()];
    const riskUuid = uuidFor('risk', fw.id, 'exception', ex.id, model.snapshotId);
    risks.push({
      uuid: riskUuid,
      title: line(`Exception ${ex.id}: ${s.covers}`),
      description: `${code(ex.reason)}`,
      statement: `Risk accepted by ${code(ex.approver)} on ${ex.approvedOn}, in force until ${ex.expiresOn}. Covers ${code(s.covers)}${s.resultsCovered > 0 ? `: ${s.resultsCovered} NON_COMPLIANT result(s) in this framework's scope` : ''}; requirements: ${s.requirements.join(', ') || 'none'}.`,
      props: [prop('exception-id', ex.id), prop('approver', ex.approver), prop('approved-on', ex.approvedOn), prop('expires-on', ex.expiresOn)],
      status: 'deviation-approved',
      'mitigating-factors': [{ uuid: uuidFor('mitigating-factor', fw.id, ex.id), description: `Compensating control: ${code(ex.compensatingControl)}` }],
      deadline: dayEnd(ex.expiresOn),
      remediations: [{
        uuid: uuidFor('remediation', fw.id, 'exception', ex.id),
        lifecycle: 'planned',
        title: line(`Remediate or review ${ex.id} before ${ex.expiresOn}`),
        description: `When the exception expires on ${ex.expiresOn} it no longer applies: remediate before then, or have it reviewed and approved again.${controls.length > 0 ? `\n\n${controls.map((c) => `- **${c.title}**: ${c.remediation}`).join('\n')}` : ''}`,
        tasks: [{
          uuid: uuidFor('task', fw.id, 'exception', ex.id),
          type: 'milestone',
          title: line(`Exception ${ex.id} expires`),
          timing: { 'on-date': { date: dayEnd(ex.expiresOn) } },
          'responsible-roles': toResponsibleRoles(model, model.ownersOf(controls)),
        }],
      }],
      ...(ruleObs ? { 'related-observations': [{ 'observation-uuid': ruleObs.uuid }] } : {}),
    });
    items.push({
      uuid: uuidFor('poam-item', fw.id, 'exception', ex.id),
      title: line(`Exception ${ex.id}: ${s.covers}`),
      description: `${code(ex.reason)}\n\nCompensating control: ${code(ex.compensatingControl)}\n\nExpires ${ex.expiresOn}.`,
      props: [
        prop('item-type', 'exception'),
        prop('exception-id', ex.id),
        prop('expires-on', ex.expiresOn),
        prop('approver', ex.approver),
        ...s.requirements.map((r) => prop('requirement', r)),
        ...controls.map(ownerText).filter((x): x is string => x !== undefined).map((o) => prop('owner', o)),
      ],
      ...(ruleObs ? { 'related-observations': [{ 'observation-uuid': ruleObs.uuid }] } : {}),
      'related-risks': [{ 'risk-uuid': riskUuid }],
    });
  }

  if (items.length === 0) return undefined;
  const cited = new Set([...used].flatMap((o) => (o['relevant-evidence'] ?? []).map((e) => e.href)));
  const body = prune({
    metadata: toMetadata(model, `${model.organisation}: ${fw.name} ${fw.version} plan of action and milestones, ${model.asOfDay}`, {
      props: [prop('framework-id', fw.id)],
      remarks: 'One item per requirement that is not met and per current exception that touches this framework. Requirements that are partial or need evidence are not items (nothing failed); the assessment results list them as not-satisfied findings.',
    }),
    'import-ssp': { href: `./${model.files.ssp}` },
    'system-id': { 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: uuidFor('system', model.organisation, fw.id) },
    observations: obs.observations.filter((o) => used.has(o)),
    risks,
    findings,
    'poam-items': items,
    'back-matter': { resources: obs.resources.filter((r) => cited.has(`#${r.uuid}`)) },
  });
  return { 'plan-of-action-and-milestones': { uuid: documentUuid(`poam|${fw.id}`, body), ...body } };
}
