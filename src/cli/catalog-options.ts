/**
 * The catalog a command works with: the shipped catalog (or a whole catalog given with --catalog),
 * with the overlay folders of srmap.yaml's `catalog:` (relative to srmap.yaml) and then those of
 * --catalog laid over it. Every command that reads the catalog loads it through here, so a user's
 * frameworks and controls are the same for collect, report, validate, frameworks, init, diff and answer.
 */
import { resolve } from 'node:path';
import { loadCatalog, toCatalogLayers } from '../catalog/load-catalog.js';
import { readWorkingConfig, findConfigFile } from '../collect/manual/read-working-folder.js';
import type { Catalog } from '../domain/catalog.js';

export interface CatalogArgs {
  /** --catalog folders, as given. */
  catalog?: readonly string[];
  /** --config (srmap.yaml); ./srmap.yaml when present and not given. */
  config?: string;
}

export interface LoadedCatalog {
  catalog: Catalog;
  /** The whole catalog the overlays are laid over. */
  base: string;
  overlays: string[];
}

/** The overlay folders srmap.yaml names (resolved against its folder), or none. */
export async function configCatalogDirs(config: string | undefined): Promise<string[]> {
  const path = findConfigFile(config);
  if (path === undefined) return [];
  const { dir, config: c } = await readWorkingConfig(path);
  return (c.catalog ?? []).map((d) => resolve(dir, d));
}

export async function loadCatalogFor(args: CatalogArgs): Promise<LoadedCatalog> {
  const dirs = [...(await configCatalogDirs(args.config)), ...(args.catalog ?? []).map((d) => resolve(d))];
  const { base, overlays } = await toCatalogLayers(dirs);
  return { catalog: await loadCatalog(base, overlays), base, overlays };
}
