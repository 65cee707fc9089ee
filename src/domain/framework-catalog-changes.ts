/**
 * What the catalog overlays changed for one framework: the overlay folders with their hashed files,
 * and the changes that touch it (the framework itself, its requirements added, replaced, removed or
 * affected, the controls its requirements map and the evidence kinds those controls name, added or
 * replaced, the controls removed that its requirements mapped, and the CUEC sets added or replaced,
 * which every pack shows). A framework an overlay added is one change: its
 * requirements are not listed again. Pure.
 */
import type { Catalog, CatalogChange, CatalogOverlay, Framework } from './catalog.js';

export interface FrameworkCatalogChanges {
  overlays: readonly CatalogOverlay[];
  changes: readonly CatalogChange[];
}

/** Undefined when no overlay was laid over the shipped catalog. */
export function toFrameworkCatalogChanges(catalog: Catalog, framework: Framework): FrameworkCatalogChanges | undefined {
  const overlays = catalog.overlays ?? [];
  if (overlays.length === 0) return undefined;
  const used = new Set(framework.requirements.flatMap((r) => [...r.controls, ...(r.supportedBy ?? [])]));
  const kinds = new Set<string>();
  for (const id of used) {
    const c = catalog.controls.get(id);
    for (const k of [...(c?.evidence.manual ?? []), ...(c?.evidence.attestations ?? [])]) kinds.add(k);
  }
  const all = catalog.changes ?? [];
  const affectedBy = new Set(all.filter((c) => c.kind === 'requirement' && c.frameworkId === framework.id && c.change === 'affected').flatMap((c) => c.controls ?? []));
  const added = all.some((c) => c.kind === 'framework' && c.id === framework.id && c.change === 'added');
  const changes = all.filter((c) => {
    switch (c.kind) {
      case 'framework':
        return c.id === framework.id;
      case 'requirement':
        return c.frameworkId === framework.id && !(added && c.change === 'added');
      case 'control':
        return c.change === 'removed' ? affectedBy.has(c.id) : used.has(c.id);
      case 'manual-kind':
      case 'attestation-kind':
        return kinds.has(c.id);
      case 'family':
        return false;
      case 'cuec-set':
        // Every pack gives the catalog's CUECs a status.
        return true;
    }
  });
  return { overlays, changes };
}
