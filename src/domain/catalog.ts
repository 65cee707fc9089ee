/**
 * The catalog format: one strict zod schema from which the TypeScript types and the JSON Schema
 * in frameworks/schema/ are generated. It lives in domain/ (not catalog/) because evaluate/ and
 * render/ need the types and siblings may not import each other; zod is a library, not ours.
 */
import { z } from 'zod';
import { DECISIONS } from './applicability.js';
import type { Cuec } from './cuec.js';
import { RESPONSIBILITIES, STATUSES, type Status } from './status.js';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'lower-case kebab-case id, e.g. encrypt-data-at-rest');

const ruleId = z.string().regex(/^[A-Z0-9_]+$/, 'AWS Config managed-rule SourceIdentifier in UPPER_SNAKE');

/** Service kinds whose split of responsibility differs (ARCHITECTURE: "the split per service"). */
export const SERVICE_KINDS = [
  'ec2',
  'containers-on-ec2',
  'fargate',
  'lambda',
  'rds',
  'dynamodb',
  's3',
  'ebs-efs',
  'network-edge',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const ResponsibilitySplitSchema = z.strictObject({
  model: z.enum(RESPONSIBILITIES).describe('Who carries it for the AWS-hosted scope.'),
  aws: z.string().min(1).describe('What AWS does, one sentence.'),
  customer: z.string().min(1).describe('What the customer does, one sentence.'),
});

export const ServiceSplitSchema = ResponsibilitySplitSchema.extend({
  service: z.enum(SERVICE_KINDS),
});

export const ControlSchema = z.strictObject({
  id: id.describe('Stable id of the common control, e.g. encrypt-data-at-rest.'),
  title: z.string().min(1),
  objective: z.string().min(1).describe('What the control achieves, in our own words.'),
  responsibility: ResponsibilitySplitSchema.extend({
    services: z.array(ServiceSplitSchema).optional().describe('Where the split moves with the kind of service.'),
  }),
  evidence: z.strictObject({
    configRules: z
      .array(ruleId)
      .default([])
      .describe('AWS Config managed-rule identifiers (Source.SourceIdentifier).'),
    attestations: z.array(id).default([]).describe('AWS attestation ids (frameworks/evidence-kinds.yaml) for the AWS side.'),
    manual: z.array(id).default([]).describe('Manual evidence kind ids (frameworks/evidence-kinds.yaml).'),
  }),
  narrative: z.string().min(1).describe('Handlebars implementation statement.'),
  remediation: z.string().min(1).describe('What to do when the control is not met.'),
});

export const ControlFileSchema = z.strictObject({
  family: id.describe('Control family id, e.g. data-protection.'),
  title: z.string().min(1),
  controls: z.array(ControlSchema).min(1),
});

/** A shipped item an overlay removes, explicitly, and why. */
export const RemovalSchema = z.strictObject({
  id: z.string().min(1).describe('The id of the item removed, as the catalog below writes it.'),
  reason: z.string().min(1).describe('Why it is removed: shown by frameworks show and recorded in the pack manifest.'),
});

/** A control file of a catalog overlay: new or replaced controls of the family, and controls of it removed. */
export const ControlFileOverlaySchema = ControlFileSchema.extend({
  controls: z.array(ControlSchema).default([]),
  remove: z
    .array(RemovalSchema)
    .optional()
    .describe('Controls of this family in the catalog below that this overlay removes, each with its reason; a requirement that maps one no longer does (listed as affected).'),
});

const propertyName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'lower-case kebab-case property name, e.g. hipaa-type');

/**
 * The requirements.csv columns a framework property may fill: the CSV contract keeps them for every
 * framework (empty where no property fills them), so a property names its column, code names none.
 */
export const REQUIREMENT_PROPERTY_COLUMNS = ['hipaa_type', 'service_provider_only'] as const;
export type RequirementPropertyColumn = (typeof REQUIREMENT_PROPERTY_COLUMNS)[number];

/** Facts about the organisation (srmap.yaml) that a property value can make a requirement depend on. */
export const APPLIES_ONLY_TO = ['service-providers'] as const;

export const PropertyValueSchema = z.strictObject({
  label: z.string().min(1).max(60).optional().describe('How the value is shown beside the status (the PDF, frameworks show); absent: not shown.'),
  alternative: z
    .boolean()
    .optional()
    .describe('A requirement with this value may be met by a documented alternative measure (applicability.yaml decision: alternative), as HIPAA addressable specifications.'),
  appliesOnlyTo: z
    .enum(APPLIES_ONLY_TO)
    .optional()
    .describe('service-providers: not applicable unless srmap.yaml says serviceProvider: true (PCI DSS requirements for service providers).'),
});

/** A framework-specific attribute of requirements, declared by the framework file that uses it. */
export const PropertyDeclarationSchema = z.strictObject({
  title: z.string().min(1).describe('What the property is, e.g. HIPAA implementation specification.'),
  description: z.string().min(1).optional(),
  values: z
    .record(z.string().min(1), PropertyValueSchema)
    .refine((v) => Object.keys(v).length > 0, 'declare at least one value')
    .describe("The allowed values (a requirement's value must be one of them), each with how it is shown and what it does."),
  column: z.enum(REQUIREMENT_PROPERTY_COLUMNS).optional().describe('The requirements.csv column that carries the value; absent: the value is shown in the PDF, frameworks show and OSCAL only.'),
});

export const RequirementSchema = z.strictObject({
  id: z.string().min(1).describe("The standard's own identifier, exactly as written (164.312(a)(2)(iv), 3.5.1, CC6.1, A.8.24)."),
  parent: z.string().min(1).optional().describe('Identifier of the parent node in the tree.'),
  title: z.string().min(1).describe('Short title in our own words (HIPAA headings are public text).'),
  description: z.string().min(1).optional(),
  assessable: z.boolean().default(true).describe('false for headings (sections, series, clauses that only group).'),
  controls: z.array(id).default([]).describe('Common controls that implement it: their evidence decides its status (narrowed by `decides`).'),
  decides: z
    .strictObject({
      configRules: z.array(ruleId).optional().describe("Only these rules of the controls test this requirement; the controls' other rules support it."),
      manual: z.array(id).optional().describe("Only these manual evidence kinds of the controls decide it; the others support it."),
      attestations: z.array(id).optional().describe("Only these AWS attestations of the controls decide its AWS side; [] when AWS has no part in it."),
    })
    .optional()
    .describe('Narrows the evidence of `controls` to what tests this requirement. Absent: all of it decides.'),
  supportedBy: z.array(id).optional().describe('Related common controls: their evidence is shown as supporting and never decides.'),
  supportingRules: z.array(ruleId).optional().describe('Related managed rules of no mapped control (e.g. pairs of an AWS conformance pack): shown, never decide.'),
  properties: z
    .record(propertyName, z.union([z.string().min(1), z.boolean().transform(String)]))
    .optional()
    .describe("The framework's own attributes of this requirement, each declared under the file's top-level properties: (name and allowed values), e.g. hipaa-type: addressable."),
  mappingNotes: z.string().min(1).optional().describe('Deliberate deviations from reference mappings, explained.'),
});

const term = z.string().min(1).max(60);

/** The framework's own reporting vocabulary, shown beside srmap's status. */
export const ReportingSchema = z.strictObject({
  vocabulary: z.string().min(1).describe("What the terms are, e.g. 'PCI DSS ROC finding'."),
  terms: z
    .strictObject(Object.fromEntries(STATUSES.map((s) => [s, term])) as Record<Status, typeof term>)
    .describe("The framework's term for each srmap status."),
  declaredNotApplicable: term.optional().describe('Term for a requirement declared not applicable (applicability.yaml); default: terms.not-applicable.'),
  alternative: term.optional().describe('Term for a documented alternative measure (HIPAA addressable specifications).'),
  notes: z.string().min(1).optional().describe('How the terms are applied, shown in the pack.'),
  notExcludable: z.array(z.string().min(1)).optional().describe('Requirement ids (with everything under them) that may not be declared not applicable, e.g. the mandatory clauses of a management-system standard.'),
});

/** The kinds of sheet of its own a framework's workbook may add (render/xlsx builds each). */
export const WORKBOOK_SHEET_KINDS = ['statement-of-applicability', 'responsibility-summary'] as const;
export type WorkbookSheetKind = (typeof WORKBOOK_SHEET_KINDS)[number];

const columnName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case snake_case column header, e.g. annex_a_control');

/** A sheet of the framework's own in its workbook, after Requirements. */
export const WorkbookSheetSchema = z.strictObject({
  kind: z
    .enum(WORKBOOK_SHEET_KINDS)
    .describe(
      'statement-of-applicability: each requirement applicable or excluded (applicability.yaml), with its implementation, controls and evidence; responsibility-summary: each requirement AWS, shared or customer and what each side does, headings as section rows.',
    ),
  name: z.string().min(1).optional().describe('The sheet name (at most 31 characters, none of : \\ / ? * [ ]). Absent: Statement of Applicability, or Responsibility summary.'),
  description: z.string().min(1).optional().describe("What the sheet holds, as the About sheet lists it. Absent: a description of the kind."),
  under: z.array(z.string().min(1)).min(1).optional().describe('Only the requirements under these headings (e.g. the Annex A themes). Absent: every requirement.'),
  headers: z
    .strictObject({
      id: columnName.optional().describe("The requirement id column's header. Absent: requirement."),
      parent: columnName.optional().describe("statement-of-applicability: the parent heading column's header. Absent: parent."),
    })
    .optional()
    .describe("The framework's words for the sheet's first columns, e.g. annex_a_control and theme."),
});

/** What srmap init writes, commented, as the framework's scope in srmap.yaml, for the user to fill in. */
export const ScopeHintSchema = z
  .strictObject({
    description: z.string().min(1).max(200).describe('The systems the framework covers, e.g. Cardholder data environment and the systems connected to it.'),
    tags: z
      .record(z.string().min(1), z.string())
      .refine((t) => Object.keys(t).length > 0, 'give at least one tag, or leave tags out')
      .optional()
      .describe("An example tag selector for its in-scope resources (key: value), e.g. {cde: 'true'}."),
  })
  .describe("The hint srmap init writes, commented out, as this framework's scope: in srmap.yaml. Absent: a generic description and no tags.");

/** What srmap init writes, commented, as this framework's example in applicability.yaml, for the user to adapt. */
export const ApplicabilityHintSchema = z
  .strictObject({
    requirement: z.string().min(1).describe('A requirement (or heading) of this framework organisations commonly declare, e.g. 4.2.1.2 where no wireless network carries card data.'),
    decision: z.enum(DECISIONS).default('not-applicable').describe('not-applicable, or alternative (a requirement whose property value admits a documented alternative measure).'),
    alternative: z.string().min(1).max(200).optional().describe('With decision: alternative, the equivalent measure implemented instead.'),
    justification: z.string().min(1).max(200).describe('Why, as an assessor would read it.'),
  })
  .superRefine((h, ctx) => {
    if (h.decision === 'alternative' && h.alternative === undefined) ctx.addIssue({ code: 'custom', path: ['alternative'], message: 'decision: alternative needs the alternative measure' });
    if (h.decision === 'not-applicable' && h.alternative !== undefined) ctx.addIssue({ code: 'custom', path: ['alternative'], message: 'alternative is given, but the decision is not-applicable' });
  })
  .describe("The example declaration srmap init writes, commented out, for this framework in applicability.yaml. Absent: the first requirement that may be declared, with a justification to write.");

export const FrameworkSchema = z.strictObject({
  id: id.describe('Stable framework id; the file is named <id>.yaml.'),
  name: z.string().min(1),
  version: z.string().min(1),
  publisher: z.string().min(1),
  description: z.string().min(1),
  order: z.number().int().min(0).optional().describe('Position in lists (lower first); frameworks without one follow, by id.'),
  scopeHint: ScopeHintSchema.optional(),
  applicabilityHint: ApplicabilityHintSchema.optional(),
  reporting: ReportingSchema.optional(),
  workbookSheets: z
    .array(WorkbookSheetSchema)
    .optional()
    .describe("Sheets of the framework's own in its workbook (<framework-id>-workbook.xlsx), after Requirements, in this order."),
  properties: z
    .record(propertyName, PropertyDeclarationSchema)
    .optional()
    .describe("The framework's own requirement attributes (name: title, allowed values, what each does): namespaced by this file, written under a requirement's properties:."),
  citations: z
    .array(
      z.strictObject({
        pattern: z.string().min(1).describe('A JavaScript regular expression that finds a reference to one of its requirements in free text, e.g. a questionnaire question.'),
        ignoreCase: z.boolean().default(false).describe('Match regardless of case.'),
        id: z.string().min(1).default('$1').describe("The requirement id a match names: $1, $2 ... are the pattern's groups (e.g. A.$1); a heading's id names the first requirement under it."),
      }),
    )
    .optional()
    .describe("How its requirements are cited in free text: srmap answer takes a question naming one as about it."),
  answerTextWeight: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("srmap answer: the share of a requirement's match to a question that comes from its own title and headings (the rest from its controls' words); tuned on the labelled tune questionnaires (npm run answer-quality measures the effect). Absent: 0.2."),
  requirements: z.array(RequirementSchema).min(1),
});

/**
 * A framework file of a catalog overlay: a new framework (every field, as in FrameworkSchema), or
 * changes to a framework of the catalog below it by id: only `id` and the requirements added or
 * replaced (each whole), and any top-level field to replace.
 */
export const FrameworkOverlaySchema = FrameworkSchema.partial({ name: true, version: true, publisher: true, description: true }).extend({
  requirements: z.array(RequirementSchema).default([]).describe('Requirements added, or replaced whole by id.'),
  remove: z
    .array(RemovalSchema)
    .optional()
    .describe('Requirements of the framework below that this overlay removes, each with its reason; a heading goes with everything under it.'),
});

export const ManualEvidenceKindSchema = z.strictObject({
  id,
  title: z.string().min(1),
  description: z.string().min(1),
  reviewEveryDays: z.number().int().positive().describe('Default review cadence in days.'),
});

export const AttestationKindSchema = z.strictObject({
  id,
  title: z.string().min(1),
  type: z.enum(['report', 'agreement']),
  description: z.string().min(1),
  /** How to recognise it in an AWS Artifact listing: every given field must match (case-insensitive regex). */
  match: z.strictObject({
    name: z.string().optional(),
    category: z.string().optional(),
    series: z.string().optional(),
    agreementType: z.string().optional(),
  }),
});

export const EvidenceKindsFileSchema = z.strictObject({
  manual: z.array(ManualEvidenceKindSchema).min(1),
  attestations: z.array(AttestationKindSchema).min(1),
});

/** evidence-kinds.yaml of a catalog overlay: new kinds, or kinds of the catalog below it replaced by id. */
export const EvidenceKindsOverlaySchema = z.strictObject({
  manual: z.array(ManualEvidenceKindSchema).default([]),
  attestations: z.array(AttestationKindSchema).default([]),
});

export const ManagedRuleSchema = z.strictObject({
  identifier: z.string(),
  name: z.string(),
  verified: z.boolean(),
  resourceTypes: z.array(z.string()),
});
export const ManagedRulesFileSchema = z.strictObject({
  note: z.string(),
  rules: z.array(ManagedRuleSchema),
});

export type ResponsibilitySplit = z.infer<typeof ResponsibilitySplitSchema>;
export type ServiceSplit = z.infer<typeof ServiceSplitSchema>;
export type Control = z.infer<typeof ControlSchema> & { family: string };
export type ControlFile = z.infer<typeof ControlFileSchema>;
export type ControlFileOverlay = z.infer<typeof ControlFileOverlaySchema>;
export type Removal = z.infer<typeof RemovalSchema>;
export type Requirement = z.infer<typeof RequirementSchema>;
export type Framework = z.infer<typeof FrameworkSchema>;
export type FrameworkOverlay = z.infer<typeof FrameworkOverlaySchema>;
export type Reporting = z.infer<typeof ReportingSchema>;
export type ScopeHint = z.infer<typeof ScopeHintSchema>;
export type ApplicabilityHint = z.infer<typeof ApplicabilityHintSchema>;
export type WorkbookSheet = z.infer<typeof WorkbookSheetSchema>;
export type PropertyDeclaration = z.infer<typeof PropertyDeclarationSchema>;
export type PropertyValue = z.infer<typeof PropertyValueSchema>;
export type ManualEvidenceKind = z.infer<typeof ManualEvidenceKindSchema>;
export type AttestationKind = z.infer<typeof AttestationKindSchema>;
export type ManagedRule = z.infer<typeof ManagedRuleSchema>;

export const CATALOG_ITEM_KINDS = ['framework', 'requirement', 'control', 'family', 'manual-kind', 'attestation-kind', 'cuec-set'] as const;
export type CatalogItemKind = (typeof CATALOG_ITEM_KINDS)[number];

/** One item a catalog overlay adds to, or changes in, the catalog below it. */
export interface CatalogChange {
  kind: CatalogItemKind;
  /** The item's id (a requirement's own id, its framework is `frameworkId`; a CUEC set's attestation kind). */
  id: string;
  frameworkId?: string;
  /** added, replaced or removed by the overlay; affected: a requirement below whose control the overlay replaced or removed. */
  change: 'added' | 'replaced' | 'removed' | 'affected';
  /** The overlay file it comes from, as named in problems. */
  file: string;
  /** For an affected requirement: what it no longer decides on; for a removed item: the overlay's reason. */
  note?: string;
  /** For an affected requirement: the controls it maps that an overlay replaced or removed. */
  controls?: string[];
}

/** A catalog overlay folder (srmap.yaml `catalog:`, or --catalog) and the files read from it. */
export interface CatalogOverlay {
  dir: string;
  files: { path: string; sha256: string }[];
}

/** Everything under frameworks/, with any overlays laid over it, loaded and cross-checked. */
export interface Catalog {
  frameworks: readonly Framework[];
  controls: ReadonlyMap<string, Control>;
  families: ReadonlyMap<string, string>;
  manualKinds: ReadonlyMap<string, ManualEvidenceKind>;
  attestationKinds: ReadonlyMap<string, AttestationKind>;
  managedRules: ReadonlyMap<string, ManagedRule>;
  /** The complementary user entity controls (cuecs/*.yaml of the catalog and its overlays); absent: none. */
  cuecs?: readonly Cuec[];
  /** The overlays laid over the base catalog, in order (empty for the shipped catalog alone). */
  overlays?: readonly CatalogOverlay[];
  /** What the overlays add or replace, in order. */
  changes?: readonly CatalogChange[];
}
