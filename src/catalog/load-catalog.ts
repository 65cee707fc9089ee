/**
 * Read the catalog directory (frameworks/) from disk, parse and cross-check it. With catalog-cache.ts
 * the only I/O in src/catalog; parsing and checking are pure (parse-catalog.ts, check-catalog.ts).
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
import type { CatalogFiles } from './check-catalog.js';
import type { ParsedFile } from './parse-catalog.js';
import { catalogCacheKey, readCachedCatalog, writeCachedCatalog } from './catalog-cache.js';
import { pushAll } from '../domain/arrays.js';

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

/** A catalog file read from disk, before parsing. */
interface CatalogSource {
  kind: 'control' | 'framework' | 'evidence-kinds' | 'managed-rules';
  abs: string;
  text: string;
}

/**
 * Read, parse and check every file of the catalog at `dir`. Never throws for catalog problems:
 * they are returned, located, for `srmap validate` to print. A catalog that checked clean before,
 * byte for byte, with the same build of srmap, comes from the catalog cache instead (catalog-cache.ts).
 */
export async function readCatalog(dir: string = defaultCatalogDir()): Promise<CatalogReadResult> {
  const root = path.resolve(dir);
  const problems: Problem[] = [];
  const files: string[] = [];
  const sources: CatalogSource[] = [];
  const add = async (kind: CatalogSource['kind'], abs: string, hint: string) => {
    const text = await readText(abs, problems, hint);
    if (text === undefined) return;
    files.push(displayName(abs));
    sources.push({ kind, abs, text });
  };

  const controlsDir = path.join(root, CONTROLS_DIR);
  const controlNames = await listYaml(controlsDir);
  if (controlNames === undefined || controlNames.length === 0) {
    problems.push({ file: displayName(controlsDir), message: controlNames ? 'no control files (*.yaml) found' : 'directory not found', hint: 'The common control library lives in controls/*.yaml, one file per family.' });
  }
  for (const name of controlNames ?? []) await add('control', path.join(controlsDir, name), 'Check the file permissions.');

  const topNames = (await listYaml(root)) ?? [];
  const frameworkNames = topNames.filter((n) => n !== EVIDENCE_KINDS_FILE);
  for (const name of frameworkNames) await add('framework', path.join(root, name), 'Check the file permissions.');
  if (frameworkNames.length === 0) {
    problems.push({ file: displayName(root), message: 'no framework files (<framework-id>.yaml) found', hint: 'Each framework is one YAML file next to evidence-kinds.yaml, e.g. hipaa-security.yaml.' });
  }
  await add('evidence-kinds', path.join(root, EVIDENCE_KINDS_FILE), 'The manual and attestation evidence kinds are defined in evidence-kinds.yaml.');
  await add('managed-rules', path.join(root, MANAGED_RULES_FILE), 'Regenerate it with `npx tsx src/tools/import-managed-rules.ts`.');

  const key = problems.length === 0 ? catalogCacheKey(sources.map((s) => ({ name: path.relative(root, s.abs), text: s.text }))) : undefined;
  const cached = key === undefined ? undefined : await readCachedCatalog(key);
  if (cached) return { dir: root, catalog: cached, problems, files };

  // Parsing and checking (the YAML parser, the schemas) load only when the cache cannot answer.
  const [{ parseControlFile, parseEvidenceKindsFile, parseFrameworkFile, parseManagedRulesFile }, { checkCatalog }, { toCatalog }] = await Promise.all([
    import('./parse-catalog.js'),
    import('./check-catalog.js'),
    import('./to-catalog.js'),
  ]);
  const of = (kind: CatalogSource['kind']) => sources.filter((s) => s.kind === kind);
  const controlFiles: ParsedFile<ControlFile>[] = of('control').map((s) => parseControlFile(s.text, displayName(s.abs)));
  const frameworks: ParsedFile<Framework>[] = of('framework').map((s) => parseFrameworkFile(s.text, displayName(s.abs)));
  const kindsSource = of('evidence-kinds')[0];
  const evidenceKinds = kindsSource === undefined ? undefined : parseEvidenceKindsFile(kindsSource.text, displayName(kindsSource.abs));
  const rulesSource = of('managed-rules')[0];
  const managedRules = rulesSource === undefined ? undefined : parseManagedRulesFile(rulesSource.text, displayName(rulesSource.abs));

  const parsed: CatalogFiles = { controlFiles, frameworks, evidenceKinds, managedRules };
  for (const f of [...controlFiles, ...frameworks, ...(evidenceKinds ? [evidenceKinds] : []), ...(managedRules ? [managedRules] : [])]) {
    pushAll(problems, f.problems);
  }
  pushAll(problems, checkCatalog(parsed));

  const catalog = problems.length === 0 ? toCatalog(parsed) : undefined;
  if (catalog && key !== undefined) await writeCachedCatalog(key, catalog);
  return { dir: root, catalog, problems, files };
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
