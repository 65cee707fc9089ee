/**
 * The components of one framework's OSCAL set and each one's part of each requirement and common
 * control: AWS as a leveraged provider (for the AWS-hosted scope as a whole, and per service kind
 * where the split moves), and the organisation's components, one per control family (the owners of
 * owners.yaml answer per family). Shared by the component definition and the system security plan,
 * which use the same uuids. Pure.
 */
import type { ControlResult, RequirementResult } from '../../domain/result.js';
import type { Responsibility } from '../../domain/status.js';
import { uuidFor } from './oscal-text.js';
import { SERVICE_TITLES, type AwsComponentKey, type OscalModel, type SplitPart } from './oscal-model.js';

export interface ComponentSpec {
  key: string;
  uuid: string;
  type: string;
  title: string;
  description: string;
  purpose: string;
  side: 'aws' | 'organisation';
  /** The control family an organisation component stands for. */
  family?: string;
}

const POLICY_FAMILIES = new Set(['governance', 'isms-management', 'risk-management', 'privacy', 'confidentiality']);

function familyType(family: string): string {
  if (family === 'physical-and-environmental') return 'physical';
  return POLICY_FAMILIES.has(family) ? 'policy' : 'process-procedure';
}

export function toComponentSpecs(model: OscalModel): ComponentSpec[] {
  const aws: ComponentSpec = {
    key: 'aws',
    uuid: model.componentUuid('aws'),
    type: 'service',
    title: 'Amazon Web Services (AWS-hosted scope)',
    description: 'AWS as a leveraged provider: what AWS carries for every workload it hosts (data centres, hardware, the network and virtualisation layers, its managed services), attested by AWS\'s own audit reports and agreements (AWS Artifact), cited in the assessment results.',
    purpose: 'Leveraged cloud service provider',
    side: 'aws',
  };
  const services: ComponentSpec[] = model.services.map((s) => ({
    key: `aws-${s}`,
    uuid: model.componentUuid(`aws-${s}`),
    type: 'service',
    title: SERVICE_TITLES[s],
    description: `${SERVICE_TITLES[s]} as a leveraged AWS service: where the split of responsibility on this kind of service differs from AWS's part for the hosted scope as a whole.`,
    purpose: 'Leveraged AWS service',
    side: 'aws',
  }));
  const organisation: ComponentSpec[] = model.families.map((f) => ({
    key: `org-${f}`,
    uuid: model.componentUuid(`org-${f}`),
    type: familyType(f),
    title: `${model.organisation}: ${model.familyTitle(f)}`,
    description: `What ${model.organisation} does for the ${model.familyTitle(f)} controls: its configuration of its AWS accounts and its own policies, processes, premises and people.`,
    purpose: `The organisation's ${model.familyTitle(f)} controls`,
    side: 'organisation',
    family: f,
  }));
  return [aws, ...services, ...organisation];
}

/** AWS's export for one requirement on one AWS component: what it provides and what it leaves to the customer. */
export interface AwsShare {
  component: AwsComponentKey;
  provided: { part: SplitPart; uuid: string }[];
  responsibilities: { part: SplitPart; uuid: string; providedUuid?: string }[];
  /** inherited when AWS carries its parts alone, shared when it leaves the customer something to do. */
  responsibility: Responsibility;
}

/** The organisation's part of one requirement for one control family. */
export interface OrganisationShare {
  family: string;
  controls: ControlResult[];
  /** What the customer does: every part of these controls that is not AWS's alone. */
  duties: SplitPart[];
  inherited: string[];
  satisfied: string[];
  /** shared when it inherits or satisfies something AWS exports, customer when it is the organisation's alone, inherited when it only inherits. */
  responsibility: Responsibility;
}

export interface RequirementShares {
  aws: AwsShare[];
  organisation: OrganisationShare[];
}

/** Each side's share of a requirement, with the uuids that tie AWS's export to the organisation's inherited and satisfied. */
export function toRequirementShares(model: OscalModel, req: RequirementResult): RequirementShares {
  return model.memo(`shares|${req.requirementId}`, () => buildShares(model, req));
}

function buildShares(model: OscalModel, req: RequirementResult): RequirementShares {
  const parts = model.partsOf(req);
  const at = (p: SplitPart, what: string) => model.input.pack.result.framework.id + '|' + req.requirementId + '|' + p.control.controlId + '|' + p.service + '|' + what;
  const uuid = (p: SplitPart, what: string) => uuidForShare(model, at(p, what));
  const aws: AwsShare[] = [];
  for (const key of ['aws', ...model.services.map((s) => `aws-${s}`)] as AwsComponentKey[]) {
    const mine = parts.filter((p) => p.component === key && p.model !== 'customer');
    if (mine.length === 0) continue;
    const provided = mine.map((p) => ({ part: p, uuid: uuid(p, 'provided') }));
    const responsibilities = mine.filter((p) => p.model === 'shared').map((p) => ({ part: p, uuid: uuid(p, 'responsibility'), providedUuid: uuid(p, 'provided') }));
    aws.push({ component: key, provided, responsibilities, responsibility: responsibilities.length > 0 ? 'shared' : 'inherited' });
  }
  const organisation: OrganisationShare[] = [];
  for (const family of model.families) {
    const controls = req.controls.map((id) => model.input.pack.result.controls.get(id)).filter((c): c is ControlResult => c !== undefined && c.family === family);
    if (controls.length === 0) continue;
    const ids = new Set(controls.map((c) => c.controlId));
    const duties = parts.filter((p) => ids.has(p.control.controlId) && p.model !== 'inherited');
    const inherited = aws.flatMap((a) => a.provided.filter((x) => ids.has(x.part.control.controlId)).map((x) => x.uuid));
    const satisfied = aws.flatMap((a) => a.responsibilities.filter((x) => ids.has(x.part.control.controlId)).map((x) => x.uuid));
    if (duties.length === 0 && inherited.length === 0) continue;
    organisation.push({
      family,
      controls,
      duties,
      inherited,
      satisfied,
      responsibility: satisfied.length > 0 ? 'shared' : duties.length > 0 && inherited.length === 0 ? 'customer' : duties.length > 0 ? 'shared' : 'inherited',
    });
  }
  return { aws, organisation };
}

function uuidForShare(_model: OscalModel, name: string): string {
  return uuidFor('share', name);
}

/** "Control title: text" lines, one per part, service-specific parts named. */
export function describeParts(parts: readonly SplitPart[], side: 'aws' | 'customer'): string {
  return parts
    .map((p) => `- **${p.control.title}**${p.service === 'all' ? '' : ` (on ${SERVICE_TITLES[p.service]})`}: ${side === 'aws' ? p.aws : p.customer}`)
    .join('\n');
}
