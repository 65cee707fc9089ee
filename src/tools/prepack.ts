/**
 * npm's `prepack` and `postpack` (run by `npm pack` and `npm publish`): the package as packed
 * carries no `prepare` script.
 *
 * `prepare` is what builds dist/ when `npm install` runs in a clone. A package installed from a
 * tarball (`npm install ./srmap-0.1.0.tgz`) never runs its `prepare` (npm runs it only for git and
 * linked folders), but npm 11 lists a tarball's `prepare` among the "install scripts not yet covered
 * by allowScripts" and asks the user to approve a script that would fail anyway (no src/, no tsx
 * in the package). dist/ is shipped, so the packed package.json needs no build step.
 *
 * `prepack`: build dist/ if it is not built from the current sources (what `prepare` did during a
 * pack), then set package.json aside (`.package.json.before-pack`, git-ignored) and write it
 * without `scripts.prepare`; npm then packs that file. `postpack` (`--restore`) puts the original
 * back, byte for byte. A pack that failed between the two leaves the copy set aside: the next
 * prepack or postpack restores it first, so the clone's package.json never loses `prepare` for good.
 * `npm pack --ignore-scripts` skips both, and so packs `prepare` (and an unbuilt dist/): don't.
 */
import { existsSync } from 'node:fs';
import { copyFile, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, ROOT } from './build.js';

export const SET_ASIDE = '.package.json.before-pack';

/** Puts back a package.json set aside by an earlier prepack. Returns whether there was one. */
export async function restoreManifest(root: string): Promise<boolean> {
  const aside = join(root, SET_ASIDE);
  if (!existsSync(aside)) return false;
  await rename(aside, join(root, 'package.json'));
  return true;
}

/** Writes package.json without `scripts.prepare`, the original set aside. Returns whether it had one. */
export async function stripPrepare(root: string): Promise<boolean> {
  await restoreManifest(root);
  const file = join(root, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { scripts?: Record<string, string> };
  if (manifest.scripts?.prepare === undefined) return false;
  delete manifest.scripts.prepare;
  await copyFile(file, join(root, SET_ASIDE));
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(tmp, file);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--restore')) {
    await restoreManifest(ROOT);
  } else {
    await build({ ifStale: true });
    await stripPrepare(ROOT);
  }
}
