/**
 * Read the catalog directory (frameworks/) from disk, parse and cross-check it. The only I/O in
 * src/catalog; parsing and checking are pure (parse-catalog.ts, check-catalog.ts).
 *
 *   frameworks/controls/*.yaml              common controls, one file per family
 *   frameworks/evidence-kinds.yaml          manual and attestation evidence kinds
 *   frameworks/<framework-id>.yaml          one file per framework
 *   frameworks/aws-config-managed-rules.json  the known managed-rule identifiers
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, ControlFile, Framework } from '../domain/catalog.js';
import { SrmapError, type Problem } from '../domain/errors.js';
import { checkCatalog, type CatalogFiles } from './check-catalog.js';
import {
  parseControlFile,
  parseEvidenceKindsFile,
  parseFrameworkFile,
  parseManagedRulesFile,
  type ParsedFile,
} from './parse-catalog.js';
import { toCatalog } from './to-catalog.js';

export const EVIDENCE_KINDS_FILE = 'evidence-kinds.yaml';
export const MANAGED_RULES_FILE = 'aws-config-managed-rules.json';
export const CONTROLS_DIR = 'controls';

/** The repository's frameworks/ directory, found from this module's location. */
export function defaultCatalogDir(): string {
  return fileURLToPath(new URL('../../frameworks/', import.meta.url));
}

export interface CatalogReadResult {
  dir: string;
  /** Present when there are no problems. */
  catalog: Catalog | undefined;
  problems: Problem[];
  /** Files read, as shown in problems. */
  files: string[];
}

/** How a file is named in problems: relative to the working directory when inside it. */
function displayName(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

async function readText(abs: string, problems: Problem[], hint: string): Promise<string | undefined> {
  try {
    return await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push({ file: displayName(abs), message: code === 'ENOENT' ? 'file not found' : `cannot read the file: ${(e as Error).message}`, hint });
    return undefined;
  }
}

async function listYaml(dir: string): Promise<string[] | undefined> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return undefined;
  }
}

/**
 * Read, parse and check every file of the catalog at `dir`. Never throws for catalog problems:
 * they are returned, located, for `srmap validate` to print.
 */
export async function readCatalog(dir: string = defaultCatalogDir()): Promise<CatalogReadResult> {
  const root = path.resolve(dir);
  const problems: Problem[] = [];
  const files: string[] = [];

  const controlsDir = path.join(root, CONTROLS_DIR);
  const controlNames = await listYaml(controlsDir);
  const controlFiles: ParsedFile<ControlFile>[] = [];
  if (controlNames === undefined || controlNames.length === 0) {
    problems.push({ file: displayName(controlsDir), message: controlNames ? 'no control files (*.yaml) found' : 'directory not found', hint: 'The common control library lives in controls/*.yaml, one file per family.' });
  }
  for (const name of controlNames ?? []) {
    const abs = path.join(controlsDir, name);
    const text = await readText(abs, problems, 'Check the file permissions.');
    if (text === undefined) continue;
    files.push(displayName(abs));
    controlFiles.push(parseControlFile(text, displayName(abs)));
  }

  const topNames = (await listYaml(root)) ?? [];
  const frameworks: ParsedFile<Framework>[] = [];
  for (const name of topNames.filter((n) => n !== EVIDENCE_KINDS_FILE)) {
    const abs = path.join(root, name);
    const text = await readText(abs, problems, 'Check the file permissions.');
    if (text === undefined) continue;
    files.push(displayName(abs));
    frameworks.push(parseFrameworkFile(text, displayName(abs)));
  }
  if (frameworks.length === 0) {
    problems.push({ file: displayName(root), message: 'no framework files (<framework-id>.yaml) found', hint: 'Each framework is one YAML file next to evidence-kinds.yaml, e.g. hipaa-security.yaml.' });
  }

  const kindsAbs = path.join(root, EVIDENCE_KINDS_FILE);
  const kindsText = await readText(kindsAbs, problems, 'The manual and attestation evidence kinds are defined in evidence-kinds.yaml.');
  const evidenceKinds = kindsText === undefined ? undefined : parseEvidenceKindsFile(kindsText, displayName(kindsAbs));
  if (kindsText !== undefined) files.push(displayName(kindsAbs));

  const rulesAbs = path.join(root, MANAGED_RULES_FILE);
  const rulesText = await readText(rulesAbs, problems, 'Regenerate it with `npx tsx src/tools/import-managed-rules.ts`.');
  const managedRules = rulesText === undefined ? undefined : parseManagedRulesFile(rulesText, displayName(rulesAbs));
  if (rulesText !== undefined) files.push(displayName(rulesAbs));

  const parsed: CatalogFiles = { controlFiles, frameworks, evidenceKinds, managedRules };
  for (const f of [...controlFiles, ...frameworks, ...(evidenceKinds ? [evidenceKinds] : []), ...(managedRules ? [managedRules] : [])]) {
    problems.push(...f.problems);
  }
  problems.push(...checkCatalog(parsed));

  return { dir: root, catalog: problems.length === 0 ? toCatalog(parsed) : undefined, problems, files };
}

/** Load the catalog at `dir` (default: the repository's frameworks/); throws CATALOG_INVALID on any problem. */
export async function loadCatalog(dir: string = defaultCatalogDir()): Promise<Catalog> {
  const result = await readCatalog(dir);
  if (result.catalog === undefined) {
    const n = result.problems.length;
    throw new SrmapError('CATALOG_INVALID', `${n} problem(s) in the catalog at ${displayName(result.dir)}`, {
      problems: result.problems,
      hint: 'Fix the problems listed (each names its file, line and path); `srmap validate` lists them again.',
    });
  }
  return result.catalog;
}
