/** Where snapshots are: any directory holding a manifest.json, a couple of levels down. */
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** How much of a manifest is read to recognise it: format, id and createdAt come first. */
const HEAD_BYTES = 4096;

/** The first `HEAD_BYTES` of a regular file ('' for anything else): never the whole of a file we do not know. */
async function readHead(path: string): Promise<string> {
  try {
    if (!(await lstat(path)).isFile()) return '';
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
      return buf.toString('utf8', 0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

/** Directories holding a manifest.json, at most `depth` levels below `dir`; hidden (partial) ones skipped. */
export async function findSnapshotDirs(dir: string, depth = 2): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string, left: number) => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    if (entries.some((e) => e.isFile() && e.name === 'manifest.json')) {
      // A pack or a diff has a manifest too: only a snapshot's names the snapshot format.
      if (/"format"\s*:\s*"srmap-snapshot\//.test(await readHead(join(d, 'manifest.json')))) found.push(d);
      return;
    }
    if (left === 0) return;
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') await walk(join(d, e.name), left - 1);
  };
  await walk(dir, depth);
  return found;
}


/** The snapshot with the latest createdAt under `dir`, or undefined when there is none. */
export async function findLatestSnapshot(dir: string): Promise<string | undefined> {
  let best: { dir: string; createdAt: string } | undefined;
  for (const d of await findSnapshotDirs(dir)) {
    const createdAt = /"createdAt"\s*:\s*"([^"]+)"/.exec(await readHead(join(d, 'manifest.json')))?.[1];
    if (createdAt && (!best || createdAt > best.createdAt)) best = { dir: d, createdAt };
  }
  return best?.dir;
}
