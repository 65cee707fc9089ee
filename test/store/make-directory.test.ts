/** makeDirectory: mkdir -p one level at a time, with mkdir's answers, and an exit-2 error where recursive mkdir would spin (/proc). */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SrmapError } from '../../src/domain/errors.js';
import { makeDirectory } from '../../src/store/make-directory.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-mkdir-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('makeDirectory', () => {
  it('makes the missing folders and returns the outermost it made, as recursive mkdir does; an existing folder returns undefined', async () => {
    expect(await makeDirectory(join(work, 'a', 'b', 'c'))).toBe(join(work, 'a'));
    expect((await stat(join(work, 'a', 'b', 'c'))).isDirectory()).toBe(true);
    expect(await makeDirectory(join(work, 'a', 'b'))).toBeUndefined();
    expect(await makeDirectory(join(work, 'a', 'b', 'd'))).toBe(join(work, 'a', 'b', 'd'));
  });

  it('gives each folder it makes the mode asked for', async () => {
    await makeDirectory(join(work, 'private', 'keys'), 0o700);
    expect((await stat(join(work, 'private'))).mode & 0o777).toBe(0o700 & ~process.umask());
    expect((await stat(join(work, 'private', 'keys'))).mode & 0o777).toBe(0o700 & ~process.umask());
  });

  it('a file in the way or under the way: mkdir\'s own EEXIST or ENOTDIR', async () => {
    const file = join(work, 'notes.txt');
    await writeFile(file, 'mine');
    await expect(makeDirectory(file)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeDirectory(join(file, 'sub', 'deeper'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it.skipIf(!existsSync('/proc/self'))('under /proc: a located exit-2 error, not a loop', async () => {
    const e = await makeDirectory('/proc/srmap-x/y').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SrmapError);
    expect((e as SrmapError).message).toBe('Cannot make the folder /proc/srmap-x: /proc exists but takes no new folder (a virtual file system such as /proc).');
  }, 10_000);
});
