/**
 * The crosswalk: every common control with the requirements it satisfies in each framework. Pure;
 * `srmap frameworks crosswalk` prints it as text or CSV.
 */
import type { Catalog } from '../domain/catalog.js';

export interface CrosswalkRow {
  controlId: string;
  title: string;
  family: string;
  responsibility: string;
  /** Framework id -> requirement ids, in the framework's order. */
  requirements: ReadonlyMap<string, readonly string[]>;
}

export interface Crosswalk {
  frameworkIds: readonly string[];
  rows: readonly CrosswalkRow[];
}

export const CROSSWALK_FIXED_COLUMNS = ['control_id', 'control_title', 'family', 'responsibility'] as const;

export function toCrosswalk(catalog: Catalog): Crosswalk {
  const frameworkIds = catalog.frameworks.map((f) => f.id);
  const rows = [...catalog.controls.values()]
    .sort((a, b) => a.family.localeCompare(b.family) || a.id.localeCompare(b.id))
    .map((c) => {
      const requirements = new Map<string, string[]>();
      for (const f of catalog.frameworks) {
        requirements.set(f.id, f.requirements.filter((r) => r.assessable && r.controls.includes(c.id)).map((r) => r.id));
      }
      return { controlId: c.id, title: c.title, family: c.family, responsibility: c.responsibility.model, requirements };
    });
  return { frameworkIds, rows };
}

/** CSV columns and rows: the fixed columns, then one column per framework id with `;`-separated ids. */
export function toCrosswalkTable(crosswalk: Crosswalk): { columns: string[]; rows: string[][] } {
  return {
    columns: [...CROSSWALK_FIXED_COLUMNS, ...crosswalk.frameworkIds],
    rows: crosswalk.rows.map((r) => [
      r.controlId,
      r.title,
      r.family,
      r.responsibility,
      ...crosswalk.frameworkIds.map((f) => (r.requirements.get(f) ?? []).join(';')),
    ]),
  };
}

/** Plain-text lines: one block per control. */
export function toCrosswalkText(crosswalk: Crosswalk): string[] {
  const lines: string[] = [];
  for (const r of crosswalk.rows) {
    lines.push(`${r.controlId}  [${r.responsibility}]  ${r.title}  (${r.family})`);
    for (const f of crosswalk.frameworkIds) {
      const ids = r.requirements.get(f) ?? [];
      lines.push(`  ${f}: ${ids.length > 0 ? ids.join(', ') : '-'}`);
    }
  }
  const counts = crosswalk.frameworkIds.map((f) => `${f} ${String(crosswalk.rows.filter((r) => (r.requirements.get(f) ?? []).length > 0).length)}`);
  lines.push('', `${String(crosswalk.rows.length)} common controls; used by ${counts.join(', ')}`);
  return lines;
}
