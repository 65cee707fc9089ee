/**
 * The complementary user entity controls of the catalog: every `cuecs/*.yaml` of the catalog folder
 * (the shipped frameworks/, or a whole catalog given with --catalog), parsed against the strict
 * schema of domain/cuec.ts and checked against the loaded catalog (overlays included): the
 * attestation kind and every control each CUEC names must exist, CUEC ids are unique across files,
 * and a CUEC names a control once. Every problem is gathered with its file, line, path and a hint;
 * any problem stops the load (CATALOG_INVALID, exit 2). A catalog folder without cuecs/ has none.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Catalog } from '../domain/catalog.js';
import { CuecFileSchema, type Cuec, type CuecFile } from '../domain/cuec.js';
import { SrmapError, type Problem } from '../domain/errors.js';
import { formatPath, nearest, parseYamlFile, type ParsedFile, type PathSegment } from '../domain/parse-yaml.js';

export const CUECS_DIR = 'cuecs';

function displayName(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

function nearHint(word: string, candidates: Iterable<string>, otherwise: string): string {
  const near = nearest(word, candidates);
  return `${near.length > 0 ? `Did you mean ${near.map((n) => `'${n}'`).join(' or ')}? ` : ''}${otherwise}`;
}

/**
 * The cross-reference problems of parsed CUEC files (pure). Files that failed the schema are
 * skipped: the parser reported them.
 */
export function checkCuecFiles(files: readonly ParsedFile<CuecFile>[], catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const v = f.value;
    if (!v) continue;
    const at = (p: readonly PathSegment[], message: string, hint: string) => problems.push({ file: f.file, ...f.locate(p), path: formatPath(p), message, hint });
    if (!catalog.attestationKinds.has(v.attestation)) {
      at(['attestation'], `unknown attestation kind '${v.attestation}'`, nearHint(v.attestation, catalog.attestationKinds.keys(), 'Name the report that expects these controls by its id in evidence-kinds.yaml (attestations).'));
    }
    v.cuecs.forEach((c, i) => {
      const where = `${f.file}: ${formatPath(['cuecs', i])}`;
      const first = seen.get(c.id);
      if (first) at(['cuecs', i, 'id'], `duplicate CUEC id '${c.id}'`, `It is already used at ${first}; give each CUEC its own id.`);
      else seen.set(c.id, where);
      const named = new Set<string>();
      c.controls.forEach((controlId, j) => {
        if (named.has(controlId)) at(['cuecs', i, 'controls', j], `control '${controlId}' is named twice`, 'Name each control once.');
        named.add(controlId);
        if (!catalog.controls.has(controlId)) {
          at(['cuecs', i, 'controls', j], `unknown control '${controlId}'`, nearHint(controlId, catalog.controls.keys(), 'Use the id of a common control (frameworks/controls/*.yaml, or an overlay\'s).'));
        }
      });
    });
  }
  return problems;
}

/** Parsed and checked CUEC files as one list, in file order then file order of entries. */
export function toCuecs(files: readonly ParsedFile<CuecFile>[]): Cuec[] {
  return files.flatMap((f) => (f.value ? f.value.cuecs.map((c) => ({ ...c, attestation: f.value?.attestation ?? '' })) : []));
}

/** Parse CUEC files' texts and check them against the catalog: the CUECs, or the problems. Pure. */
export function parseCuecs(sources: readonly { file: string; text: string }[], catalog: Catalog): { cuecs: Cuec[]; problems: Problem[] } {
  const parsed = sources.map((s) => parseYamlFile(CuecFileSchema, s.text, s.file));
  const problems = [...parsed.flatMap((p) => p.problems), ...checkCuecFiles(parsed, catalog)];
  return { cuecs: problems.length === 0 ? toCuecs(parsed) : [], problems };
}

/**
 * Reads `<catalogDir>/cuecs/*.yaml` and checks it against `catalog`; throws CATALOG_INVALID with
 * every problem located. No cuecs/ folder: no CUECs.
 */
export async function readCuecs(catalogDir: string, catalog: Catalog): Promise<Cuec[]> {
  const dir = path.join(path.resolve(catalogDir), CUECS_DIR);
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => e.name).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const sources: { file: string; text: string }[] = [];
  for (const name of names) sources.push({ file: displayName(path.join(dir, name)), text: await readFile(path.join(dir, name), 'utf8') });
  const { cuecs, problems } = parseCuecs(sources, catalog);
  if (problems.length > 0) {
    throw new SrmapError('CATALOG_INVALID', `${problems.length} problem(s) in the complementary user entity controls at ${displayName(dir)}`, {
      problems,
      hint: 'Fix the problems listed (each names its file, line and field).',
    });
  }
  return cuecs;
}
