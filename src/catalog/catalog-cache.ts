/**
 * The catalog cache: a catalog that parsed and checked clean, stored as JSON under a key made of
 * its files' names and contents and of the srmap build that checked them (dist/.build-stamp), so
 * any change to either misses. Loading a hit skips YAML parsing, the schemas and the cross-checks.
 *
 * Two places are looked in: the build's own `dist/catalog-cache/` (the shipped catalog, written by
 * `npm run build`, so a read-only global install starts fast) and the user's cache directory
 * (`$SRMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/srmap`, else `~/.cache/srmap`), where a catalog
 * passed with --catalog, or the shipped one with overlays, is written after it first checks clean.
 * An overlay's files are in the key under their names as shown (so the changes recorded in the
 * catalog name the right files) and their contents. Writing is best effort: a cache
 * that cannot be written is skipped, never an error. Running from the TypeScript sources (no build
 * stamp), nothing is cached.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AttestationKind, Catalog, CatalogChange, CatalogOverlay, Control, Framework, ManagedRule, ManualEvidenceKind } from '../domain/catalog.js';
import type { Cuec } from '../domain/cuec.js';

const FORMAT = 'srmap-catalog-cache/4';

/** The build this module belongs to: dist/.build-stamp, or undefined when running from the sources. */
const BUILD: string | undefined = (() => {
  try {
    return readFileSync(fileURLToPath(new URL('../.build-stamp', import.meta.url)), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
})();

export const SHIPPED_CACHE_DIR = fileURLToPath(new URL('../catalog-cache/', import.meta.url));

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SRMAP_CACHE_DIR) return path.resolve(env.SRMAP_CACHE_DIR);
  return path.join(env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(homedir(), '.cache'), 'srmap');
}

/** The key of a catalog's files (name relative to the catalog directory, and text), or undefined when not cacheable. */
export function catalogCacheKey(files: readonly { name: string; text: string }[], build: string | undefined = BUILD): string | undefined {
  if (build === undefined) return undefined;
  const hash = createHash('sha256').update(`${FORMAT}\0${build}\0`);
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    hash.update(`${f.name.split(path.sep).join('/')}\0${f.text}\0`);
  }
  return hash.digest('hex');
}

interface CatalogJson {
  format: typeof FORMAT;
  frameworks: Framework[];
  controls: [string, Control][];
  families: [string, string][];
  manualKinds: [string, ManualEvidenceKind][];
  attestationKinds: [string, AttestationKind][];
  managedRules: [string, ManagedRule][];
  overlays?: CatalogOverlay[];
  changes?: CatalogChange[];
  cuecs?: Cuec[];
}

export function toCatalogJson(c: Catalog): string {
  const json: CatalogJson = {
    format: FORMAT,
    frameworks: [...c.frameworks],
    controls: [...c.controls],
    families: [...c.families],
    manualKinds: [...c.manualKinds],
    attestationKinds: [...c.attestationKinds],
    managedRules: [...c.managedRules],
    ...(c.overlays ? { overlays: [...c.overlays] } : {}),
    ...(c.changes ? { changes: [...c.changes] } : {}),
    ...(c.cuecs ? { cuecs: [...c.cuecs] } : {}),
  };
  return JSON.stringify(json);
}

export function fromCatalogJson(text: string): Catalog | undefined {
  const j = JSON.parse(text) as Partial<CatalogJson>;
  if (j.format !== FORMAT || !j.frameworks || !j.controls || !j.families || !j.manualKinds || !j.attestationKinds || !j.managedRules) return undefined;
  return {
    frameworks: j.frameworks,
    controls: new Map(j.controls),
    families: new Map(j.families),
    manualKinds: new Map(j.manualKinds),
    attestationKinds: new Map(j.attestationKinds),
    managedRules: new Map(j.managedRules),
    ...(j.overlays ? { overlays: j.overlays } : {}),
    ...(j.changes ? { changes: j.changes } : {}),
    ...(j.cuecs ? { cuecs: j.cuecs } : {}),
  };
}

const fileFor = (dir: string, key: string) => path.join(dir, `${key}.json`);
const loaded = new Map<string, Catalog>();

/** The catalog stored under `key` (this process's, the shipped cache's, or the user cache's), if any. */
export async function readCachedCatalog(key: string, dirs: readonly string[] = [SHIPPED_CACHE_DIR, userCacheDir()]): Promise<Catalog | undefined> {
  const known = loaded.get(key);
  if (known) return known;
  for (const dir of dirs) {
    try {
      const catalog = fromCatalogJson(await readFile(fileFor(dir, key), 'utf8'));
      if (catalog) {
        loaded.set(key, catalog);
        return catalog;
      }
    } catch {
      // absent or unreadable: look further, then parse
    }
  }
  return undefined;
}

/** Stores a checked catalog under `key` (a temporary name, then renamed). Never throws. */
export async function writeCachedCatalog(key: string, catalog: Catalog, dir: string = userCacheDir()): Promise<void> {
  loaded.set(key, catalog);
  const file = fileFor(dir, key);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, toCatalogJson(catalog));
    await rename(tmp, file);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}
