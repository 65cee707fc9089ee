/**
 * owners.yaml, exceptions.yaml and srmap.yaml of a working folder: strict schemas, located problems,
 * and cross-checks against the catalog (a scope, rule or requirement must exist). Pure.
 */
import { z } from 'zod';
import { daysBetween, isCalendarDate } from '../../domain/dates.js';
import { matchesEverything } from '../../domain/exceptions.js';
import type { Problem } from '../../domain/errors.js';
import { OrganisationProfileSchema } from '../../domain/organisation-profile.js';
import { parseYamlFile } from '../../domain/parse-yaml.js';
import type { ExceptionRecord, OwnerRecord } from '../../domain/snapshot.js';
import { DECISIONS, type ApplicabilityDeclaration } from '../../domain/applicability.js';

const text = z.string().trim().min(1);

/** Longest resource glob accepted: an ARN is at most 2,048 characters. */
export const MAX_RESOURCE_PATTERN = 2048;
/** Longest an exception may run (approvedOn to expiresOn) unless srmap.yaml says otherwise. */
export const DEFAULT_MAX_EXCEPTION_DAYS = 365;
/** The most srmap.yaml may allow: three years. */
export const MAX_EXCEPTION_DAYS_LIMIT = 1095;
const day = z.string().refine(isCalendarDate, 'not a date: write a day that exists as YYYY-MM-DD, e.g. 2026-07-01');
/** Where the working folder's files are described, for the hints of the shared YAML parser. */
const WORKING_REFERENCE = 'the README section "The working folder" (and the commented files `srmap init` writes)';

export const OwnersFileSchema = z.strictObject({
  owners: z.array(
    z.strictObject({
      scope: text.describe('A common control id, or a control family id (every control of the family).'),
      responsible: text,
      accountable: text,
      consulted: text.optional(),
      informed: text.optional(),
    }),
  ),
});

export const ExceptionsFileSchema = z.strictObject({
  exceptions: z.array(
    z.strictObject({
      id: text,
      rule: text.optional().describe('AWS Config managed-rule identifier, with resource.'),
      resource: text.max(MAX_RESOURCE_PATTERN, `at most ${MAX_RESOURCE_PATTERN} characters (an ARN is at most 2,048)`).optional().describe('Resource id or ARN glob (* matches anything), with rule.'),
      allResources: z.literal(true).optional().describe("Acknowledges that resource '*' covers every resource the rule evaluates."),
      requirement: text.optional().describe('framework-id:requirement-id, instead of rule + resource.'),
      reason: text,
      compensatingControl: text,
      approver: text,
      approvedOn: day,
      expiresOn: day,
    }),
  ),
});

const regionId = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1');
const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');

/** One framework's scope: the accounts, regions and tagged resources that count towards it. */
export const ScopeDeclarationSchema = z.strictObject({
  description: text.optional().describe('The environment in words, e.g. "Cardholder data environment and connected systems".'),
  accounts: z.array(accountId).min(1).optional().describe('Accounts in scope; absent: every collected account.'),
  regions: z.array(regionId).min(1).optional().describe('Regions in scope; absent: every collected region.'),
  tags: z.record(text, z.string()).optional().describe('Resources carrying every one of these tags (key: value); account-wide resource types excepted.'),
  accountWideTypes: z.array(text).optional().describe('Resource types that stay in scope in every in-scope account whatever their tags (default: the account itself, IAM, CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer).'),
});

export const WorkingConfigSchema = z.strictObject({
  organisation: text,
  frameworks: z.array(text).min(1).optional(),
  regions: z.array(regionId).optional(),
  accounts: z.array(accountId).optional(),
  scope: z.record(text, ScopeDeclarationSchema).optional().describe('Per framework id: the accounts, regions and tagged resources in scope.'),
  serviceProvider: z.boolean().optional(),
  expiringWithinDays: z.number().int().min(0).max(365).optional(),
  maxExceptionDays: z.number().int().min(1).max(MAX_EXCEPTION_DAYS_LIMIT).optional().describe(`Longest an exception may run, approvedOn to expiresOn (default ${DEFAULT_MAX_EXCEPTION_DAYS}).`),
  allowedDocumentRoots: z.array(text).optional().describe('Folders outside the working folder whose documents the register may name (relative to srmap.yaml, or absolute).'),
  profile: OrganisationProfileSchema.optional().describe('Facts about the organisation that `srmap answer` gives to factual questions.'),
  catalog: z.array(text).min(1).optional().describe('Catalog overlay folders laid over the shipped catalog, in order (relative to srmap.yaml): your frameworks, controls and evidence kinds, and changes to shipped ones by id.'),
  paths: z
    .strictObject({
      snapshots: text.optional(),
      register: text.optional(),
      owners: text.optional(),
      exceptions: text.optional(),
      applicability: text.optional(),
      out: text.optional(),
      signingKey: text.optional().describe('The Ed25519 private key collect, report and bundle sign with (srmap keys init); keep it outside the working folder\'s outputs.'),
    })
    .optional(),
});
export type WorkingConfig = z.output<typeof WorkingConfigSchema>;

export const ApplicabilityFileSchema = z.strictObject({
  declarations: z.array(
    z.strictObject({
      requirement: text.describe('framework-id:requirement-id'),
      decision: z.enum(DECISIONS).describe('not-applicable, or alternative (HIPAA addressable specifications: an equivalent alternative measure).'),
      justification: text,
      alternative: text.optional().describe('The alternative measure, with decision: alternative.'),
      approver: text,
      approvedOn: day,
      reviewBy: day.optional(),
    }),
  ),
});

export interface WorkingContext {
  controls: ReadonlySet<string>;
  families: ReadonlySet<string>;
  rules: ReadonlySet<string>;
  /** `framework-id:requirement-id` of every assessable requirement. */
  requirements: ReadonlySet<string>;
  /** `framework-id:requirement-id` of the headings (a declaration there covers everything under it). */
  headings?: ReadonlySet<string>;
  /** `framework-id:requirement-id` of the requirements that admit a documented alternative (HIPAA addressable specifications). */
  alternatives?: ReadonlySet<string>;
  /** `framework-id:requirement-id` of the requirements that may not be declared not applicable (ISO 27001 clauses 4-10). */
  notExcludable?: ReadonlySet<string>;
}

export function parseApplicability(source: string, file: string, ctx: WorkingContext): { declarations: ApplicabilityDeclaration[]; problems: Problem[] } {
  const parsed = parseYamlFile(ApplicabilityFileSchema, source, file, WORKING_REFERENCE);
  const problems = [...parsed.problems];
  const declarations: ApplicabilityDeclaration[] = [];
  const seen = new Set<string>();
  for (const [i, d] of (parsed.value?.declarations ?? []).entries()) {
    const at = (key: string) => ({ file, ...parsed.locate(['declarations', i, key]), path: `declarations[${i}].${key}` });
    const before = problems.length;
    const heading = ctx.headings?.has(d.requirement) ?? false;
    if (!ctx.requirements.has(d.requirement) && !heading) problems.push({ ...at('requirement'), message: `unknown requirement ${d.requirement}`, hint: 'Write framework-id:requirement-id, e.g. pci-dss-4.0.1:4.2.1.2, or a heading such as pci-dss-4.0.1:A3 for everything under it (see `srmap frameworks show ID`).' });
    else if (seen.has(d.requirement)) problems.push({ ...at('requirement'), message: `${d.requirement} is declared twice`, hint: 'Keep one declaration per requirement.' });
    seen.add(d.requirement);
    if (d.decision === 'alternative') {
      if (d.alternative === undefined) problems.push({ ...at('decision'), message: 'an alternative declaration names no alternative measure', hint: 'Add alternative: the equivalent measure implemented instead.' });
      if ((ctx.requirements.has(d.requirement) || heading) && !(ctx.alternatives?.has(d.requirement) ?? false)) problems.push({ ...at('decision'), message: `${d.requirement} does not admit a documented alternative`, hint: 'Only HIPAA addressable implementation specifications do (45 CFR 164.306(d)(3)); declare it not-applicable with a justification, or record a risk acceptance in exceptions.yaml.' });
    } else if (ctx.notExcludable?.has(d.requirement)) {
      problems.push({ ...at('decision'), message: `${d.requirement} may not be declared not applicable`, hint: 'Its framework makes it mandatory (ISO/IEC 27001 clauses 4 to 10, for example): implement it, or record a risk acceptance in exceptions.yaml.' });
    } else if (d.alternative !== undefined) {
      problems.push({ ...at('alternative'), message: 'alternative is given, but the decision is not-applicable', hint: 'Use decision: alternative, or remove alternative.' });
    }
    if (d.reviewBy !== undefined && d.reviewBy < d.approvedOn) problems.push({ ...at('reviewBy'), message: `reviewBy ${d.reviewBy} is before approvedOn ${d.approvedOn}`, hint: 'A declaration is reviewed after it was approved.' });
    if (problems.length > before) continue;
    declarations.push({
      requirement: d.requirement,
      decision: d.decision,
      justification: d.justification,
      ...(d.alternative === undefined ? {} : { alternative: d.alternative }),
      approver: d.approver,
      approvedOn: d.approvedOn,
      ...(d.reviewBy === undefined ? {} : { reviewBy: d.reviewBy }),
    });
  }
  return { declarations, problems };
}

export function parseOwners(source: string, file: string, ctx: WorkingContext): { owners: OwnerRecord[]; problems: Problem[] } {
  const parsed = parseYamlFile(OwnersFileSchema, source, file, WORKING_REFERENCE);
  const problems = [...parsed.problems];
  const owners: OwnerRecord[] = [];
  const seen = new Set<string>();
  for (const [i, o] of (parsed.value?.owners ?? []).entries()) {
    const at = (key: string) => ({ file, ...parsed.locate(['owners', i, key]), path: `owners[${i}].${key}` });
    if (!ctx.controls.has(o.scope) && !ctx.families.has(o.scope)) {
      problems.push({ ...at('scope'), message: `unknown control or family ${o.scope}`, hint: 'Use a common control id or a family id (the `family:` of a file in frameworks/controls/).' });
      continue;
    }
    if (seen.has(o.scope)) {
      problems.push({ ...at('scope'), message: `${o.scope} is assigned twice`, hint: 'Give each control or family one RACI entry.' });
      continue;
    }
    seen.add(o.scope);
    owners.push({ scope: o.scope, responsible: o.responsible, accountable: o.accountable, ...(o.consulted ? { consulted: o.consulted } : {}), ...(o.informed ? { informed: o.informed } : {}) });
  }
  return { owners, problems };
}

export interface ExceptionPolicy {
  /** Longest an exception may run, approvedOn to expiresOn, in days. */
  maxExceptionDays: number;
}

/**
 * exceptions.yaml, checked against the catalog and the exception policy: an exception runs at most
 * `maxExceptionDays` (srmap.yaml, default one year), and a resource glob that matches everything
 * (`*`) needs `allResources: true` beside it, so accepting the risk of every resource of a rule is
 * said in so many words and never slips in as a typo.
 */
export function parseExceptions(source: string, file: string, ctx: WorkingContext, policy: ExceptionPolicy = { maxExceptionDays: DEFAULT_MAX_EXCEPTION_DAYS }): { exceptions: ExceptionRecord[]; problems: Problem[] } {
  const parsed = parseYamlFile(ExceptionsFileSchema, source, file, WORKING_REFERENCE);
  const problems = [...parsed.problems];
  const exceptions: ExceptionRecord[] = [];
  const seen = new Set<string>();
  for (const [i, e] of (parsed.value?.exceptions ?? []).entries()) {
    const at = (key: string) => ({ file, ...parsed.locate(['exceptions', i, key]), path: `exceptions[${i}].${key}` });
    const before = problems.length;
    if (seen.has(e.id)) problems.push({ ...at('id'), message: `duplicate exception id ${e.id}`, hint: 'Give every exception its own id.' });
    seen.add(e.id);
    const byResource = e.rule !== undefined || e.resource !== undefined;
    if (byResource && e.requirement !== undefined) problems.push({ ...at('requirement'), message: 'give either rule + resource, or requirement, not both', hint: 'Split it into two exceptions.' });
    else if (!byResource && e.requirement === undefined) problems.push({ ...at('id'), message: 'the exception covers nothing', hint: 'Add rule + resource (failing resources of one managed rule) or requirement (framework-id:requirement-id).' });
    else if (byResource && (e.rule === undefined || e.resource === undefined)) problems.push({ ...at(e.rule === undefined ? 'resource' : 'rule'), message: 'rule and resource go together', hint: 'Name the managed rule and the resource id or ARN glob it covers.' });
    if (e.rule !== undefined && !ctx.rules.has(e.rule)) problems.push({ ...at('rule'), message: `unknown AWS Config managed rule ${e.rule}`, hint: 'Use the rule identifier (Source.SourceIdentifier, UPPER_SNAKE), not the deployed rule name.' });
    if (e.requirement !== undefined && !ctx.requirements.has(e.requirement)) problems.push({ ...at('requirement'), message: `unknown requirement ${e.requirement}`, hint: 'Write framework-id:requirement-id, e.g. pci-dss-4.0.1:11.4.1 (see `srmap frameworks show ID`).' });
    if (e.expiresOn < e.approvedOn) problems.push({ ...at('expiresOn'), message: `expiresOn ${e.expiresOn} is before approvedOn ${e.approvedOn}`, hint: 'An exception expires after it was approved.' });
    else if (daysBetween(e.approvedOn, e.expiresOn) > policy.maxExceptionDays) {
      problems.push({ ...at('expiresOn'), message: `runs ${daysBetween(e.approvedOn, e.expiresOn)} days (approvedOn ${e.approvedOn} to expiresOn ${e.expiresOn}), more than the ${policy.maxExceptionDays} days an exception may run`, hint: `Set expiresOn at most ${policy.maxExceptionDays} days after approvedOn and renew it when it is reviewed again; maxExceptionDays in srmap.yaml sets the limit (at most ${MAX_EXCEPTION_DAYS_LIMIT}).` });
    }
    if (e.resource !== undefined && matchesEverything(e.resource) && e.allResources !== true) {
      problems.push({ ...at('resource'), message: `resource '${e.resource}' covers every resource the rule evaluates`, hint: "Name the resources (an id, or a glob such as 'arn:aws:s3:::logs-*'); if every resource of the rule is really accepted, add allResources: true to this exception to say so." });
    }
    if (e.allResources === true && (e.resource === undefined || !matchesEverything(e.resource))) {
      problems.push({ ...at('allResources'), message: "allResources: true goes only with resource '*'", hint: 'Remove allResources, or set resource to * if the exception is meant to cover every resource of the rule.' });
    }
    if (problems.length > before) continue;
    exceptions.push({
      id: e.id,
      ...(e.rule !== undefined ? { ruleIdentifier: e.rule, resourcePattern: e.resource as string } : { requirement: e.requirement as string }),
      reason: e.reason,
      compensatingControl: e.compensatingControl,
      approver: e.approver,
      approvedOn: e.approvedOn,
      expiresOn: e.expiresOn,
    });
  }
  return { exceptions, problems };
}

/** `frameworkIds`: the catalog's, to check the frameworks named; undefined skips that check (collect reads no catalog). */
export function parseWorkingConfig(source: string, file: string, frameworkIds: ReadonlySet<string> | undefined): { config?: WorkingConfig; problems: Problem[] } {
  const parsed = parseYamlFile(WorkingConfigSchema, source, file, WORKING_REFERENCE);
  const problems = [...parsed.problems];
  // Read the raw list too, so an unknown framework is reported even when another key failed the schema.
  const raw = (parsed.raw as { frameworks?: unknown } | undefined)?.frameworks;
  for (const [i, f] of (Array.isArray(raw) ? raw : []).entries()) {
    if (frameworkIds !== undefined && typeof f === 'string' && !frameworkIds.has(f)) problems.push({ file, ...parsed.locate(['frameworks', i]), path: `frameworks[${i}]`, message: `unknown framework ${f}`, hint: `Use one of: ${[...frameworkIds].join(', ')}.` });
  }
  const scope = (parsed.raw as { scope?: unknown } | undefined)?.scope;
  if (frameworkIds !== undefined && scope !== null && typeof scope === 'object') {
    for (const f of Object.keys(scope)) {
      if (!frameworkIds.has(f)) problems.push({ file, ...parsed.locate(['scope', f]), path: `scope.${f}`, message: `scope for unknown framework ${f}`, hint: `Key scope by framework id: ${[...frameworkIds].join(', ')}.` });
    }
  }
  for (const [f, declared] of Object.entries(parsed.value?.scope ?? {})) {
    const accounts = parsed.value?.accounts;
    for (const [i, a] of (declared.accounts ?? []).entries()) {
      if (accounts !== undefined && !accounts.includes(a)) problems.push({ file, ...parsed.locate(['scope', f, 'accounts', i]), path: `scope.${f}.accounts[${i}]`, message: `account ${a} is in the ${f} scope but not in accounts`, hint: 'List it under accounts too (the accounts the organisation holds), or fix the id.' });
    }
  }
  return problems.length === 0 && parsed.value ? { config: parsed.value, problems } : { problems };
}
