/**
 * The system security plan: the framework's scope from srmap.yaml as the authorization boundary,
 * AWS as a leveraged system (its attestations as leveraged authorizations), and per requirement
 * `by-components`: on each AWS component an `export` of what AWS provides and the
 * responsibilities it leaves to the customer; on each organisation component what it inherits
 * (`inherited`, pointing at AWS's `provided`) and satisfies (`satisfied`, pointing at AWS's
 * `responsibilities`), its implementation status from srmap's evaluation, and the responsible roles
 * of owners.yaml. Pure.
 */
import type { RequirementResult } from '../../domain/result.js';
import type { ApplicabilityDeclaration } from '../../domain/applicability.js';
import { toAttestationReliance } from '../attestation-reliance.js';
import { describeParts, toComponentSpecs, toRequirementShares } from './oscal-components.js';
import { requirementTitle, toImplementationState, toMetadata, toResponsibleRoles, type OscalModel } from './oscal-model.js';
import { code, dayStart, documentUuid, line, nistProp, prop, prune, uuidFor } from './oscal-text.js';

/** The scope of the framework, in words: what is in, what is out. */
export function describeScope(model: OscalModel): string {
  const { result, evidence } = model.input.pack;
  const s = result.scope.scope;
  const manifest = evidence.manifest;
  const lines: string[] = [];
  if (!s.declared) {
    lines.push(`No scope is declared for ${result.framework.name} in srmap.yaml: every collected account and region counts (${manifest.scope.accounts.map((a) => a.id).join(', ') || 'none'}; ${manifest.scope.regions.join(', ') || 'no region'}).`);
  } else {
    if (s.description) lines.push(`Declared scope (srmap.yaml): ${code(s.description)}.`);
    lines.push(`Accounts: ${s.accounts ? s.accounts.map((a) => code(a)).join(', ') : 'every collected account'}.`);
    lines.push(`Regions: ${s.regions ? s.regions.map((r) => code(r)).join(', ') : 'every collected region'}.`);
    if (s.tags) lines.push(`Resources: those tagged ${Object.entries(s.tags).map(([k, v]) => code(`${k}=${v}`)).join(' and ')}; account-wide resource types (${s.accountWideTypes.join(', ')}) count in every in-scope account.`);
  }
  const out = result.scope;
  lines.push(`Out of scope: ${out.accountsOutOfScope.length > 0 ? `accounts ${out.accountsOutOfScope.map((a) => code(a)).join(', ')}` : 'no collected account'}; ${out.regionsOutOfScope.length > 0 ? `regions ${out.regionsOutOfScope.map((r) => code(r)).join(', ')}` : 'no collected region'}; ${out.results.outOfScope} evaluation result(s) and ${out.gaps.outOfScope.length} collection gap(s) outside the scope decide nothing.`);
  lines.push(`In scope: ${out.results.inScope} evaluation result(s); ${out.gaps.inScope.length} collection gap(s) inside the scope lower the statuses they touch.`);
  return lines.join('\n\n');
}

function scopeProps(model: OscalModel) {
  const s = model.input.pack.result.scope.scope;
  return [
    prop('scope-declared', String(s.declared)),
    ...(s.accounts ?? []).map((a) => prop('scope-account', a)),
    ...(s.regions ?? []).map((r) => prop('scope-region', r)),
    ...Object.entries(s.tags ?? {}).map(([k, v]) => prop('scope-tag', `${k}=${v}`)),
    ...model.input.pack.result.scope.accountsOutOfScope.map((a) => prop('out-of-scope-account', a)),
    ...model.input.pack.result.scope.regionsOutOfScope.map((r) => prop('out-of-scope-region', r)),
  ];
}

/** An applicability declaration in words, the working folder's text shown literally. */
function describeDeclaration(d: ApplicabilityDeclaration): string {
  const what = d.decision === 'alternative' ? `Alternative measure documented (applicability.yaml): ${code(d.alternative)} Why` : 'Declared not applicable (applicability.yaml)';
  return `${what}: ${code(d.justification)} Approved by ${code(d.approver)} on ${d.approvedOn}${d.reviewBy ? `, to be reviewed by ${d.reviewBy}` : ''}; declared on ${code(d.requirement)}.`;
}

/** An applicability declaration as properties of the implemented requirement. */
function declarationProps(d: ApplicabilityDeclaration | undefined) {
  if (!d) return [];
  return [
    prop('declaration', d.decision),
    prop('declared-on', d.requirement),
    prop('declaration-approver', d.approver),
    prop('declaration-approved-on', d.approvedOn),
    ...(d.reviewBy ? [prop('declaration-review-by', d.reviewBy)] : []),
  ];
}

function statusRemarks(req: RequirementResult): string {
  const d = req.declaration ? `\n\n${describeDeclaration(req.declaration)}` : '';
  const ex = req.exceptionId ? `\n\nException ${req.exceptionId} applies (see the POA&M).` : '';
  return `srmap status: ${req.status} (${req.frameworkStatus}).${req.reasons.length > 0 ? `\n\n${req.reasons.map((r) => `- ${code(r)}`).join('\n')}` : ''}${d}${ex}`;
}

export function toSsp(model: OscalModel) {
  const { result } = model.input.pack;
  const fw = result.framework;
  const specs = toComponentSpecs(model);
  const reliance = toAttestationReliance(model.input.pack);
  const leveraged = reliance.attestations
    .filter((a) => a.status === 'current' && (a.report || a.agreement))
    .map((a) => ({
      uuid: uuidFor('leveraged-authorization', a.kind, a.report?.id ?? a.agreement?.id ?? ''),
      title: line(`${a.title}: ${a.report?.name ?? a.agreement?.name ?? ''}`),
      props: [prop('attestation-kind', a.kind), prop('requirements-relying', a.requirements.length)],
      'party-uuid': model.parties.aws.uuid,
      'date-authorized': (a.report?.periodStart ?? a.agreement?.effectiveStart ?? model.asOf).slice(0, 10),
      remarks: `${code(a.reason)} Cited, never embedded: AWS Artifact documents are AWS confidential.`,
    }));
  const thisSystem = uuidFor('component', 'this-system', model.organisation, fw.id);
  const components = [
    {
      uuid: thisSystem,
      type: 'this-system',
      title: line(`${model.organisation}: ${fw.name} scope`),
      description: describeScope(model),
      props: scopeProps(model),
      status: { state: 'operational' },
    },
    ...specs.map((spec) => ({
      uuid: spec.uuid,
      type: spec.type,
      title: line(spec.title),
      description: spec.description,
      purpose: line(spec.purpose),
      props: spec.side === 'aws'
        ? [nistProp('implementation-point', 'external'), ...leveraged.map((l) => nistProp('leveraged-authorization-uuid', l.uuid))]
        : [nistProp('implementation-point', 'internal'), prop('control-family', spec.family ?? '')],
      status: { state: 'operational' },
      'responsible-roles': spec.side === 'aws'
        ? [{ 'role-id': 'provider', 'party-uuids': [model.parties.aws.uuid] }]
        : toResponsibleRoles(model, model.input.pack.evidence.owners.filter((o) => o.scope === spec.family)),
    })),
  ];
  const componentUuid = new Map(specs.map((s) => [s.key, s.uuid]));

  const implemented = model.requirements.map((req) => {
    const shares = toRequirementShares(model, req);
    const state = toImplementationState(req);
    const byComponents: unknown[] = [];
    for (const a of shares.aws) {
      const attest = req.deciding.filter((p) => p.kind === 'attestation');
      const attested = attest.length > 0 && attest.every((p) => p.status === 'inherited');
      byComponents.push({
        'component-uuid': componentUuid.get(a.component),
        uuid: uuidFor('by-component', fw.id, req.requirementId, a.component),
        description: `What AWS does for ${req.requirementId}:\n\n${describeParts(a.provided.map((p) => p.part), 'aws')}`,
        props: [nistProp('control-origination', 'inherited'), prop('responsibility', a.responsibility)],
        export: {
          description: a.responsibilities.length > 0 ? 'AWS provides these capabilities and leaves the listed responsibilities to the customer.' : 'AWS carries these parts alone for the AWS-hosted scope.',
          provided: a.provided.map((p) => ({
            uuid: p.uuid,
            description: p.part.aws,
            props: [prop('common-control', p.part.control.controlId), prop('service', p.part.service)],
            'responsible-roles': [{ 'role-id': 'provider', 'party-uuids': [model.parties.aws.uuid] }],
          })),
          responsibilities: a.responsibilities.map((r) => ({
            uuid: r.uuid,
            'provided-uuid': r.providedUuid,
            description: r.part.customer,
            props: [prop('common-control', r.part.control.controlId), prop('service', r.part.service)],
            'responsible-roles': [{ 'role-id': 'customer', 'party-uuids': [model.parties.organisation.uuid] }],
          })),
        },
        ...(attested ? { 'implementation-status': { state: 'implemented', remarks: `AWS's part rests on its current attestation(s): ${attest.map((p) => p.id).join(', ')}.` } } : {}),
        ...(attest.length > 0 && !attested ? { remarks: `AWS's part is not evidenced: ${attest.filter((p) => p.status !== 'inherited').map((p) => code(p.reason)).join(' ')}` } : {}),
        'responsible-roles': [{ 'role-id': 'provider', 'party-uuids': [model.parties.aws.uuid] }],
      });
    }
    for (const o of shares.organisation) {
      byComponents.push({
        'component-uuid': componentUuid.get(`org-${o.family}`),
        uuid: uuidFor('by-component', fw.id, req.requirementId, `org-${o.family}`),
        description: o.duties.length > 0 ? `What ${model.organisation} does for ${req.requirementId}:\n\n${describeParts(o.duties, 'customer')}` : `${model.organisation} inherits this from AWS for the AWS-hosted scope.`,
        props: [prop('responsibility', o.responsibility), ...o.controls.map((c) => prop('common-control', c.controlId))],
        inherited: o.inherited.map((u) => ({ uuid: uuidFor('inherited', u), 'provided-uuid': u, description: 'Inherited from AWS for the AWS-hosted scope (see AWS\'s export for this requirement).' })),
        satisfied: o.satisfied.map((u) => ({ uuid: uuidFor('satisfied', u), 'responsibility-uuid': u, description: `${model.organisation} carries this responsibility; srmap's evaluation of its evidence is the implementation status.`, 'responsible-roles': toResponsibleRoles(model, model.ownersOf(o.controls)) })),
        'implementation-status': { state, remarks: statusRemarks(req) },
        'responsible-roles': toResponsibleRoles(model, model.ownersOf(o.controls)),
      });
    }
    if (byComponents.length === 0) {
      byComponents.push({
        'component-uuid': thisSystem,
        uuid: uuidFor('by-component', fw.id, req.requirementId, 'this-system'),
        description: 'No common control of srmap implements this requirement.',
        'implementation-status': { state, remarks: statusRemarks(req) },
      });
    }
    return {
      uuid: uuidFor('implemented-requirement', fw.id, req.requirementId),
      'control-id': model.tokens.get(req.requirementId) as string,
      props: [prop('status', req.status), prop('framework-status', req.frameworkStatus), prop('responsibility', req.responsibility), ...(req.exceptionId ? [prop('exception-id', req.exceptionId)] : []), ...declarationProps(req.declaration)],
      'responsible-roles': toResponsibleRoles(model, model.ownersOf(req.controls.map((id) => result.controls.get(id)).filter((c) => c !== undefined))),
      'by-components': byComponents,
      remarks: line(requirementTitle(req)),
    };
  });

  const roleUsers = (['responsible', 'accountable', 'consulted', 'informed'] as const).map((role) => ({
    uuid: uuidFor('user', model.organisation, role),
    title: `Control owners: ${role} (owners.yaml)`,
    'role-ids': [role],
  }));
  const body = prune({
    metadata: toMetadata(model, `${model.organisation}: ${fw.name} ${fw.version} system security plan`, {
      props: [prop('framework-id', fw.id)],
      remarks: `Built by srmap from snapshot ${code(model.snapshotId)} (${model.asOfDay}): every implementation status is srmap's evaluation of the evidence in that snapshot's scope; see ${model.files.assessmentResults}.`,
    }),
    'import-profile': { href: `./${model.files.profile}` },
    'system-characteristics': {
      'system-ids': [{ 'identifier-type': 'https://ietf.org/rfc/rfc4122', id: uuidFor('system', model.organisation, fw.id) }],
      'system-name': line(`${model.organisation}: ${fw.name} scope`),
      'system-name-short': line(fw.id),
      description: `The workloads of ${model.organisation} on AWS that ${fw.name} ${fw.version} applies to, as declared in srmap.yaml, and the organisation's own controls around them.`,
      props: scopeProps(model),
      'system-information': {
        'information-types': [{
          uuid: uuidFor('information-type', model.organisation, fw.id),
          title: `Information in ${fw.name} scope`,
          description: fw.description,
        }],
      },
      status: { state: 'operational' },
      'authorization-boundary': { description: describeScope(model) },
    },
    'system-implementation': {
      'leveraged-authorizations': leveraged,
      users: roleUsers,
      components,
    },
    'control-implementation': {
      description: `How each assessable ${fw.name} requirement is carried: AWS's export (provided, responsibilities) per AWS component, the organisation's inherited and satisfied per control family, with srmap's status as the implementation status.`,
      'implemented-requirements': implemented,
    },
    'back-matter': {
      resources: [{
        uuid: uuidFor('resource', 'snapshot', model.snapshotId),
        title: line(`Evidence snapshot ${model.snapshotId}`),
        description: 'The immutable evidence snapshot every status was evaluated from; its manifest pins each evidence file by sha256.',
        props: [prop('snapshot-id', model.snapshotId), prop('as-of', dayStart(model.asOfDay))],
        rlinks: [{ href: `urn:srmap:snapshot:${encodeURIComponent(model.snapshotId)}:manifest.json`, hashes: [{ algorithm: 'SHA-256', value: model.input.snapshotManifestSha256 }] }],
      }],
    },
  });
  return { 'system-security-plan': { uuid: documentUuid(`ssp|${fw.id}`, body), ...body } };
}
