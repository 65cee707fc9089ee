/**
 * A collect that was killed (SIGKILL, power loss) leaves its temporary `.<id>.partial-<pid>` directory
 * behind: it has no manifest.json, so nothing reads it as a snapshot. The next collect into the same
 * folder removes such directories when the process that wrote them is gone, or when they are older
 * than a day whatever their pid says (pids are reused).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const STALE_PARTIAL_MS = 24 * 60 * 60 * 1000;
const PARTIAL_RE = /^\..+\.partial-(\d+)$/;

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove abandoned partial snapshot directories under `parent`; returns the names removed. */
export async function removeStalePartials(parent: string, now: number = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = PARTIAL_RE.exec(name);
    if (!m) continue;
    const path = join(parent, name);
    const s = await stat(path).catch(() => undefined);
    if (!s?.isDirectory()) continue;
    if (isRunning(Number(m[1])) && now - s.mtimeMs < STALE_PARTIAL_MS) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
