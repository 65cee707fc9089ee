/**
 * `npm run build` (and `prepare`, so `npm install` in a clone builds): compiles src/ (not the dev
 * tools, not the browser client) to dist/ with tsc, bundles the HTML report's client with esbuild,
 * and stores the shipped catalog in its catalog cache. The new dist/ is
 * built beside the old one and swapped in whole, with a stamp of the sources it was built from; `--if-stale` skips the build when the stamp matches (what
 * the test suite's global setup does, so the end-to-end tests always run the current code).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleClient, CLIENT_BUNDLE_FILE } from '../render/html/client-bundle.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');
const STAMP = '.build-stamp';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return full === join(ROOT, 'src', 'tools') ? [] : walk(full);
    return [full];
  });
}

/**
 * sha256 of everything the build reads: the shipped sources, the tsconfigs, the compiler's version,
 * and the shipped catalog (frameworks/), which the build checks and caches in dist/catalog-cache/.
 */
export function sourceStamp(): string {
  const hash = createHash('sha256');
  const tsVersion = (createRequire(import.meta.url)('typescript/package.json') as { version: string }).version;
  hash.update(`typescript ${tsVersion}\0`);
  for (const file of [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'frameworks')), join(ROOT, 'tsconfig.json'), join(ROOT, 'tsconfig.build.json')].sort()) {
    hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function isBuildCurrent(stamp = sourceStamp()): boolean {
  try {
    return readFileSync(join(DIST, STAMP), 'utf8').trim() === stamp;
  } catch {
    return false;
  }
}

/**
 * The shipped catalog (frameworks/), checked by the new build and stored in its catalog cache, so
 * an install starts without parsing it (src/catalog/catalog-cache.ts). A catalog with problems is
 * left uncached: `srmap validate` and the tests report them.
 */
function writeShippedCatalogCache(dist: string): void {
  const script = [
    `const { readCatalog } = await import(${JSON.stringify(pathToFileURL(join(dist, 'catalog', 'load-catalog.js')).href)});`,
    `const r = await readCatalog(${JSON.stringify(join(ROOT, 'frameworks'))});`,
    `if (!r.catalog) console.error('frameworks/ has ' + r.problems.length + ' problem(s): not cached (srmap validate lists them)');`,
  ].join('\n');
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, SRMAP_CACHE_DIR: join(dist, 'catalog-cache') } });
}

/** Builds dist/ unless (with `ifStale`) it is already built from these sources. Returns whether it built. */
export async function build(options: { ifStale?: boolean } = {}): Promise<boolean> {
  const stamp = sourceStamp();
  if (options.ifStale && isBuildCurrent(stamp)) return false;
  const tmp = `${DIST}.partial-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  try {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', tmp], { cwd: ROOT, stdio: 'inherit' });
    // The HTML report's client (src/render/html/client/), bundled by esbuild: pages inline it.
    await writeFile(join(tmp, 'render', 'html', CLIENT_BUNDLE_FILE), await bundleClient());
    await writeFile(join(tmp, STAMP), `${stamp}\n`);
    writeShippedCatalogCache(tmp);
    const old = `${DIST}.old-${process.pid}`;
    const hadOld = existsSync(DIST) && (await rename(DIST, old).then(() => true));
    await rename(tmp, DIST);
    if (hadOld) await rm(old, { recursive: true, force: true });
    return true;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await build({ ifStale: process.argv.includes('--if-stale') });
  if (!built) console.error('dist/ is current');
}
