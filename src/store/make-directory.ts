/**
 * `mkdir -p` for the folders a user names (init's, keys init's, an output's parents, a snapshot's),
 * one level at a time. Node 20's `mkdir(path, { recursive: true })` never returns where mkdir answers
 * ENOENT under a folder that exists (/proc: `srmap init /proc/x` spun at full CPU for ever): it
 * retries the parent, finds it, and tries the child again. Here that answer is an exit-2 error.
 */
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { SrmapError } from '../domain/errors.js';

const errnoCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * Makes `path` and its missing parents (each with `mode`, as mkdir's). Returns the first folder it
 * made, or undefined when `path` was already a folder (what recursive mkdir returns). Other
 * file-system errors are thrown as mkdir throws them (EACCES, ENOTDIR, EEXIST for a file in the way).
 */
export async function makeDirectory(path: string, mode?: number): Promise<string | undefined> {
  const target = resolve(path);
  const missing: string[] = [];
  for (let at = target; ; at = dirname(at)) {
    const found = await stat(at).then(
      (s) => s,
      (e: unknown) => {
        if (errnoCode(e) !== 'ENOENT') throw e;
        return undefined;
      },
    );
    if (found !== undefined) {
      // mkdir's own error for a file where the folder goes (EEXIST) or under the way (ENOTDIR).
      if (!found.isDirectory()) await mkdir(missing.at(-1) ?? at);
      break;
    }
    missing.push(at);
    if (dirname(at) === at) break;
  }
  const made = missing.reverse(); // outermost first
  for (const dir of made) {
    try {
      await mkdir(dir, mode);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EEXIST' && (await stat(dir)).isDirectory()) continue; // made meanwhile by another run
      if (code === 'ENOENT') {
        throw new SrmapError('FOLDER_NOT_MADE', `Cannot make the folder ${dir}: ${dirname(dir)} exists but takes no new folder (a virtual file system such as /proc).`, {
          hint: 'Name a folder on an ordinary disk you can write to.',
          cause: e,
        });
      }
      throw e;
    }
  }
  return made[0];
}

/**
 * Takes back the folders makeDirectory made (`made`, what it returned) for a run that failed:
 * from `inner` up to `made`, innermost first, each only while empty (rmdir never removes
 * content), so a failed run leaves no empty folder and never touches one that existed.
 */
export async function removeMadeFolders(inner: string, made: string | undefined): Promise<void> {
  if (made === undefined) return;
  for (let d = resolve(inner); d === made || d.startsWith(`${made}${sep}`); d = dirname(d)) {
    if (!(await rmdir(d).then(() => true, () => false))) break;
  }
}
