/**
 * Read the catalog directory (frameworks/) from disk, with any overlay folders laid over it, parse
 * and check it. With catalog-cache.ts the only I/O in src/catalog; parsing and checking are pure
 * (parse-catalog.ts, check-catalog.ts, to-catalog.ts).
 *
 *   frameworks/controls/*.yaml              common controls, one file per family
 *   frameworks/evidence-kinds.yaml          manual and attestation evidence kinds
 *   frameworks/<framework-id>.yaml          one file per framework
 *   frameworks/aws-config-managed-rules.json  the known managed-rule identifiers
 *   frameworks/cuecs/*.yaml                 complementary user entity controls, one file per report
 *
 * An overlay folder (srmap.yaml `catalog:`, or --catalog) holds any of: framework files
 * (<framework-id>.yaml: a new framework, or changes by id to one below), control files (in
 * controls/, or beside the frameworks: a file with `family:` is a control file) and an
 * evidence-kinds.yaml of new or replaced kinds, and CUEC sets (cuecs/*.yaml: a set for a new
 * attestation added, one for an attestation below replaced whole). A folder holding aws-config-managed-rules.json is a
 * whole catalog: it replaces the shipped one instead of adding to it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, CatalogChange, CatalogOverlay, ControlFileOverlay, FrameworkOverlay } from '../domain/catalog.js';
import type { Cuec } from '../domain/cuec.js';
import { SrmapError, type Problem } from '../domain/errors.js';
import type { CatalogFiles, LayeredFile } from './check-catalog.js';
import type { EvidenceKindsFile } from './parse-catalog.js';
import { catalogCacheKey, readCachedCatalog, writeCachedCatalog } from './catalog-cache.js';
import { pushAll } from '../domain/arrays.js';

export const EVIDENCE_KINDS_FILE = 'evidence-kinds.yaml';
export const MANAGED_RULES_FILE = 'aws-config-managed-rules.json';
export const CONTROLS_DIR = 'controls';
/** Complementary user entity controls: one file per attestation report (check-cuecs.ts). */
export const CUECS_DIR = 'cuecs';

/** The repository's frameworks/ directory, found from this module's location. */
export function defaultCatalogDir(): string {
  return fileURLToPath(new URL('../../frameworks/', import.meta.url));
}

export interface CatalogReadResult {
  dir: string;
  /** The overlay folders laid over it, in order. */
  overlays: string[];
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

/** A catalog file read from disk, before parsing; layer 0 is the base catalog, 1... its overlays. */
interface CatalogSource {
  kind: 'control' | 'framework' | 'evidence-kinds' | 'managed-rules' | 'cuecs';
  abs: string;
  text: string;
  layer: number;
}

/** True when `dir` is a whole catalog (it has the managed-rule list), not an overlay. */
export async function isWholeCatalog(dir: string): Promise<boolean> {
  return stat(path.join(dir, MANAGED_RULES_FILE)).then((s) => s.isFile(), () => false);
}

/**
 * The base catalog and overlays named by --catalog flags and srmap.yaml's `catalog:` (in that
 * order: srmap.yaml's first, then the flags'): a folder holding a whole catalog replaces the shipped
 * one (at most one may), every other folder is an overlay.
 */
export async function toCatalogLayers(dirs: readonly string[]): Promise<{ base: string; overlays: string[] }> {
  let base: string | undefined;
  const overlays: string[] = [];
  for (const d of dirs) {
    const abs = path.resolve(d);
    if (overlays.includes(abs) || abs === base) continue;
    if (await isWholeCatalog(abs)) {
      if (base !== undefined) {
        throw new SrmapError('USAGE', `Two whole catalogs given: ${displayName(base)} and ${displayName(abs)}.`, {
          hint: `A folder holding ${MANAGED_RULES_FILE} replaces the shipped catalog; give one, and put your additions in overlay folders without that file.`,
        });
      }
      base = abs;
    } else overlays.push(abs);
  }
  return { base: base ?? defaultCatalogDir(), overlays };
}

/** What an overlay file at the top of its folder is, from its top-level keys. */
function overlayKind(name: string, text: string): CatalogSource['kind'] {
  if (name === EVIDENCE_KINDS_FILE) return 'evidence-kinds';
  if (/^family\s*:/m.test(text)) return 'control';
  return 'framework';
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Read, parse and check every file of the catalog at `dir` and of the overlay folders laid over it.
 * Never throws for catalog problems: they are returned, located, for `srmap validate` to print. A
 * catalog that checked clean before, byte for byte, with the same build of srmap, comes from the
 * catalog cache instead (catalog-cache.ts).
 */
export async function readCatalog(dir: string = defaultCatalogDir(), overlayDirs: readonly string[] = []): Promise<CatalogReadResult> {
  const root = path.resolve(dir);
  const problems: Problem[] = [];
  const files: string[] = [];
  const sources: CatalogSource[] = [];
  const add = async (kind: CatalogSource['kind'], abs: string, hint: string, layer = 0) => {
    const text = await readText(abs, problems, hint);
    if (text === undefined) return;
    files.push(displayName(abs));
    sources.push({ kind, abs, text, layer });
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
  for (const name of (await listYaml(path.join(root, CUECS_DIR))) ?? []) await add('cuecs', path.join(root, CUECS_DIR, name), 'Check the file permissions.');
  await add('evidence-kinds', path.join(root, EVIDENCE_KINDS_FILE), 'The manual and attestation evidence kinds are defined in evidence-kinds.yaml.');
  await add('managed-rules', path.join(root, MANAGED_RULES_FILE), 'Regenerate it with `npx tsx src/tools/import-managed-rules.ts`.');

  const overlays: string[] = overlayDirs.map((d) => path.resolve(d));
  for (const [i, overlay] of overlays.entries()) {
    const layer = i + 1;
    const top = await listYaml(overlay);
    const nested = (await listYaml(path.join(overlay, CONTROLS_DIR))) ?? [];
    const cuecNames = (await listYaml(path.join(overlay, CUECS_DIR))) ?? [];
    if (top === undefined) {
      problems.push({ file: displayName(overlay), message: 'catalog overlay folder not found', hint: 'Fix the path: `catalog:` in srmap.yaml is relative to srmap.yaml, --catalog to the current directory.' });
      continue;
    }
    if (top.length + nested.length + cuecNames.length === 0) {
      problems.push({ file: displayName(overlay), message: 'no catalog files (*.yaml) in the overlay folder', hint: 'An overlay holds framework files (<framework-id>.yaml), control files (with family:), evidence-kinds.yaml and CUEC sets (cuecs/*.yaml); `srmap init --framework-template NAME` writes one to start from.' });
    }
    for (const name of nested) await add('control', path.join(overlay, CONTROLS_DIR, name), 'Check the file permissions.', layer);
    for (const name of cuecNames) await add('cuecs', path.join(overlay, CUECS_DIR, name), 'Check the file permissions.', layer);
    for (const name of top) {
      const abs = path.join(overlay, name);
      const text = await readText(abs, problems, 'Check the file permissions.');
      if (text === undefined) continue;
      files.push(displayName(abs));
      sources.push({ kind: overlayKind(name, text), abs, text, layer });
    }
  }
  const overlayRecords: CatalogOverlay[] = overlays.map((o, i) => ({
    dir: displayName(o),
    files: sources.filter((s) => s.layer === i + 1).map((s) => ({ path: path.relative(o, s.abs).split(path.sep).join('/'), sha256: sha256(s.text) })),
  }));

  const keyName = (s: CatalogSource): string => (s.layer === 0 ? path.relative(root, s.abs) : `overlay ${String(s.layer)}:${displayName(s.abs)}`);
  const key = problems.length === 0 ? catalogCacheKey(sources.map((s) => ({ name: keyName(s), text: s.text }))) : undefined;
  const cached = key === undefined ? undefined : await readCachedCatalog(key);
  if (cached) return { dir: root, overlays, catalog: cached, problems, files };

  // Parsing and checking (the YAML parser, the schemas) load only when the cache cannot answer.
  const [parse, { checkCatalog }, { toCatalog }, { parseCuecs }] = await Promise.all([import('./parse-catalog.js'), import('./check-catalog.js'), import('./to-catalog.js'), import('./check-cuecs.js')]);
  const of = (kind: CatalogSource['kind'], layer?: 'base' | 'overlay') => sources.filter((s) => s.kind === kind && (layer === undefined || (layer === 'base') === (s.layer === 0)));
  const layered = <T>(s: CatalogSource, parsed: LayeredFile<T>): LayeredFile<T> => (s.layer === 0 ? parsed : Object.assign(parsed, { layer: s.layer }));
  const controlFiles: LayeredFile<ControlFileOverlay>[] = of('control').map((s) =>
    layered<ControlFileOverlay>(s, s.layer === 0 ? parse.parseControlFile(s.text, displayName(s.abs)) : parse.parseControlFileOverlay(s.text, displayName(s.abs))),
  );
  const frameworks: LayeredFile<FrameworkOverlay>[] = of('framework').map((s) =>
    layered<FrameworkOverlay>(s, s.layer === 0 ? parse.parseFrameworkFile(s.text, displayName(s.abs)) : parse.parseFrameworkOverlayFile(s.text, displayName(s.abs))),
  );
  const kindsSource = of('evidence-kinds', 'base')[0];
  const evidenceKinds = kindsSource === undefined ? undefined : parse.parseEvidenceKindsFile(kindsSource.text, displayName(kindsSource.abs));
  const evidenceKindOverlays: LayeredFile<EvidenceKindsFile>[] = of('evidence-kinds', 'overlay').map((s) => layered(s, parse.parseEvidenceKindsOverlayFile(s.text, displayName(s.abs))));
  const rulesSource = of('managed-rules')[0];
  const managedRules = rulesSource === undefined ? undefined : parse.parseManagedRulesFile(rulesSource.text, displayName(rulesSource.abs));

  const parsed: CatalogFiles = { controlFiles, frameworks, evidenceKinds, evidenceKindOverlays, managedRules };
  for (const f of [...controlFiles, ...frameworks, ...(evidenceKinds ? [evidenceKinds] : []), ...evidenceKindOverlays, ...(managedRules ? [managedRules] : [])]) {
    pushAll(problems, f.problems);
  }
  pushAll(problems, checkCatalog(parsed));

  const merged = problems.length === 0 ? toCatalog(parsed, overlayRecords) : undefined;
  // CUECs name controls and attestation kinds: checked against the merged catalog.
  const cuecs = merged === undefined ? undefined : parseCuecs(of('cuecs').map((s) => ({ file: displayName(s.abs), text: s.text, layer: s.layer })), merged);
  pushAll(problems, cuecs?.problems ?? []);
  const catalog = merged === undefined || cuecs === undefined || problems.length > 0 ? undefined : withCuecs(merged, cuecs.cuecs, cuecs.changes);
  if (catalog && key !== undefined) await writeCachedCatalog(key, catalog);
  return { dir: root, overlays, catalog, problems, files };
}

/** The catalog with its CUECs, and the overlays' CUEC set changes after the others. */
function withCuecs(catalog: Catalog, cuecs: readonly Cuec[], changes: readonly CatalogChange[]): Catalog {
  return {
    ...catalog,
    ...(cuecs.length > 0 ? { cuecs } : {}),
    ...(catalog.changes ? { changes: [...catalog.changes, ...changes] } : {}),
  };
}

/** Load the catalog at `dir` (default: the repository's frameworks/) with its overlays; throws CATALOG_INVALID on any problem. */
export async function loadCatalog(dir: string = defaultCatalogDir(), overlayDirs: readonly string[] = []): Promise<Catalog> {
  const result = await readCatalog(dir, overlayDirs);
  if (result.catalog === undefined) {
    const n = result.problems.length;
    const where = [displayName(result.dir), ...result.overlays.map((o) => `overlay ${displayName(o)}`)].join(' with ');
    throw new SrmapError('CATALOG_INVALID', `${n} problem(s) in the catalog at ${where}`, {
      problems: result.problems,
      hint: 'Fix the problems listed (each names its file, line and path); `srmap validate` lists them again.',
    });
  }
  return result.catalog;
}
