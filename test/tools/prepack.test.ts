/** The packed package.json carries no `prepare`; the checkout's comes back byte for byte, even after an interrupted pack. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreManifest, SET_ASIDE, stripPrepare } from '../../src/tools/prepack.js';

const ORIGINAL = `{
  "name": "x",
  "version": "1.0.0",
  "scripts": {
    "build": "tsx src/tools/build.ts",
    "prepare": "tsx src/tools/build.ts",
    "prepack": "tsx src/tools/prepack.ts"
  },
  "dependencies": { "yaml": "^2.9.1" }
}
`;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'srmap-prepack-'));
  await writeFile(join(root, 'package.json'), ORIGINAL);
});
afterEach(() => rm(root, { recursive: true, force: true }));

const manifest = async () => JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: unknown };

describe('prepack', () => {
  it('writes package.json without prepare, the rest unchanged, and postpack restores the original bytes', async () => {
    expect(await stripPrepare(root)).toBe(true);
    const packed = await manifest();
    expect(packed.scripts).toEqual({ build: 'tsx src/tools/build.ts', prepack: 'tsx src/tools/prepack.ts' });
    expect(packed.dependencies).toEqual({ yaml: '^2.9.1' });
    expect(await readFile(join(root, SET_ASIDE), 'utf8')).toBe(ORIGINAL);
    expect(await restoreManifest(root)).toBe(true);
    expect(await readFile(join(root, 'package.json'), 'utf8')).toBe(ORIGINAL);
    expect(existsSync(join(root, SET_ASIDE))).toBe(false);
    expect(await restoreManifest(root)).toBe(false);
  });

  it('after a pack that failed before postpack, the next prepack starts from the original, not the stripped file', async () => {
    await stripPrepare(root);
    expect(await stripPrepare(root)).toBe(true);
    expect(await readFile(join(root, SET_ASIDE), 'utf8')).toBe(ORIGINAL);
    await restoreManifest(root);
    expect(await readFile(join(root, 'package.json'), 'utf8')).toBe(ORIGINAL);
  });

  it('leaves a package.json without prepare as it is', async () => {
    const without = ORIGINAL.replace('    "prepare": "tsx src/tools/build.ts",\n', '');
    await writeFile(join(root, 'package.json'), without);
    expect(await stripPrepare(root)).toBe(false);
    expect(await readFile(join(root, 'package.json'), 'utf8')).toBe(without);
    expect(existsSync(join(root, SET_ASIDE))).toBe(false);
  });
});
