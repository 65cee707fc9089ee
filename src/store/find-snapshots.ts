/** Where snapshots are: any directory holding a manifest.json, a couple of levels down. */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Directories holding a manifest.json, at most `depth` levels below `dir`; hidden (partial) ones skipped. */
export async function findSnapshotDirs(dir: string, depth = 2): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string, left: number) => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    if (entries.some((e) => e.isFile() && e.name === 'manifest.json')) {
      // A pack or a diff has a manifest too: only a snapshot's names the snapshot format.
      const head = await readFile(join(d, 'manifest.json'), 'utf8').then((text) => text.slice(0, 4096), () => '');
      if (/"format"\s*:\s*"srmap-snapshot\//.test(head)) found.push(d);
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
    const text = await readFile(join(d, 'manifest.json'), 'utf8').catch(() => '');
    const createdAt = /"createdAt"\s*:\s*"([^"]+)"/.exec(text)?.[1];
    if (createdAt && (!best || createdAt > best.createdAt)) best = { dir: d, createdAt };
  }
  return best?.dir;
}
