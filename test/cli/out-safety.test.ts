/**
 * --out as a user can get it wrong, and two runs or a kill on the same output: nothing srmap did not
 * write is ever deleted or overwritten, and every mistake is exit 2 before any evaluation.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SRMAP_BIN, runSrmap, timeoutFor, runSrmapInProcess } from '../helpers/run-srmap.js';

const BIN = SRMAP_BIN;
const SAMPLE = join(REPO_ROOT, 'evidence', 'sample');
const PREVIOUS = join(REPO_ROOT, 'evidence', 'sample-previous');
const report = (out: string) => ['report', '--snapshot', SAMPLE, '--framework', 'hipaa-security', '--out', out];

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-out-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function waitFor(path: string, ms = timeoutFor(5)): Promise<void> {
  const until = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > until) throw new Error(`${path} did not appear`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('--out never loses what srmap did not write', () => {
  it('report and diff --out an existing file: exit 2, the file intact', async () => {
    const file = join(work, 'thesis.docx');
    await writeFile(file, 'years of work');
    const r = await runSrmapInProcess(report(file));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/OUT_NOT_REPLACEABLE.*thesis\.docx is a file, not a directory/);
    const d = await runSrmapInProcess(['diff', PREVIOUS, SAMPLE, '--out', file, '--quiet']);
    expect(d.code).toBe(2);
    expect(await readFile(file, 'utf8')).toBe('years of work');
    expect((await readdir(work)).sort()).toEqual(['thesis.docx']);
  }, timeoutFor(6));

  it('answer q.csv --out q.csv: exit 2, the customer\'s original untouched', async () => {
    const q = join(work, 'q.csv');
    const original = 'Question\nDo you encrypt data at rest?\n';
    await writeFile(q, original);
    const r = await runSrmapInProcess(['answer', q, '--out', q]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/OUT_IS_INPUT/);
    expect(await readFile(q, 'utf8')).toBe(original);
  }, timeoutFor(4));

  it('an --out that cannot be written is exit 2 with the reason, not an internal error', async () => {
    const r = await runSrmapInProcess(report(join(work, 'thesis.docx', 'pack')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/OUT_NOT_WRITABLE.*thesis\.docx: a part of the path (is a file|exists and is not a directory)/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  }, timeoutFor(2));

  it('two reports into one pack: the second fails clearly while the first runs; a killed run\'s lock is reclaimed', async () => {
    const out = join(work, 'pack');
    const first = spawn(process.execPath, [BIN, ...report(out), '--quiet'], { cwd: REPO_ROOT, stdio: 'ignore' });
    const firstDone = new Promise<number>((r) => first.on('close', (c) => r(c ?? -1)));
    await waitFor(join(work, '.pack.lock'));
    const second = await runSrmapInProcess(report(out));
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`OUT_LOCKED.*being written by srmap report \\(pid ${first.pid}`));
    expect(await firstDone).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);

    // Killed mid-run: the lock and a partial directory stay; the next run reclaims both.
    const killed = spawn(process.execPath, [BIN, ...report(out), '--quiet'], { cwd: REPO_ROOT, stdio: 'ignore' });
    const killedDone = new Promise<void>((r) => killed.on('close', () => r()));
    await waitFor(join(work, '.pack.lock'));
    killed.kill('SIGKILL');
    await killedDone;
    expect(existsSync(join(work, '.pack.lock'))).toBe(true);
    const again = await runSrmap([...report(out), '--format', 'csv']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`Reclaimed .*pid ${killed.pid}.*no longer running`));
    expect((await readdir(work)).filter((n) => n.startsWith('.pack'))).toEqual([]);
  }, timeoutFor(30));
});
