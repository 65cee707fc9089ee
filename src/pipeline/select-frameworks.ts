import type { Catalog, Framework } from '../domain/catalog.js';
import { SrmapError } from '../domain/errors.js';

/** The frameworks named (all of the catalog's when none), or an error naming the unknown ones. */
export function selectFrameworks(catalog: Catalog, ids: readonly string[] | undefined): Framework[] {
  if (!ids || ids.length === 0) return [...catalog.frameworks];
  const known = new Map(catalog.frameworks.map((f) => [f.id, f]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new SrmapError('UNKNOWN_FRAMEWORK', `Unknown framework ${unknown.join(', ')}.`, {
      hint: `Use one of: ${[...known.keys()].join(', ')} (see \`srmap frameworks list\`).`,
    });
  }
  return [...new Set(ids)].map((id) => known.get(id) as Framework);
}
