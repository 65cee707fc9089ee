/** What --out may replace, and what a killed run leaves behind, at the level of the claim. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SrmapError } from '../../src/domain/errors.js';
import { claimOutputDir, claimOutputFile } from '../../src/pipeline/claim-output.js';

const made: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'srmap-claim-'));
  made.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SrmapError);
    expect((e as SrmapError).kind).toBe('input');
    return (e as SrmapError).code;
  }
  return 'no error';
}

/** A pid that surely belongs to no running process: one that just exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

/** Writes a small pack through a claim, as build-packs does. */
async function writePack(out: string, text = 'a,b\r\n'): Promise<void> {
  const claim = await claimOutputDir(out, 'srmap-pack/1', 'report');
  await mkdir(join(claim.tmp, 'hipaa-security'));
  await writeFile(join(claim.tmp, 'hipaa-security', 'gaps.csv'), text);
  const sha256 = createHash('sha256').update(text).digest('hex');
  await writeFile(join(claim.tmp, 'manifest.json'), JSON.stringify({ format: 'srmap-pack/1', files: [{ path: 'hipaa-security/gaps.csv', sha256, bytes: Buffer.byteLength(text) }] }));
  await claim.commit();
}

describe('claimOutputDir', () => {
  it('never replaces a file, a link or a directory srmap did not write', async () => {
    const root = await tempDir();
    const file = join(root, 'notes.txt');
    await writeFile(file, 'precious');
    expect(await code(claimOutputDir(file, 'srmap-pack/1', 'report'))).toBe('OUT_NOT_REPLACEABLE');
    expect(await readFile(file, 'utf8')).toBe('precious');

    await mkdir(join(root, 'real'));
    await symlink(join(root, 'real'), join(root, 'link'));
    expect(await code(claimOutputDir(join(root, 'link'), 'srmap-pack/1', 'report'))).toBe('OUT_NOT_REPLACEABLE');

    // A manifest.json of the right format is not enough: a file it does not list keeps the directory.
    const fake = join(root, 'fake');
    await mkdir(fake);
    await writeFile(join(fake, 'manifest.json'), JSON.stringify({ format: 'srmap-pack/1', files: [] }));
    await writeFile(join(fake, 'thesis.docx'), 'years of work');
    await expect(claimOutputDir(fake, 'srmap-pack/1', 'report')).rejects.toThrow(/not a pack srmap wrote .*thesis\.docx/);
    expect(await readFile(join(fake, 'thesis.docx'), 'utf8')).toBe('years of work');

    // A diff is not a pack, and a pack is not a diff.
    await writePack(join(root, 'pack'));
    expect(await code(claimOutputDir(join(root, 'pack'), 'srmap-diff/1', 'diff'))).toBe('OUT_NOT_REPLACEABLE');
    // No lock or temporary directory is left by a refused claim.
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('replaces an empty directory or an unchanged pack, and refuses a pack edited since', async () => {
    const root = await tempDir();
    const out = join(root, 'out');
    await mkdir(out);
    await writePack(out, 'first\r\n');
    await writePack(out, 'second\r\n');
    expect(await readFile(join(out, 'hipaa-security', 'gaps.csv'), 'utf8')).toBe('second\r\n');
    await writeFile(join(out, 'hipaa-security', 'gaps.csv'), 'my edits');
    await expect(claimOutputDir(out, 'srmap-pack/1', 'report')).rejects.toThrow(/changed since srmap wrote it: hipaa-security\/gaps\.csv/);
    expect(await readFile(join(out, 'hipaa-security', 'gaps.csv'), 'utf8')).toBe('my edits');
    expect(await readdir(root)).toEqual(['out']);
  });

  it('a second run on the same output fails while the first holds it; after release it may', async () => {
    const root = await tempDir();
    const out = join(root, 'out');
    const first = await claimOutputDir(out, 'srmap-pack/1', 'report');
    const err = await claimOutputDir(out, 'srmap-pack/1', 'report').catch((e: unknown) => e as SrmapError);
    expect(err).toBeInstanceOf(SrmapError);
    expect((err as SrmapError).code).toBe('OUT_LOCKED');
    expect((err as SrmapError).message).toMatch(new RegExp(`pid ${process.pid} on ${hostname()}`));
    await first.release();
    const second = await claimOutputDir(out, 'srmap-pack/1', 'report');
    await second.release();
    expect(await readdir(root)).toEqual([]);
  });

  it('reclaims the lock of a run that died, removes its partial output, and restores a pack it had moved aside', async () => {
    const root = await tempDir();
    const out = join(root, 'out');
    await writePack(out, 'kept\r\n');
    const dead = deadPid();
    await writeFile(join(root, '.out.lock'), JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'report' }));
    await mkdir(join(root, `.out.partial-${dead}`));
    // Killed between its two renames: the earlier pack is aside, nothing at out.
    const { rename } = await import('node:fs/promises');
    await rename(out, join(root, `.out.old-${dead}`));
    const claim = await claimOutputDir(out, 'srmap-pack/1', 'report');
    expect(claim.notes.join('\n')).toMatch(new RegExp(`Reclaimed .*pid ${dead}.*no longer running`));
    expect(claim.notes.join('\n')).toMatch(/Restored .*out/);
    expect(await readFile(join(out, 'hipaa-security', 'gaps.csv'), 'utf8')).toBe('kept\r\n');
    expect(existsSync(join(root, `.out.partial-${dead}`))).toBe(false);
    await claim.release();
    expect(await readdir(root)).toEqual(['out']);
  });

  it('a lock of a live process on this host is respected; an unwritable place is exit 2, not a crash', async () => {
    const root = await tempDir();
    await writeFile(join(root, '.out.lock'), JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'report' }));
    expect(await code(claimOutputDir(join(root, 'out'), 'srmap-pack/1', 'report'))).toBe('OUT_LOCKED');
    await writeFile(join(root, 'file'), 'x');
    expect(await code(claimOutputDir(join(root, 'file', 'out'), 'srmap-pack/1', 'report'))).toBe('OUT_NOT_WRITABLE');
  });
});

describe('claimOutputFile', () => {
  const ours = (head: string) => head.startsWith('ours');

  it('never writes over one of the inputs, even through a link, nor a file srmap did not write', async () => {
    const root = await tempDir();
    const q = join(root, 'q.csv');
    await writeFile(q, 'Question\nDo you encrypt?\n');
    expect(await code(claimOutputFile(q, [q], ours, 'answer'))).toBe('OUT_IS_INPUT');
    await symlink(q, join(root, 'alias.csv'));
    expect(await code(claimOutputFile(join(root, 'alias.csv'), [q], ours, 'answer'))).toBe('OUT_IS_INPUT');
    await writeFile(join(root, 'other.csv'), 'theirs');
    expect(await code(claimOutputFile(join(root, 'other.csv'), [q], ours, 'answer'))).toBe('OUT_NOT_REPLACEABLE');
    await writeFile(join(root, 'earlier.csv'), 'ours, from before');
    const claim = await claimOutputFile(join(root, 'earlier.csv'), [q], ours, 'answer');
    expect(await code(claimOutputFile(join(root, 'earlier.csv'), [q], ours, 'answer'))).toBe('OUT_LOCKED');
    await claim.release();
    expect(await readFile(q, 'utf8')).toBe('Question\nDo you encrypt?\n');
  });
});

describe('the folders a claim makes for its output', () => {
  it('a run that fails (released, not committed) leaves none of them; a committed one keeps them; a folder that existed stays', async () => {
    const root = await tempDir();
    const failed = await claimOutputDir(join(root, 'new', 'deep', 'pack'), 'srmap-pack/1', 'report');
    await writeFile(join(failed.tmp, 'half.csv'), 'a\r\n');
    await failed.release();
    expect(await readdir(root)).toEqual([]);

    await writePack(join(root, 'kept', 'deep', 'pack'));
    expect(await readdir(join(root, 'kept', 'deep'))).toEqual(['pack']);

    await mkdir(join(root, 'mine'));
    await (await claimOutputDir(join(root, 'mine', 'new', 'pack'), 'srmap-pack/1', 'report')).release();
    expect(await readdir(root)).toEqual(['kept', 'mine']);
    expect(await readdir(join(root, 'mine'))).toEqual([]);
  });

  it('a claim that is refused takes back the folders it made', async () => {
    const root = await tempDir();
    const held = await claimOutputDir(join(root, 'out', 'pack'), 'srmap-pack/1', 'report');
    expect(await code(claimOutputDir(join(root, 'out', 'pack'), 'srmap-pack/1', 'report'))).toBe('OUT_LOCKED');
    await held.release();
    expect(await readdir(root)).toEqual([]);
  });

  it('an answered file: a failed run leaves no folder it made, a written one keeps its folder', async () => {
    const root = await tempDir();
    const q = join(root, 'q.csv');
    await writeFile(q, 'Question\nDo you encrypt?\n');
    const ours = (head: string) => head.startsWith('ours');
    await (await claimOutputFile(join(root, 'a', 'b', 'answered.csv'), [q], ours, 'answer')).release();
    expect(await readdir(root)).toEqual(['q.csv']);
    const claim = await claimOutputFile(join(root, 'a', 'b', 'answered.csv'), [q], ours, 'answer');
    await writeFile(join(root, 'a', 'b', 'answered.csv'), 'ours');
    await claim.release();
    expect(await readFile(join(root, 'a', 'b', 'answered.csv'), 'utf8')).toBe('ours');
  });
});
