/**
 * NIST's OSCAL 1.1.2 JSON Schema for the tests: the copy srmap ships (vendor/oscal/), which a test
 * keeps byte-identical to the team's reference copy in ../shared/reference/oscal/ when that is
 * present (a clean clone of the repository always has the vendored one). Compiled once per test
 * file's process (about 1.4 s).
 */
import { join } from 'node:path';
import { loadOscalSchema, type OscalSchemaValidator } from '../../src/pipeline/validate-oscal.js';
import { REPO_ROOT } from './run-srmap.js';

export const VENDORED_OSCAL_SCHEMA = join(REPO_ROOT, 'vendor', 'oscal', 'oscal_complete_schema-1.1.2.json');
export const SHARED_OSCAL_SCHEMA = join(REPO_ROOT, '..', 'shared', 'reference', 'oscal', 'oscal_complete_schema-1.1.2.json');

let validator: Promise<OscalSchemaValidator> | undefined;

export function oscalSchema(): Promise<OscalSchemaValidator> {
  validator ??= loadOscalSchema(VENDORED_OSCAL_SCHEMA);
  return validator;
}
