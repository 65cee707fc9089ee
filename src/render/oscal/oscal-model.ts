/**
 * What every OSCAL document of one framework shares, derived once from the pack's evaluation: the
 * file names, the parties and roles (AWS, the organisation, the owners of owners.yaml), the
 * components (AWS as a leveraged provider, AWS per service kind where the split moves, the
 * organisation's components per control family) and, per requirement, each side's part of each
 * deciding control. Pure: nothing here recomputes a status or a count.
 */
import type { Catalog, ServiceKind } from '../../domain/catalog.js';
import { SERVICE_KINDS } from '../../domain/catalog.js';
import { toDay } from '../../domain/dates.js';
import type { ControlResult, PackInput, RequirementResult } from '../../domain/result.js';
import type { OwnerRecord } from '../../domain/snapshot.js';
import type { Responsibility, Status } from '../../domain/status.js';
import { line, requirementToken, uuidFor, type OscalProp, prop } from './oscal-text.js';

/** Everything the OSCAL set of one framework is built from. */
export interface OscalInput {
  pack: PackInput;
  catalog: Catalog;
  toolVersion: string;
  /** sha256 of the snapshot's manifest.json (which pins every evidence file by its sha256). */
  snapshotManifestSha256: string;
  /** The working folder's files (srmap.yaml, register, owners, exceptions ...) with their sha256. */
  workingInputs?: readonly { path: string; sha256: string }[];
}

/** The files of one framework's OSCAL set, relative to its folder; the documents link to each other by these names. */
export function oscalFileNames(frameworkId: string) {
  return {
    commonControls: 'common-controls_catalog.json',
    catalog: `${frameworkId}_catalog.json`,
    profile: `${frameworkId}_profile.json`,
    componentDefinition: `${frameworkId}_component-definition.json`,
    ssp: `${frameworkId}_ssp.json`,
    assessmentPlan: `${frameworkId}_assessment-plan.json`,
    assessmentResults: `${frameworkId}_assessment-results.json`,
    poam: `${frameworkId}_poam.json`,
  } as const;
}

export const SERVICE_TITLES: Readonly<Record<ServiceKind, string>> = {
  ec2: 'Amazon EC2 and other infrastructure compute',
  'containers-on-ec2': 'Containers on Amazon EC2 (Amazon ECS and EKS on EC2)',
  fargate: 'AWS Fargate',
  lambda: 'AWS Lambda',
  rds: 'Amazon RDS',
  dynamodb: 'Amazon DynamoDB',
  s3: 'Amazon S3',
  'ebs-efs': 'Amazon EBS and Amazon EFS',
  'network-edge': 'Network edge (Amazon CloudFront, Elastic Load Balancing, Amazon API Gateway)',
};

export type AwsComponentKey = 'aws' | `aws-${ServiceKind}`;

export interface Party {
  uuid: string;
  type: 'person' | 'organization';
  name: string;
}

export const ROLES = [
  { id: 'provider', title: 'Leveraged provider (AWS)' },
  { id: 'customer', title: 'Customer (the organisation)' },
  { id: 'responsible', title: 'Responsible (owners.yaml)' },
  { id: 'accountable', title: 'Accountable (owners.yaml)' },
  { id: 'consulted', title: 'Consulted (owners.yaml)' },
  { id: 'informed', title: 'Informed (owners.yaml)' },
  { id: 'prepared-by', title: 'Prepared by' },
] as const;

/** One side's part of one deciding control of a requirement, for the AWS-hosted scope or one service kind. */
export interface SplitPart {
  control: ControlResult;
  /** The AWS component it concerns: AWS as a whole (`all`) or one service kind. */
  component: AwsComponentKey;
  service: 'all' | ServiceKind;
  /** Who carries it for this requirement: the control's split, or `customer` when AWS has no part in the requirement. */
  model: Responsibility;
  aws: string;
  customer: string;
}

export interface OscalModel {
  input: OscalInput;
  frameworkId: string;
  files: ReturnType<typeof oscalFileNames>;
  organisation: string;
  /** The snapshot's time: every date of the documents. */
  asOf: string;
  asOfDay: string;
  snapshotId: string;
  parties: { aws: Party; organisation: Party; tool: Party; owners: Map<string, Party> };
  /** Assessable requirements, catalog order. */
  requirements: RequirementResult[];
  /** OSCAL control id of each requirement (every requirement, headings included). */
  tokens: Map<string, string>;
  /** The framework's deciding and supporting controls, sorted by id. */
  controls: ControlResult[];
  /** Service kinds the framework's controls split on, in the catalog's order. */
  services: ServiceKind[];
  /** Control families of the framework's controls, sorted. */
  families: string[];
  familyTitle(family: string): string;
  componentUuid(key: string): string;
  /** Each side's part of each deciding control of a requirement. */
  partsOf(req: RequirementResult): SplitPart[];
  /** The owner records that decide who answers for a requirement's controls. */
  ownersOf(controls: readonly ControlResult[]): OwnerRecord[];
  /** Derived once per set and shared by the documents (shares, observations): `memo(key, build)`. */
  memo<T>(key: string, build: () => T): T;
}

function partyType(name: string): Party['type'] {
  // "Platform Engineering (Lena Kowalczyk)" or "CISO (Dana Whitfield)": a named person; "Finance": a team.
  return /\([^()]+\)\s*$/.test(name) ? 'person' : 'organization';
}

export function toOscalModel(input: OscalInput): OscalModel {
  const { result, evidence } = input.pack;
  const frameworkId = result.framework.id;
  const organisation = line(evidence.manifest.organisation.name);
  const owners = new Map<string, Party>();
  for (const o of evidence.owners) {
    for (const name of [o.responsible, o.accountable, o.consulted, o.informed]) {
      if (name === undefined || name.trim() === '' || owners.has(name)) continue;
      owners.set(name, { uuid: uuidFor('party', 'owner', name), type: partyType(name), name: line(name) });
    }
  }
  const tokens = new Map<string, string>();
  const seen = new Map<string, string>();
  for (const r of result.requirements) {
    const t = requirementToken(r.requirementId);
    const clash = seen.get(t);
    if (clash !== undefined) throw new Error(`OSCAL: requirements ${clash} and ${r.requirementId} of ${frameworkId} map to the same OSCAL id ${t}`);
    seen.set(t, r.requirementId);
    tokens.set(r.requirementId, t);
  }
  const requirements = result.requirements.filter((r) => r.assessable);
  const controls = [...result.controls.values()].sort((a, b) => a.controlId.localeCompare(b.controlId));
  const splitOn = new Set(controls.flatMap((c) => c.services.map((s) => s.service)));
  const services = SERVICE_KINDS.filter((s) => splitOn.has(s));
  const families = [...new Set(controls.map((c) => c.family))].sort();
  const memo = new Map<string, unknown>();
  const componentUuid = (key: string) => uuidFor('component', key === 'this-system' || key.startsWith('org-') ? `${organisation}|${frameworkId}|${key}` : key);
  return {
    input,
    frameworkId,
    files: oscalFileNames(frameworkId),
    organisation,
    asOf: evidence.manifest.createdAt,
    asOfDay: toDay(evidence.manifest.createdAt),
    snapshotId: evidence.manifest.id,
    parties: {
      aws: { uuid: uuidFor('party', 'aws'), type: 'organization', name: 'Amazon Web Services' },
      organisation: { uuid: uuidFor('party', 'organisation', organisation), type: 'organization', name: organisation },
      tool: { uuid: uuidFor('party', 'tool', 'srmap'), type: 'organization', name: `srmap ${line(input.toolVersion)}` },
      owners,
    },
    requirements,
    tokens,
    controls,
    services,
    families,
    familyTitle: (family) => input.catalog.families.get(family) ?? family,
    componentUuid,
    partsOf(req) {
      const parts: SplitPart[] = [];
      for (const id of req.controls) {
        const c = result.controls.get(id);
        if (!c) continue;
        const model = (m: Responsibility): Responsibility => (req.responsibility === 'customer' ? 'customer' : m);
        parts.push({ control: c, component: 'aws', service: 'all', model: model(c.responsibility), aws: c.aws, customer: c.customer });
        for (const s of c.services) parts.push({ control: c, component: `aws-${s.service}`, service: s.service, model: model(s.model), aws: s.aws, customer: s.customer });
      }
      return parts;
    },
    memo<T>(key: string, build: () => T): T {
      if (!memo.has(key)) memo.set(key, build());
      return memo.get(key) as T;
    },
    ownersOf(cs) {
      const out: OwnerRecord[] = [];
      for (const c of cs) if (c.owner && !out.includes(c.owner)) out.push(c.owner);
      return out;
    },
  };
}

/** Responsible roles (RACI) from owner records: each role with the parties that hold it. */
export function toResponsibleRoles(model: OscalModel, owners: readonly OwnerRecord[]) {
  const roles: { 'role-id': string; 'party-uuids': string[] }[] = [];
  for (const role of ['responsible', 'accountable', 'consulted', 'informed'] as const) {
    const uuids: string[] = [];
    for (const o of owners) {
      const name = o[role];
      const party = name === undefined ? undefined : model.parties.owners.get(name);
      if (party && !uuids.includes(party.uuid)) uuids.push(party.uuid);
    }
    if (uuids.length > 0) roles.push({ 'role-id': role, 'party-uuids': uuids });
  }
  return roles;
}

/** The metadata every document shares: title, dates from the snapshot, roles, parties. */
export function toMetadata(model: OscalModel, title: string, extra: { remarks?: string; props?: OscalProp[] } = {}) {
  const parties = [model.parties.aws, model.parties.organisation, model.parties.tool, ...[...model.parties.owners.values()].sort((a, b) => a.name.localeCompare(b.name))];
  return {
    title: line(title),
    'last-modified': model.asOf,
    version: `${model.snapshotId}`,
    'oscal-version': '1.1.2',
    props: [prop('snapshot-id', model.snapshotId), prop('generated-by', `srmap ${model.input.toolVersion}`), ...(extra.props ?? [])],
    roles: ROLES.map((r) => ({ ...r })),
    parties: parties.map((p) => ({ uuid: p.uuid, type: p.type, name: p.name })),
    'responsible-parties': [
      { 'role-id': 'provider', 'party-uuids': [model.parties.aws.uuid] },
      { 'role-id': 'customer', 'party-uuids': [model.parties.organisation.uuid] },
      { 'role-id': 'prepared-by', 'party-uuids': [model.parties.tool.uuid] },
    ],
    ...(extra.remarks ? { remarks: extra.remarks } : {}),
  };
}

/**
 * OSCAL's implementation status for srmap's status: only evidence that shows a requirement met
 * (or carried by AWS on its attestation) makes it `implemented`; a failing or unevidenced one is
 * `planned` (its remarks say why; the POA&M tracks a failing one), an exception's compensating
 * control or a documented alternative is `alternative`.
 */
export function toImplementationState(req: RequirementResult): 'implemented' | 'partial' | 'planned' | 'alternative' | 'not-applicable' {
  if (req.declaration?.decision === 'alternative') return 'alternative';
  const map: Record<Status, 'implemented' | 'partial' | 'planned' | 'alternative' | 'not-applicable'> = {
    met: 'implemented',
    inherited: 'implemented',
    'accepted-risk': 'alternative',
    partial: 'partial',
    'not-met': 'planned',
    'needs-evidence': 'planned',
    'not-applicable': 'not-applicable',
  };
  return map[req.status];
}

/** A requirement's label as the standard writes it, with srmap's title. */
export function requirementTitle(req: RequirementResult): string {
  return `${req.requirementId} ${req.title}`;
}
