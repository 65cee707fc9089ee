/**
 * The assessment plan (what srmap assesses and how) and the assessment results: one result for the
 * snapshot, an observation per piece of evidence, and a finding per assessable requirement,
 * `satisfied` or `not-satisfied` with the framework's own term as a property, linked to the
 * observations that decide it and, marked as not deciding, those that only support it. Pure.
 */
import type { RequirementResult } from '../../domain/result.js';
import type { Status } from '../../domain/status.js';
import { toEvidenceObservations, type EvidenceObservations, type Observation } from './oscal-observations.js';
import { requirementTitle, toMetadata, type OscalModel } from './oscal-model.js';
import { code, documentUuid, line, prop, prune, statementId, uuidFor } from './oscal-text.js';

/**
 * A finding's state: only evidence that shows a requirement met (or AWS's attestation for its part,
 * or a current exception's compensating control, or a declared non-applicability) satisfies it.
 */
export const FINDING_STATE: Readonly<Record<Status, { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other' }>> = {
  met: { state: 'satisfied', reason: 'pass' },
  inherited: { state: 'satisfied', reason: 'pass' },
  'accepted-risk': { state: 'satisfied', reason: 'other' },
  'not-applicable': { state: 'satisfied', reason: 'other' },
  'not-met': { state: 'not-satisfied', reason: 'fail' },
  partial: { state: 'not-satisfied', reason: 'other' },
  'needs-evidence': { state: 'not-satisfied', reason: 'other' },
};

export function reviewedControls(model: OscalModel) {
  return {
    description: `Every assessable requirement of ${model.input.pack.result.framework.name}.`,
    'control-selections': [{ 'include-controls': model.requirements.map((r) => ({ 'control-id': model.tokens.get(r.requirementId) as string })) }],
  };
}

/**
 * The deciding observations of a requirement (its deciding evidence and the gaps that lowered it),
 * then the supporting ones, then the limits of the route its deciding evidence was collected by.
 */
export function observationsOf(obs: EvidenceObservations, req: RequirementResult): { deciding: Observation[]; supporting: Observation[]; limits: Observation[] } {
  const deciding: Observation[] = [];
  for (const p of req.deciding) {
    const o = obs.of(p.kind, p.id);
    if (o && !deciding.includes(o)) deciding.push(o);
  }
  for (const g of obs.gapsOf(req)) if (!deciding.includes(g)) deciding.push(g);
  const supporting: Observation[] = [];
  for (const p of req.supporting) {
    const o = obs.of(p.kind, p.id);
    if (o && !deciding.includes(o) && !supporting.includes(o)) supporting.push(o);
  }
  return { deciding, supporting, limits: obs.limitsOf(req) };
}

export function findingUuid(model: OscalModel, req: RequirementResult): string {
  return uuidFor('finding', model.snapshotId, model.frameworkId, req.requirementId);
}

export function toFinding(model: OscalModel, obs: EvidenceObservations, req: RequirementResult) {
  const { deciding, supporting, limits } = observationsOf(obs, req);
  const s = FINDING_STATE[req.status];
  const parts = (list: RequirementResult['deciding']) => list.map((p) => `- ${p.kind} ${code(p.id)}: ${p.status}. ${code(p.reason)}`).join('\n');
  return {
    uuid: findingUuid(model, req),
    title: line(requirementTitle(req)),
    description: [
      `srmap status: ${req.status}; ${model.input.pack.result.framework.name}: ${req.frameworkStatus}.`,
      req.deciding.length > 0 ? `Decided by:\n\n${parts(req.deciding)}` : 'No evidence decides it.',
      req.supporting.length > 0 ? `Supporting evidence (shown, never decides):\n\n${parts(req.supporting)}` : '',
    ].filter((x) => x !== '').join('\n\n'),
    props: [
      prop('status', req.status),
      prop('framework-status', req.frameworkStatus),
      prop('responsibility', req.responsibility),
      ...(req.exceptionId ? [prop('exception-id', req.exceptionId)] : []),
      ...(req.declaration ? [prop('declaration', req.declaration.decision)] : []),
      ...deciding.map((o) => prop('deciding-observation', o.uuid)),
      ...supporting.map((o) => prop('supporting-observation', o.uuid)),
      ...limits.map((o) => prop('limit-observation', o.uuid)),
    ],
    target: {
      type: 'statement-id',
      'target-id': statementId(model.tokens.get(req.requirementId) as string),
      status: { state: s.state, reason: s.reason },
    },
    'related-observations': [...deciding, ...supporting, ...limits].map((o) => ({ 'observation-uuid': o.uuid })),
    ...(req.reasons.length > 0 ? { remarks: req.reasons.map((r) => `- ${code(r)}`).join('\n') } : {}),
  };
}

export function toAssessmentPlan(model: OscalModel) {
  const fw = model.input.pack.result.framework;
  const activity = (name: string, title: string, description: string, method: string) => ({
    uuid: uuidFor('activity', fw.id, name),
    title,
    description,
    props: [{ name: 'method', value: method }],
  });
  const body = prune({
    metadata: toMetadata(model, `${model.organisation}: ${fw.name} ${fw.version} assessment plan (srmap)`, { props: [prop('framework-id', fw.id)] }),
    'import-ssp': { href: `./${model.files.ssp}` },
    'local-definitions': {
      activities: [
        activity('config', 'Evaluate AWS Config results', 'Every evaluation result of the AWS Config managed rules that test a requirement, inside the framework\'s scope, read from the evidence snapshot.', 'TEST'),
        activity('manual', 'Examine manual evidence', 'The evidence register rows (policies, plans, reviews, training records): current, expiring, expired, missing, or unverified when the file no longer matches its sha256.', 'EXAMINE'),
        activity('attestations', 'Examine AWS attestations', "AWS's audit reports and agreements (AWS Artifact) for AWS's side of each requirement: current, stale (period ended over 12 months before the snapshot), missing, or an agreement no longer active.", 'EXAMINE'),
      ],
    },
    'reviewed-controls': reviewedControls(model),
    'assessment-subjects': [{ type: 'component', description: 'The components of the system security plan: AWS and the organisation\'s controls.', 'include-all': {} }],
  });
  return { 'assessment-plan': { uuid: documentUuid(`assessment-plan|${fw.id}`, body), ...body } };
}

export function toAssessmentResults(model: OscalModel) {
  const fw = model.input.pack.result.framework;
  const obs = toEvidenceObservations(model);
  const findings = model.requirements.map((req) => toFinding(model, obs, req));
  const inputs = model.input.workingInputs ?? [];
  const limits = model.input.pack.evidence.manifest.limits ?? [];
  const body = prune({
    metadata: toMetadata(model, `${model.organisation}: ${fw.name} ${fw.version} assessment results, ${model.asOfDay}`, {
      props: [prop('framework-id', fw.id)],
      remarks: 'AWS Artifact reports are AWS confidential: they are cited (name, id, version, period, sha256 where downloaded), never embedded.',
    }),
    'import-ap': { href: `./${model.files.assessmentPlan}` },
    results: [{
      uuid: uuidFor('result', model.snapshotId, fw.id),
      title: line(`srmap evaluation of snapshot ${model.snapshotId}`),
      description: `Every assessable ${fw.name} requirement evaluated from the evidence snapshot ${code(model.snapshotId)} over the framework's scope: a status is decided only by the evidence that tests the requirement; related evidence is shown as supporting and never decides.`,
      start: model.asOf,
      end: model.asOf,
      props: [
        prop('snapshot-id', model.snapshotId),
        ...Object.entries(model.input.pack.result.counts.byStatus).map(([status, n]) => prop('requirements', n, status)),
        prop('collection-gaps', model.input.pack.result.scope.gaps.inScope.length, 'in-scope'),
        prop('collection-gaps', model.input.pack.result.scope.gaps.outOfScope.length, 'out-of-scope'),
        prop('collection-limits', limits.length),
      ],
      ...(limits.length > 0 ? { remarks: `The snapshot was collected by a route with limits (each an observation, linked from the findings whose deciding evidence it concerns):\n\n${limits.map((l) => `- ${l.route} ${l.source} ${code(l.code)} (${l.effect}${l.complianceTypes ? `: ${l.complianceTypes.join(', ')}` : ''})`).join('\n')}` } : {}),
      'reviewed-controls': reviewedControls(model),
      observations: obs.observations,
      findings,
    }],
    'back-matter': {
      resources: [
        {
          uuid: uuidFor('resource', 'snapshot', model.snapshotId),
          title: line(`Evidence snapshot ${model.snapshotId}`),
          description: 'The immutable evidence snapshot: its manifest pins every evidence file by sha256.',
          rlinks: [{ href: `urn:srmap:snapshot:${encodeURIComponent(model.snapshotId)}:manifest.json`, hashes: [{ algorithm: 'SHA-256', value: model.input.snapshotManifestSha256 }] }],
        },
        ...inputs.map((i) => ({
          uuid: uuidFor('resource', model.snapshotId, 'working-folder', i.path),
          title: line(`Working folder file ${i.path}`),
          description: 'A file of the organisation\'s working folder this evaluation read (srmap.yaml, the evidence register, owners, exceptions, applicability).',
          rlinks: [{ href: encodeURI(i.path.replace(/\\/g, '/')), hashes: [{ algorithm: 'SHA-256', value: i.sha256 }] }],
        })),
        ...obs.resources,
      ],
    },
  });
  return { 'assessment-results': { uuid: documentUuid(`assessment-results|${fw.id}`, body), ...body } };
}
