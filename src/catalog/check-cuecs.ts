/**
 * The complementary user entity controls of the catalog: every `cuecs/*.yaml` of the catalog folder
 * and of each overlay folder (read by load-catalog.ts), parsed against the strict schema of
 * domain/cuec.ts and checked against the loaded catalog (overlays included). A file is one CUEC set:
 * the CUECs of one attestation report. An overlay's set for an attestation the catalog below has
 * none for is added; one for an attestation it has replaces that set whole (each recorded as a
 * catalog change); two sets for one attestation in one folder, or two overlays replacing the same
 * set, are problems. Over the merged sets: the attestation kind and every control each CUEC names
 * must exist, CUEC ids are unique, and a CUEC names a control once. Every problem is gathered with
 * its file, line, path and a hint. Pure.
 */
import type { Catalog, CatalogChange } from '../domain/catalog.js';
import { CuecFileSchema, type Cuec, type CuecFile } from '../domain/cuec.js';
import type { Problem } from '../domain/errors.js';
import { formatPath, nearest, parseYamlFile, type ParsedFile, type PathSegment } from '../domain/parse-yaml.js';

function nearHint(word: string, candidates: Iterable<string>, otherwise: string): string {
  const near = nearest(word, candidates);
  return `${near.length > 0 ? `Did you mean ${near.map((n) => `'${n}'`).join(' or ')}? ` : ''}${otherwise}`;
}

/** A parsed CUEC file and the layer it comes from: 0 the catalog folder, 1, 2 ... its overlays. */
export type LayeredCuecFile = ParsedFile<CuecFile> & { layer?: number };

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

/**
 * Lays the overlays' CUEC sets over the catalog folder's, by attestation: the sets in force, in
 * order (the catalog's first, an added set after them), the changes, and the layering problems.
 */
export function layerCuecFiles(files: readonly LayeredCuecFile[]): { sets: LayeredCuecFile[]; changes: CatalogChange[]; problems: Problem[] } {
  const sets: LayeredCuecFile[] = [];
  const changes: CatalogChange[] = [];
  const problems: Problem[] = [];
  const byAttestation = new Map<string, LayeredCuecFile>();
  for (const f of files) {
    const v = f.value;
    if (!v) continue;
    const layer = f.layer ?? 0;
    const at = (message: string, hint: string) => problems.push({ file: f.file, ...f.locate(['attestation']), path: 'attestation', message, hint });
    const below = byAttestation.get(v.attestation);
    const belowLayer = below?.layer ?? 0;
    if (below !== undefined && belowLayer === layer) {
      at(`a second CUEC set for '${v.attestation}'`, `${below.file} already lists the CUECs of that report: one file per attestation in a folder.`);
      continue;
    }
    if (below !== undefined && belowLayer > 0) {
      at(`CUEC set '${v.attestation}' conflicts with another overlay`, `${below.file} already ${changes.find((c) => c.id === v.attestation)?.change ?? 'adds'} it: keep one of them.`);
      continue;
    }
    if (below === undefined) sets.push(f);
    else sets[sets.indexOf(below)] = f;
    byAttestation.set(v.attestation, f);
    if (layer > 0) {
      changes.push({ kind: 'cuec-set', id: v.attestation, change: below === undefined ? 'added' : 'replaced', file: f.file, note: `${String(v.cuecs.length)} CUEC${v.cuecs.length === 1 ? '' : 's'}: ${v.cuecs.map((c) => c.id).join(', ')}` });
    }
  }
  return { sets, changes, problems };
}

/** Parsed and checked CUEC files as one list, in file order then file order of entries. */
export function toCuecs(files: readonly ParsedFile<CuecFile>[]): Cuec[] {
  return files.flatMap((f) => (f.value ? f.value.cuecs.map((c) => ({ ...c, attestation: f.value?.attestation ?? '' })) : []));
}

/**
 * Parse CUEC files' texts (each with its layer) and check them against the catalog: the CUECs in
 * force, the changes the overlays made, or the problems. Pure.
 */
export function parseCuecs(sources: readonly { file: string; text: string; layer?: number }[], catalog: Catalog): { cuecs: Cuec[]; changes: CatalogChange[]; problems: Problem[] } {
  const parsed = sources.map((s): LayeredCuecFile => Object.assign(parseYamlFile(CuecFileSchema, s.text, s.file), s.layer ? { layer: s.layer } : {}));
  const layered = layerCuecFiles(parsed);
  const problems = [...parsed.flatMap((p) => p.problems), ...layered.problems, ...checkCuecFiles(layered.sets, catalog)];
  return problems.length === 0 ? { cuecs: toCuecs(layered.sets), changes: layered.changes, problems } : { cuecs: [], changes: [], problems };
}
