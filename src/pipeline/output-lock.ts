/**
 * One srmap run at a time per output: a lock file `.<name>.lock` beside the output (a pack or diff
 * directory, an answered questionnaire). It holds the owner's pid, host and start time. A second
 * run fails at once with exit 2 naming the owner; a lock whose process is gone (same host, pid no
 * longer running: a kill, a power loss) is stale and reclaimed.
 *
 * The lock is created complete and atomically (written under a private name, then hard-linked to
 * its name, which fails if it exists), and reclaimed by renaming it aside, which only one of two
 * racing runs can do; the winner checks it moved the stale lock it read and not a fresh one.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { link, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PLACE_ERROR_REASONS, SrmapError } from '../domain/errors.js';

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

export interface HeldLock {
  path: string;
  /** The dead run whose stale lock this one reclaimed, if any. */
  reclaimedFrom?: LockOwner;
  release(): Promise<void>;
}

/** A lock file that cannot be read as an owner (cut short by a crash) is stale after this long. */
const UNREADABLE_STALE_MS = 60_000;

export function lockPathOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.lock`);
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Is the owner's process still running? Another host's process cannot be seen: assume it is. */
export function isOwnerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
  return !isZombie(owner.pid);
}

/**
 * A killed process stays a zombie until its parent reaps it (in a container whose init does not
 * reap, for a while): signals still "reach" it, but it runs no more. Linux only; elsewhere false.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

type ReadOwner = { state: 'owner'; owner: LockOwner } | { state: 'gone' } | { state: 'unreadable'; ageMs: number };

async function readOwner(path: string): Promise<ReadOwner> {
  let text: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - (await stat(path)).mtimeMs;
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { state: 'gone' };
    throw err;
  }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && Number.isInteger(o.pid) && o.pid > 0 && typeof o.host === 'string' && typeof o.startedAt === 'string') {
      return { state: 'owner', owner: { pid: o.pid, host: o.host, startedAt: o.startedAt, command: typeof o.command === 'string' ? o.command : 'srmap' } };
    }
  } catch {
    // fall through
  }
  return { state: 'unreadable', ageMs };
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;
}

function lockedError(target: string, path: string, owner: LockOwner | undefined): SrmapError {
  const who = owner ? `srmap ${owner.command} (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt})` : 'another srmap run';
  return new SrmapError('OUT_LOCKED', `${target} is being written by ${who}; two runs may not write the same output at once.`, {
    hint: owner && owner.host !== hostname()
      ? `Wait for it to finish. If no srmap runs on ${owner.host} any more, remove ${path}.`
      : `Wait for it to finish, or write elsewhere. A lock left by a run that died is reclaimed automatically; if ${path} is still there when no srmap runs, remove it.`,
  });
}

/** A file-system error while preparing an output, as a user error naming the place (exit 2). */
export function notWritableError(place: string, err: unknown): SrmapError {
  if (err instanceof SrmapError) return err; // already says what and where (makeDirectory's)
  const code = errnoCode(err);
  const reason = (code && (PLACE_ERROR_REASONS[code] ?? (code === 'EEXIST' ? 'a part of the path exists and is not a directory' : undefined))) ?? (err instanceof Error ? err.message : String(err));
  return new SrmapError('OUT_NOT_WRITABLE', `Cannot write to ${place}: ${reason}.`, {
    hint: 'Choose an output location you can write to (--out), or fix its permissions.',
    cause: err,
  });
}


/** Drafts and reclaimed locks (`.<name>.lock.<pid>.tmp`, `.<name>.lock.stale-<pid>`) a killed run left behind. */
async function removeDeadDrafts(path: string): Promise<void> {
  const name = basename(path);
  for (const entry of await readdir(dirname(path)).catch(() => [] as string[])) {
    if (!entry.startsWith(`${name}.`)) continue;
    const m = /^(?:(\d+)\.tmp|stale-(\d+))$/.exec(entry.slice(name.length + 1));
    const pid = Number(m?.[1] ?? m?.[2]);
    if (m && pid !== process.pid && !isOwnerAlive({ pid, host: hostname(), startedAt: '', command: '' })) await rm(join(dirname(path), entry), { force: true });
  }
}

/** Take the lock of `target` for `command`, reclaiming a stale one. Throws OUT_LOCKED or OUT_NOT_WRITABLE. */
export async function acquireOutputLock(target: string, command: string): Promise<HeldLock> {
  const path = lockPathOf(target);
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  const draft = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(draft, `${JSON.stringify(me)}\n`, { flag: 'w' });
  } catch (err) {
    throw notWritableError(dirname(target), err);
  }
  let reclaimedFrom: LockOwner | undefined;
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(draft, path);
        await removeDeadDrafts(path);
        return {
          path,
          ...(reclaimedFrom ? { reclaimedFrom } : {}),
          release: async () => {
            const now = await readOwner(path);
            if (now.state === 'owner' && sameOwner(now.owner, me)) await rm(path, { force: true });
          },
        };
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST') throw notWritableError(dirname(target), err);
      }
      const held = await readOwner(path);
      if (held.state === 'gone') continue;
      if (held.state === 'owner' && isOwnerAlive(held.owner)) throw lockedError(target, path, held.owner);
      if (held.state === 'unreadable' && held.ageMs < UNREADABLE_STALE_MS) throw lockedError(target, path, undefined);
      // Stale: move it aside. Of two runs reclaiming at once, one rename finds nothing (ENOENT) and retries.
      const aside = `${path}.stale-${process.pid}`;
      try {
        await rename(path, aside);
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') continue;
        throw err;
      }
      const moved = await readOwner(aside);
      const movedStale = held.state === 'owner' ? moved.state === 'owner' && sameOwner(moved.owner, held.owner) : moved.state === 'unreadable';
      if (!movedStale) {
        // Another run reclaimed it first and took it: put its lock back (unless a third took the name) and give way.
        await link(aside, path).catch(() => undefined);
        await rm(aside, { force: true });
        throw lockedError(target, path, moved.state === 'owner' ? moved.owner : undefined);
      }
      await rm(aside, { force: true });
      if (held.state === 'owner') reclaimedFrom = held.owner;
    }
    throw lockedError(target, path, undefined);
  } finally {
    await rm(draft, { force: true });
  }
}
