/** Where the installed package's own files are, wherever srmap is run from. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FRAMEWORKS_DIR = join(PACKAGE_ROOT, 'frameworks');
export const EVIDENCE_DIR = join(PACKAGE_ROOT, 'evidence');
export const SAMPLE_SNAPSHOT_DIR = join(EVIDENCE_DIR, 'sample');
/** The same fictional organisation one quarter earlier: what the demo compares with. */
export const PREVIOUS_SAMPLE_SNAPSHOT_DIR = join(EVIDENCE_DIR, 'sample-previous');
/** The sample organisation's working folder: evidence register, owners, exceptions. */
export const SAMPLE_WORKSPACE_CONFIG = join(EVIDENCE_DIR, 'sample-workspace', 'srmap.yaml');

/** NIST's OSCAL 1.1.2 JSON Schema, shipped in the package (vendor/oscal/README.md). */
export const OSCAL_SCHEMA_PATH = join(PACKAGE_ROOT, 'vendor', 'oscal', 'oscal_complete_schema-1.1.2.json');

export const TOOL_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
