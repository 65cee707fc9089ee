/**
 * Where srmap writes a directory (a pack, a diff) or a file (an answered questionnaire): claimed
 * before any work is done, so a mistake in --out costs seconds, not a full evaluation.
 *
 * The rule for what may be replaced: nothing that srmap did not write. A directory is replaced
 * only when it is empty, or when everything in it is what its manifest says srmap wrote: a
 * `manifest.json` of the expected format, and every other file listed there with the same size and
 * sha256 (a listed file may be missing; nothing else may be there: no extra file, no changed
 * file, no link). A `manifest.json` of the right name and format is not enough: a user's notes
 * beside it, or a CSV edited after the fact, keep the directory. A file, a link or anything that
 * is not a directory is never replaced by a directory. An answered questionnaire replaces only an
 * earlier answered questionnaire, and never one of the run's own inputs.
 *
 * The claim takes the output's lock (output-lock.ts), cleans what a killed run left behind under
 * its name, and gives a temporary sibling to build in; commit() swaps it into place whole.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rm } from 'node:fs/promises';
import { makeDirectory, removeMadeFolders } from '../store/make-directory.js';
import { basename, dirname, join, resolve } from 'node:path';
import { SrmapError } from '../domain/errors.js';
import { acquireOutputLock, notWritableError, type HeldLock, type LockOwner } from './output-lock.js';

export type OutputFormat = 'srmap-pack/1' | 'srmap-diff/1' | 'srmap-oscal/1';

/** How an output of each format is named in messages. */
function outputNoun(format: OutputFormat): string {
  return format === 'srmap-pack/1' ? 'a pack' : format === 'srmap-oscal/1' ? 'an OSCAL export' : 'a diff';
}

/** Largest manifest.json of an output that is read to recognise it. */
const MAX_OUTPUT_MANIFEST_BYTES = 16 * 1024 * 1024;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

function kindOf(s: Stats): string {
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isFile()) return 'a file';
  if (s.isDirectory()) return 'a directory';
  return 'not a regular file or directory';
}

/** Every entry under `dir`, depth first: relative path -> stats (lstat: links are not followed). */
async function listTree(dir: string): Promise<Map<string, Stats>> {
  const out = new Map<string, Stats>();
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const s = await lstat(join(dir, path));
      out.set(path, s);
      if (s.isDirectory()) await walk(path);
    }
  };
  await walk('');
  return out;
}

/** At most the first `max` bytes of a file, as text. */
async function readHead(path: string, max: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await handle.read(buf, 0, max, 0);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

function notOurs(outDir: string, what: string, why: string): SrmapError {
  return new SrmapError('OUT_NOT_REPLACEABLE', `${outDir} exists and is not ${what} srmap wrote (${why}); refusing to replace it.`, {
    hint: 'Choose another --out, or move what you want to keep out of it (srmap replaces only an empty directory or its own unchanged output).',
  });
}

/** Path, type, size and modification time of everything under `dir`: to notice a change cheaply. */
async function fingerprintOf(dir: string): Promise<string> {
  return [...(await listTree(dir))].map(([p, s]) => `${p}\t${kindOf(s)}\t${s.size}\t${s.mtimeMs}`).join('\n');
}

/** Throws OUT_NOT_REPLACEABLE unless `outDir` is empty or exactly (a part of) an output srmap wrote. */
export async function checkReplaceableDir(outDir: string, format: OutputFormat): Promise<void> {
  const what = outputNoun(format);
  const tree = await listTree(outDir);
  if (tree.size === 0) return;
  const m = tree.get('manifest.json');
  if (!m?.isFile()) throw notOurs(outDir, what, m ? 'its manifest.json is not a regular file' : 'it has no manifest.json');
  if (m.size > MAX_OUTPUT_MANIFEST_BYTES) throw notOurs(outDir, what, 'its manifest.json is larger than srmap writes one');
  let manifest: { format?: unknown; files?: unknown };
  try {
    manifest = JSON.parse(await readHead(join(outDir, 'manifest.json'), MAX_OUTPUT_MANIFEST_BYTES)) as typeof manifest;
  } catch {
    throw notOurs(outDir, what, 'its manifest.json is not an srmap manifest');
  }
  if (manifest.format !== format) throw notOurs(outDir, what, `its manifest.json is not of format ${format}`);
  const listed = new Map<string, { sha256: string; bytes: number }>();
  for (const f of Array.isArray(manifest.files) ? (manifest.files as unknown[]) : []) {
    const e = f as { path?: unknown; sha256?: unknown; bytes?: unknown };
    if (typeof e.path === 'string' && typeof e.sha256 === 'string' && typeof e.bytes === 'number') listed.set(e.path, { sha256: e.sha256, bytes: e.bytes });
  }
  const extra: string[] = [];
  const changed: string[] = [];
  for (const [path, s] of tree) {
    if (path === 'manifest.json' || s.isDirectory()) continue;
    const entry = listed.get(path);
    if (!entry || !s.isFile()) extra.push(s.isFile() ? path : `${path} (${kindOf(s)})`);
    else if (s.size !== entry.bytes || (await sha256File(join(outDir, path))) !== entry.sha256) changed.push(path);
  }
  const some = (xs: string[]) => `${xs.slice(0, 3).join(', ')}${xs.length > 3 ? ` and ${xs.length - 3} more` : ''}`;
  if (extra.length > 0) throw notOurs(outDir, what, `it holds what its manifest does not list: ${some(extra)}`);
  if (changed.length > 0) throw notOurs(outDir, what, `changed since srmap wrote it: ${some(changed)}`);
}

/** Siblings a killed run left under this output's name: `.<name>.partial-<pid>`, `.<name>.old-<pid>`. */
async function leftovers(outDir: string): Promise<{ partial: string[]; old: string[] }> {
  const name = basename(outDir);
  const partial: string[] = [];
  const old: string[] = [];
  for (const entry of await readdir(dirname(outDir)).catch(() => [] as string[])) {
    if (!entry.startsWith(`.${name}.`)) continue;
    const rest = entry.slice(name.length + 2);
    if (/^partial-\d+(?:\.old)?$/.test(rest)) partial.push(join(dirname(outDir), entry));
    else if (/^old-\d+$/.test(rest)) old.push(join(dirname(outDir), entry));
  }
  return { partial: partial.sort(), old: old.sort() };
}

export interface OutputClaim {
  /** The output's final path. */
  path: string;
  /** The temporary sibling to build a directory output in (created empty). */
  tmp: string;
  /** What the claim did that the user should hear about (a stale lock reclaimed, a pack restored). */
  notes: string[];
  /** Swap `tmp` into place (the earlier output stays whole until then), and release the lock. */
  commit(): Promise<void>;
  /** Drop `tmp` and release the lock; the earlier output is untouched. Safe after commit. */
  release(): Promise<void>;
}

function reclaimNote(owner: LockOwner | undefined, lockPath: string): string[] {
  return owner ? [`Reclaimed ${lockPath} from srmap ${owner.command} (pid ${owner.pid}, since ${owner.startedAt}), which is no longer running`] : [];
}

/**
 * Claim `outDir` for a directory output of `format`: the parent is created, the lock taken, what a
 * killed run left is cleaned (its partial output removed; an earlier output it had moved aside put
 * back), and the directory checked replaceable. Throws exit-2 errors: OUT_NOT_WRITABLE,
 * OUT_LOCKED, OUT_NOT_REPLACEABLE (not srmap's, a file, a link).
 */
export async function claimOutputDir(outDir: string, format: OutputFormat, command: string): Promise<OutputClaim> {
  const parent = dirname(outDir);
  let made: string | undefined;
  try {
    made = await makeDirectory(parent);
  } catch (err) {
    throw notWritableError(parent, err);
  }
  const lock: HeldLock = await acquireOutputLock(outDir, command).catch(async (err: unknown) => {
    await removeMadeFolders(parent, made);
    throw err;
  });
  const notes = reclaimNote(lock.reclaimedFrom, lock.path);
  const tmp = join(parent, `.${basename(outDir)}.partial-${process.pid}`);
  let fingerprint: string | undefined;
  try {
    // Under the lock no other run writes this output: anything under its temporary names is a dead run's.
    const left = await leftovers(outDir);
    for (const p of left.partial) await rm(p, { recursive: true, force: true });
    const restore = left.old.at(-1);
    if (restore !== undefined && (await lstatOrUndefined(outDir)) === undefined) {
      // Killed between moving the earlier output aside and moving the new one in: put it back.
      await rename(restore, outDir);
      notes.push(`Restored ${outDir} from ${basename(restore)}, left by a run that was stopped while replacing it`);
    }
    for (const p of (await leftovers(outDir)).old) await rm(p, { recursive: true, force: true });

    const s = await lstatOrUndefined(outDir);
    if (s !== undefined && !s.isDirectory()) {
      throw new SrmapError('OUT_NOT_REPLACEABLE', `${outDir} is ${kindOf(s)}, not a directory; srmap writes ${outputNoun(format)} as a directory and never replaces ${s.isSymbolicLink() ? 'a link' : 'a file'}.`, {
        hint: s.isSymbolicLink() ? `Give the directory the link points to (${await realpath(outDir).catch(() => 'its target')}) as --out, or another path.` : 'Choose another --out: a new or empty directory, or an earlier output of the same command.',
      });
    }
    if (s !== undefined) {
      await checkReplaceableDir(outDir, format);
      fingerprint = await fingerprintOf(outDir);
    }
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp);
  } catch (err) {
    await lock.release();
    await removeMadeFolders(parent, made);
    if (err instanceof SrmapError) throw err;
    throw notWritableError(parent, err);
  }
  let done = false;
  // A run that fails leaves no folder it made for the output (a committed output keeps them: not empty).
  const release = async (): Promise<void> => {
    if (done) return;
    done = true;
    await rm(tmp, { recursive: true, force: true });
    await lock.release();
    await removeMadeFolders(parent, made);
  };
  return {
    path: outDir,
    tmp,
    notes,
    release,
    async commit() {
      try {
        const now = await lstatOrUndefined(outDir);
        if (now !== undefined) {
          // Changed by hand during the run (the lock keeps other srmap runs out)? Then check it again.
          if (!now.isDirectory()) throw notOurs(outDir, outputNoun(format), `it became ${kindOf(now)} while srmap was writing`);
          if ((await fingerprintOf(outDir)) !== fingerprint) await checkReplaceableDir(outDir, format);
          const old = join(parent, `.${basename(outDir)}.old-${process.pid}`);
          await rename(outDir, old);
          try {
            await rename(tmp, outDir);
          } catch (err) {
            await rename(old, outDir);
            throw err;
          }
          await rm(old, { recursive: true, force: true });
        } else {
          await rename(tmp, outDir);
        }
      } finally {
        await release();
      }
    },
  };
}

export interface FileClaim {
  path: string;
  notes: string[];
  release(): Promise<void>;
}

/**
 * Claim `outFile` for a single-file output: never one of `inputs` (compared after resolving links),
 * never a directory or link, and an existing file only when `isOurs` recognises it. Takes the lock
 * and removes temporary files a killed run left (`<name>.tmp-<pid>`).
 */
export async function claimOutputFile(outFile: string, inputs: readonly string[], isOurs: (head: string) => boolean, command: string): Promise<FileClaim> {
  const parent = dirname(outFile);
  const real = async (p: string): Promise<string> => realpath(p).catch(() => resolve(p));
  const target = join(await real(parent), basename(outFile));
  for (const input of inputs) {
    if ((await real(input)) === (await real(target))) {
      throw new SrmapError('OUT_IS_INPUT', `--out ${outFile} is the input ${input}: srmap never overwrites what it reads.`, {
        hint: 'Leave --out out (the default writes <name>-answered.csv beside the input), or name another file.',
      });
    }
  }
  let made: string | undefined;
  try {
    made = await makeDirectory(parent);
  } catch (err) {
    throw notWritableError(parent, err);
  }
  const lock = await acquireOutputLock(outFile, command).catch(async (err: unknown) => {
    await removeMadeFolders(parent, made);
    throw err;
  });
  try {
    for (const entry of await readdir(parent)) {
      if (new RegExp(`^${basename(outFile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-\\d+$`).test(entry)) await rm(join(parent, entry), { force: true });
    }
    const s = await lstatOrUndefined(outFile);
    if (s !== undefined) {
      if (!s.isFile()) {
        throw new SrmapError('OUT_NOT_REPLACEABLE', `${outFile} is ${kindOf(s)}; srmap writes a file there only where there is none or an earlier output of its own.`, { hint: 'Name another --out file.' });
      }
      const head = await readHead(outFile, 64 * 1024);
      if (!isOurs(head)) {
        throw new SrmapError('OUT_NOT_REPLACEABLE', `${outFile} exists and is not a file srmap wrote; refusing to overwrite it.`, {
          hint: 'Name another --out file, or move this one away first.',
        });
      }
    }
  } catch (err) {
    await lock.release();
    await removeMadeFolders(parent, made);
    if (err instanceof SrmapError) throw err;
    throw notWritableError(parent, err);
  }
  // Released after the file is written (its folder is then not empty) or after a failure (no folder it made is left).
  const release = async (): Promise<void> => {
    await lock.release();
    await removeMadeFolders(parent, made);
  };
  return { path: outFile, notes: reclaimNote(lock.reclaimedFrom, lock.path), release };
}

