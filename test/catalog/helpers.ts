import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FRAMEWORKS_DIR = fileURLToPath(new URL('../../frameworks/', import.meta.url));
export const REFERENCE_DIR = fileURLToPath(new URL('../../../shared/reference/', import.meta.url));

/** A copy of the shipped catalog in a temp dir, to break on purpose. */
export async function copyCatalog(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'srmap-catalog-'));
  await cp(FRAMEWORKS_DIR, dir, { recursive: true });
  return dir;
}

/** Replace exactly one occurrence of `from` in `dir/file`. */
export async function edit(dir: string, file: string, from: string, to: string): Promise<void> {
  const p = path.join(dir, file);
  const text = await readFile(p, 'utf8');
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected one '${from}' in ${file}, found ${count}`);
  await writeFile(p, text.replace(from, to));
}

/** 1-based line of the first line containing `needle`. */
export async function lineOf(dir: string, file: string, needle: string): Promise<number> {
  const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i === -1) throw new Error(`'${needle}' not in ${file}`);
  return i + 1;
}
