/**
 * The narrative contract: the fields a control's Handlebars implementation statement may use.
 * render/narrative builds exactly this context; catalog/check-narrative checks templates against
 * NARRATIVE_FIELDS, which the compiler keeps equal to the type's keys.
 */

export interface NarrativeContext {
  organisation: string;
  asOf: string;
  status: string;
  responsibility: string;
  ruleCount: number;
  compliant: number;
  evaluated: number;
  failing: number;
  rules: { identifier: string; compliant: number; nonCompliant: number; total: number }[];
  manual: { title: string; status: string; collectedOn: string }[];
  attestations: { title: string; status: string; period: string }[];
}

/** A scalar field, or an array whose items have these fields. */
export type FieldShape = 'scalar' | { readonly [field: string]: FieldShape };

/** The narrative context, exactly as the renderer builds it (render/narrative). */
export const NARRATIVE_FIELDS = {
  organisation: 'scalar',
  asOf: 'scalar',
  status: 'scalar',
  responsibility: 'scalar',
  ruleCount: 'scalar',
  compliant: 'scalar',
  evaluated: 'scalar',
  failing: 'scalar',
  rules: { identifier: 'scalar', compliant: 'scalar', nonCompliant: 'scalar', total: 'scalar' },
  manual: { title: 'scalar', status: 'scalar', collectedOn: 'scalar' },
  attestations: { title: 'scalar', status: 'scalar', period: 'scalar' },
} as const satisfies Record<keyof NarrativeContext, FieldShape>;

/** A sample context with every field, for tests and previews. */
export const SAMPLE_NARRATIVE_CONTEXT: NarrativeContext = {
  organisation: 'Example Health Ltd',
  asOf: '2026-03-31',
  status: 'partial',
  responsibility: 'shared',
  ruleCount: 3,
  compliant: 41,
  evaluated: 44,
  failing: 3,
  rules: [
    { identifier: 'ENCRYPTED_VOLUMES', compliant: 20, nonCompliant: 2, total: 22 },
    { identifier: 'RDS_STORAGE_ENCRYPTED', compliant: 21, nonCompliant: 1, total: 22 },
  ],
  manual: [{ title: 'Information security policy', status: 'current', collectedOn: '2026-01-15' }],
  attestations: [{ title: 'AWS SOC 2 Type 2 report', status: 'current', period: '2025-04-01 to 2026-03-31' }],
};

