/**
 * One framework's OSCAL 1.1.2 set, built from the one evaluation (PackInput): its catalog, srmap's
 * common controls catalog, its profile, the component definition, the system security plan, the
 * assessment plan, the assessment results and the POA&M (when there is anything to track). The
 * documents link to each other by relative file name. Pure.
 */
import { toOscalModel, type OscalInput } from './oscal-model.js';
import { toCommonControlsCatalog, toFrameworkCatalog, toProfile } from './to-oscal-catalog.js';
import { toComponentDefinition } from './to-oscal-component-definition.js';
import { toSsp } from './to-oscal-ssp.js';
import { toAssessmentPlan, toAssessmentResults } from './to-oscal-assessment-results.js';
import { toPoam } from './to-oscal-poam.js';

export type { OscalInput } from './oscal-model.js';
export { oscalFileNames } from './oscal-model.js';

export interface OscalDocument {
  /** File name inside the framework's OSCAL folder. */
  name: string;
  document: Record<string, unknown>;
}

export function toOscalSet(input: OscalInput): OscalDocument[] {
  const model = toOscalModel(input);
  const f = model.files;
  const poam = toPoam(model);
  return [
    { name: f.catalog, document: toFrameworkCatalog(model) },
    { name: f.commonControls, document: toCommonControlsCatalog(model) },
    { name: f.profile, document: toProfile(model) },
    { name: f.componentDefinition, document: toComponentDefinition(model) },
    { name: f.ssp, document: toSsp(model) },
    { name: f.assessmentPlan, document: toAssessmentPlan(model) },
    { name: f.assessmentResults, document: toAssessmentResults(model) },
    ...(poam ? [{ name: f.poam, document: poam }] : []),
  ];
}

/** The bytes of a document: JSON with its `$schema`-free body, two-space indent, one final newline. */
export function toOscalJson(doc: OscalDocument): string {
  return `${JSON.stringify(doc.document, null, 2)}\n`;
}
