import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLatestSnapshot, findSnapshotDirs } from '../../src/store/find-snapshots.js';
import { tempDir } from './helpers.js';

describe('findSnapshotDirs', () => {
  it('recognises snapshots by the first bytes of their manifest; a manifest that is a link is skipped', async () => {
    const root = await tempDir();
    for (const [name, createdAt] of [['a', '2026-01-01T00:00:00Z'], ['b', '2026-03-01T00:00:00Z']] as const) {
      await mkdir(join(root, name));
      await writeFile(join(root, name, 'manifest.json'), JSON.stringify({ format: 'srmap-snapshot/1', id: name, createdAt }));
    }
    await mkdir(join(root, 'pack'));
    await writeFile(join(root, 'pack', 'manifest.json'), JSON.stringify({ format: 'srmap-pack/1' }));
    await mkdir(join(root, 'zero'));
    await symlink('/dev/zero', join(root, 'zero', 'manifest.json'));
    expect((await findSnapshotDirs(root)).sort()).toEqual([join(root, 'a'), join(root, 'b')]);
    expect(await findLatestSnapshot(root)).toBe(join(root, 'b'));
  });
});
