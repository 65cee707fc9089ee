/** Build the Catalog from parsed, checked files. Pure. */
import type { AttestationKind, Catalog, Control, ControlFile, Framework, ManagedRule, ManualEvidenceKind } from '../domain/catalog.js';
import { controlsOf, type CatalogFiles } from './check-catalog.js';

/** The order frameworks are listed in; any others follow, by id. */
export const FRAMEWORK_ORDER = ['hipaa-security', 'pci-dss-4.0.1', 'soc2-2017', 'iso27001-2022'] as const;

export function compareFrameworkIds(a: string, b: string): number {
  const rank = (id: string): number => {
    const i = (FRAMEWORK_ORDER as readonly string[]).indexOf(id);
    return i === -1 ? FRAMEWORK_ORDER.length : i;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Assumes checkCatalog found no problems (files that failed to parse are left out). */
export function toCatalog(files: CatalogFiles): Catalog {
  const frameworks = files.frameworks
    .map((f) => f.value)
    .filter((f): f is Framework => f !== undefined)
    .sort((a, b) => compareFrameworkIds(a.id, b.id));
  const controlFiles = files.controlFiles.map((f) => f.value).filter((f): f is ControlFile => f !== undefined);
  const controls = new Map<string, Control>();
  for (const c of controlsOf(files.controlFiles)) if (!controls.has(c.id)) controls.set(c.id, c);
  const families = new Map<string, string>();
  for (const f of [...controlFiles].sort((a, b) => (a.family < b.family ? -1 : a.family > b.family ? 1 : 0))) families.set(f.family, f.title);
  const manualKinds = new Map<string, ManualEvidenceKind>((files.evidenceKinds?.value?.manual ?? []).map((k) => [k.id, k]));
  const attestationKinds = new Map<string, AttestationKind>((files.evidenceKinds?.value?.attestations ?? []).map((k) => [k.id, k]));
  const managedRules = new Map<string, ManagedRule>((files.managedRules?.value?.rules ?? []).map((r) => [r.identifier, r]));
  return { frameworks, controls, families, manualKinds, attestationKinds, managedRules };
}
