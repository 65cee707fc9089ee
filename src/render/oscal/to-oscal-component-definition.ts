/**
 * The component definition: AWS as a leveraged provider (the hosted scope as a whole and each
 * service kind where the split moves) and the organisation's components (one per control family),
 * each with two control implementations: one against the framework's profile (per requirement) and
 * one against srmap's common controls (per control). Each implemented requirement says what its
 * component does; what the other side does, and who carries it, is in srmap's namespaced
 * properties: OSCAL 1.1.x has no `export` (provided / responsibilities) in a component definition,
 * only in a system security plan, which carries the same split with `export`, `inherited` and
 * `satisfied`. Pure.
 */
import type { ControlResult } from '../../domain/result.js';
import { toComponentSpecs, toRequirementShares, describeParts, type ComponentSpec } from './oscal-components.js';
import { toMetadata, toResponsibleRoles, type OscalModel } from './oscal-model.js';
import { controlToken, documentUuid, prop, prune, uuidFor, line } from './oscal-text.js';

/** Per common control, the split for this component: the hosted scope as a whole, or one service kind. */
function controlSplits(spec: ComponentSpec, c: ControlResult): { model: string; aws: string; customer: string }[] {
  if (spec.key === 'aws') return [c.responsibility !== 'customer' ? { model: c.responsibility, aws: c.aws, customer: c.customer } : undefined].filter((x): x is NonNullable<typeof x> => x !== undefined);
  if (spec.side === 'aws') return c.services.filter((s) => `aws-${s.service}` === spec.key && s.model !== 'customer');
  if (c.family !== spec.family) return [];
  return [{ model: c.responsibility, aws: c.aws, customer: c.customer }];
}

export function toComponentDefinition(model: OscalModel) {
  const fw = model.input.pack.result.framework;
  const specs = toComponentSpecs(model);
  const shares = new Map(model.requirements.map((r) => [r.requirementId, toRequirementShares(model, r)]));
  const awsRole = [{ 'role-id': 'provider', 'party-uuids': [model.parties.aws.uuid] }];

  const byRequirement = (spec: ComponentSpec) =>
    model.requirements.flatMap((req) => {
      const s = shares.get(req.requirementId);
      const controlId = model.tokens.get(req.requirementId) as string;
      const uuid = uuidFor('component-definition', fw.id, spec.key, req.requirementId);
      if (spec.side === 'aws') {
        const share = s?.aws.find((a) => a.component === spec.key);
        if (!share) return [];
        return [{
          uuid,
          'control-id': controlId,
          description: `What AWS does for ${req.requirementId}:\n\n${describeParts(share.provided.map((p) => p.part), 'aws')}`,
          props: [
            prop('responsibility', share.responsibility),
            ...share.provided.map((p) => prop('provided', p.part.aws, p.part.control.controlId)),
            ...share.responsibilities.map((r) => prop('customer-responsibility', r.part.customer, r.part.control.controlId)),
            ...[...new Set(share.provided.map((p) => p.part.control.controlId))].map((c) => prop('common-control', c)),
          ],
          'responsible-roles': awsRole,
        }];
      }
      const share = s?.organisation.find((o) => o.family === spec.family);
      if (!share) return [];
      return [{
        uuid,
        'control-id': controlId,
        description: share.duties.length > 0 ? `What ${model.organisation} does for ${req.requirementId}:\n\n${describeParts(share.duties, 'customer')}` : `${model.organisation} inherits ${req.requirementId} from AWS for the AWS-hosted scope.`,
        props: [
          prop('responsibility', share.responsibility),
          ...share.duties.map((d) => prop('customer-responsibility', d.customer, d.control.controlId)),
          ...share.controls.map((c) => prop('common-control', c.controlId)),
        ],
        'responsible-roles': toResponsibleRoles(model, model.ownersOf(share.controls)),
      }];
    });

  const byControl = (spec: ComponentSpec) =>
    model.controls.flatMap((c) =>
      controlSplits(spec, c).map((split) => ({
        uuid: uuidFor('component-definition', fw.id, spec.key, 'control', c.controlId),
        'control-id': controlToken(c.controlId),
        description: spec.side === 'aws' ? split.aws : split.customer,
        props: [
          prop('responsibility', split.model),
          ...(spec.side === 'aws' && split.model === 'shared' ? [prop('customer-responsibility', split.customer)] : []),
          ...(spec.side === 'organisation' && split.model !== 'customer' ? [prop('provided', split.aws)] : []),
        ],
        'responsible-roles': spec.side === 'aws' ? awsRole : toResponsibleRoles(model, model.ownersOf([c])),
      })),
    );

  const components = specs.map((spec) => ({
    uuid: spec.uuid,
    type: spec.type,
    title: line(spec.title),
    description: spec.description,
    purpose: line(spec.purpose),
    props: [prop('side', spec.side === 'aws' ? 'aws' : 'customer'), ...(spec.family ? [prop('control-family', spec.family)] : [])],
    'responsible-roles': spec.side === 'aws' ? awsRole : toResponsibleRoles(model, model.input.pack.evidence.owners.filter((o) => o.scope === spec.family)),
    'control-implementations': [
      {
        uuid: uuidFor('component-definition', fw.id, spec.key, 'by-requirement'),
        source: `./${model.files.profile}`,
        description: `${spec.title}: its part of each ${fw.name} requirement.`,
        'implemented-requirements': byRequirement(spec),
      },
      {
        uuid: uuidFor('component-definition', fw.id, spec.key, 'by-control'),
        source: `./${model.files.commonControls}`,
        description: `${spec.title}: its part of each srmap common control that ${fw.name} maps.`,
        'implemented-requirements': byControl(spec),
      },
    ].filter((ci) => ci['implemented-requirements'].length > 0),
  }));
  const body = prune({
    metadata: toMetadata(model, `${fw.name} ${fw.version}: AWS and ${model.organisation}, who does what`, {
      props: [prop('framework-id', fw.id)],
      remarks: "OSCAL 1.1.x has no `export` (provided / responsibilities) in a component definition. Who carries each part is therefore in srmap's namespaced properties: `responsibility` (inherited: AWS alone; shared; customer: the organisation alone), `provided` (what AWS does) and `customer-responsibility` (what the customer does), each with the common control as its class. The system security plan carries the same split with `export`, `inherited` and `satisfied`.",
    }),
    components,
  });
  return { 'component-definition': { uuid: documentUuid(`component-definition|${fw.id}`, body), ...body } };
}
