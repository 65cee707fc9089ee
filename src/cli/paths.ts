/** Where the installed package's own files are, wherever srmap is run from. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FRAMEWORKS_DIR = join(PACKAGE_ROOT, 'frameworks');
export const SAMPLE_SNAPSHOT_DIR = join(PACKAGE_ROOT, 'evidence', 'sample');

export const TOOL_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
