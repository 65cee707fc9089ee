/**
 * Build the Catalog from parsed, checked files: the base catalog, then each overlay laid over it in
 * order (new items added; items of the base catalog replaced by id, each change recorded). Pure.
 */
import type {
  AttestationKind,
  Catalog,
  CatalogChange,
  CatalogOverlay,
  Control,
  Framework,
  FrameworkOverlay,
  ManagedRule,
  ManualEvidenceKind,
  Requirement,
} from '../domain/catalog.js';
import type { CatalogFiles, LayeredFile } from './check-catalog.js';

/** Frameworks with an `order` first (lower first), then the others, each group by id. */
export function compareFrameworks(a: Pick<Framework, 'id' | 'order'>, b: Pick<Framework, 'id' | 'order'>): number {
  const rank = (f: Pick<Framework, 'order'>): number => f.order ?? Number.MAX_SAFE_INTEGER;
  return rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Where requirement `r` goes among `list`: after the last requirement under its parent, else at the end. */
function insertAt(list: readonly Requirement[], r: Requirement): number {
  if (r.parent === undefined) return list.length;
  const under = new Set<string>([r.parent]);
  let last = -1;
  list.forEach((x, i) => {
    if (x.id === r.parent) last = i;
    else if (x.parent !== undefined && under.has(x.parent)) {
      under.add(x.id);
      last = i;
    }
  });
  return last === -1 ? list.length : last + 1;
}

/** Lays an overlay's framework file over the framework it changes: requirements replaced by id, or added under their parent. */
function applyFrameworkChanges(base: Framework, overlay: FrameworkOverlay, file: string, changes: CatalogChange[]): Framework {
  let requirements = [...base.requirements];
  for (const rm of overlay.remove ?? []) {
    // The requirement and everything under it.
    const gone = new Set([rm.id]);
    for (const r of requirements) if (r.parent !== undefined && gone.has(r.parent)) gone.add(r.id);
    requirements = requirements.filter((r) => !gone.has(r.id));
    const under = gone.size - 1;
    changes.push({ kind: 'requirement', id: rm.id, frameworkId: base.id, change: 'removed', file, note: `${rm.reason}${under > 0 ? ` (with the ${String(under)} requirement${under === 1 ? '' : 's'} under it)` : ''}` });
  }
  for (const r of overlay.requirements) {
    const i = requirements.findIndex((x) => x.id === r.id);
    if (i === -1) requirements.splice(insertAt(requirements, r), 0, r);
    else requirements[i] = r;
    changes.push({ kind: 'requirement', id: r.id, frameworkId: base.id, change: i === -1 ? 'added' : 'replaced', file });
  }
  const { requirements: _ignored, remove: _removed, ...fields } = overlay;
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<Framework>;
  return { ...base, ...given, requirements };
}

const layerOf = (f: LayeredFile<unknown>): number => f.layer ?? 0;

/**
 * Requirements not changed by an overlay that map a control an overlay replaced: each is recorded
 * as affected, with the deciding rules and manual kinds it names that the replacement no longer has
 * (they decide nothing now; what is left decides, or it needs evidence).
 */
function recordAffected(frameworks: readonly Framework[], controls: ReadonlyMap<string, Control>, changes: CatalogChange[]): void {
  const replaced = new Map(changes.filter((c) => c.kind === 'control' && c.change === 'replaced').map((c) => [c.id, c.file]));
  if (replaced.size === 0) return;
  const own = new Set(changes.filter((c) => c.kind === 'requirement').map((c) => `${c.frameworkId ?? ''}\0${c.id}`));
  for (const f of frameworks) {
    for (const r of f.requirements) {
      const hit = [...r.controls, ...(r.supportedBy ?? [])].filter((c) => replaced.has(c));
      if (hit.length === 0 || own.has(`${f.id}\0${r.id}`)) continue;
      const mapped = r.controls.map((c) => controls.get(c)).filter((c): c is Control => c !== undefined);
      const lostRules = (r.decides?.configRules ?? []).filter((x) => !mapped.some((c) => c.evidence.configRules.includes(x)));
      const lostManual = (r.decides?.manual ?? []).filter((x) => !mapped.some((c) => c.evidence.manual.includes(x)));
      const lost = [...lostRules, ...lostManual];
      changes.push({
        kind: 'requirement',
        id: r.id,
        frameworkId: f.id,
        change: 'affected',
        file: replaced.get(hit[0] ?? '') ?? '',
        note: `maps ${hit.join(', ')}, replaced by an overlay${lost.length > 0 ? `; no longer decided by ${lost.join(', ')}` : ''}`,
        controls: hit,
      });
    }
  }
}

/**
 * Requirements that map a control an overlay removed no longer do: the control is dropped from their
 * controls and supportedBy, and each requirement is recorded as affected (what is left decides, or it
 * needs evidence; never met on evidence that is gone).
 */
function dropRemovedControls(frameworks: readonly Framework[], changes: CatalogChange[]): Framework[] {
  const removed = new Map(changes.filter((c) => c.kind === 'control' && c.change === 'removed').map((c) => [c.id, c.file]));
  if (removed.size === 0) return [...frameworks];
  return frameworks.map((f) => ({
    ...f,
    requirements: f.requirements.map((r) => {
      const hit = [...r.controls, ...(r.supportedBy ?? [])].filter((c) => removed.has(c));
      if (hit.length === 0) return r;
      changes.push({ kind: 'requirement', id: r.id, frameworkId: f.id, change: 'affected', file: removed.get(hit[0] ?? '') ?? '', note: `maps ${hit.join(', ')}, removed by an overlay: no longer decided or supported by ${hit.length === 1 ? 'it' : 'them'}`, controls: hit });
      const { supportedBy, ...rest } = r;
      const keep = (supportedBy ?? []).filter((c) => !removed.has(c));
      return { ...rest, controls: r.controls.filter((c) => !removed.has(c)), ...(supportedBy === undefined ? {} : { supportedBy: keep }) };
    }),
  }));
}

/** Assumes checkCatalog found no problems (files that failed to parse are left out). */
export function toCatalog(files: CatalogFiles, overlays: readonly CatalogOverlay[] = []): Catalog {
  const changes: CatalogChange[] = [];

  const byId = new Map<string, Framework>();
  for (const ff of files.frameworks) {
    const f = ff.value;
    if (f === undefined) continue;
    const below = byId.get(f.id);
    if (below !== undefined && layerOf(ff) > 0) {
      byId.set(f.id, applyFrameworkChanges(below, f, ff.file, changes));
      continue;
    }
    const { remove: _none, ...fresh } = f;
    byId.set(f.id, fresh as Framework);
    if (layerOf(ff) > 0) changes.push({ kind: 'framework', id: f.id, change: 'added', file: ff.file });
  }
  const sorted = [...byId.values()].sort(compareFrameworks);

  const controls = new Map<string, Control>();
  const families = new Map<string, string>();
  for (const cf of files.controlFiles) {
    const v = cf.value;
    if (v === undefined) continue;
    const overlay = layerOf(cf) > 0;
    if (!families.has(v.family)) {
      families.set(v.family, v.title);
      if (overlay) changes.push({ kind: 'family', id: v.family, change: 'added', file: cf.file });
    }
    for (const c of v.controls) {
      const had = controls.has(c.id);
      controls.set(c.id, { ...c, family: v.family });
      if (overlay) changes.push({ kind: 'control', id: c.id, change: had ? 'replaced' : 'added', file: cf.file });
    }
    for (const rm of v.remove ?? []) {
      controls.delete(rm.id);
      changes.push({ kind: 'control', id: rm.id, change: 'removed', file: cf.file, note: rm.reason });
    }
  }
  const frameworks = dropRemovedControls(sorted, changes);
  recordAffected(frameworks, controls, changes);
  const sortedFamilies = new Map([...families].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  const manualKinds = new Map<string, ManualEvidenceKind>();
  const attestationKinds = new Map<string, AttestationKind>();
  for (const kf of [...(files.evidenceKinds ? [files.evidenceKinds] : []), ...(files.evidenceKindOverlays ?? [])]) {
    const overlay = layerOf(kf) > 0;
    for (const k of kf.value?.manual ?? []) {
      if (overlay) changes.push({ kind: 'manual-kind', id: k.id, change: manualKinds.has(k.id) ? 'replaced' : 'added', file: kf.file });
      manualKinds.set(k.id, k);
    }
    for (const k of kf.value?.attestations ?? []) {
      if (overlay) changes.push({ kind: 'attestation-kind', id: k.id, change: attestationKinds.has(k.id) ? 'replaced' : 'added', file: kf.file });
      attestationKinds.set(k.id, k);
    }
  }
  const managedRules = new Map<string, ManagedRule>((files.managedRules?.value?.rules ?? []).map((r) => [r.identifier, r]));
  return {
    frameworks,
    controls,
    families: sortedFamilies,
    manualKinds,
    attestationKinds,
    managedRules,
    ...(overlays.length > 0 ? { overlays, changes } : {}),
  };
}
