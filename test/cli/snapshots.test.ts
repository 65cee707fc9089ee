/**
 * `srmap snapshots list` says "verified" from the same verdict as `srmap verify` and
 * `srmap validate --snapshot`: a snapshot folder holding a file its manifest does not list is not
 * the snapshot that was hashed, so all three say no, naming the file. Run in process.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSnapshots } from '../../src/cli/commands/snapshots.js';
import { runValidate } from '../../src/cli/commands/validate.js';
import { runVerify } from '../../src/cli/commands/verify.js';
import { SrmapError } from '../../src/domain/errors.js';
import { REPO_ROOT, runSrmapInProcess, timeoutFor } from '../helpers/run-srmap.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-snapshots-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function collector(): { out: string[]; err: string[]; io: { out: (l: string) => void; err: (l: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

async function thrown(p: Promise<unknown>): Promise<SrmapError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SrmapError) return e;
    throw e;
  }
  throw new Error('expected an SrmapError');
}

describe('a snapshot folder with a file its manifest does not list', () => {
  it('snapshots list, verify and validate --snapshot all say it does not verify, naming the file', async () => {
    const parent = join(work, 'list');
    const snap = join(parent, 'q3');
    await cp(join(REPO_ROOT, 'evidence', 'sample'), snap, { recursive: true });
    const before = collector();
    expect(await listSnapshots(parent, before.io)).toBe(0);
    expect(before.out[1]).toMatch(/^sample-2026-09-30 .* yes /);

    await writeFile(join(snap, 'notes.txt'), 'added after collect');
    const list = collector();
    expect(await listSnapshots(parent, list.io)).toBe(2);
    expect(list.out[1]).toMatch(/^sample-2026-09-30 .* NO \(1 problem\) /);
    const path = relative(process.cwd(), snap) || snap;
    expect(list.err).toEqual([`${path}: does not verify: notes.txt: not listed in the manifest: added after the snapshot was written; \`srmap verify ${path}\` lists every problem and what to do`]);

    const verify = await thrown(runVerify({ snapshot: snap, json: false }, collector().io));
    expect(verify.problems.map((p) => [p.file, p.message])).toEqual([['notes.txt', 'not listed in the manifest: added after the snapshot was written']]);
    expect(verify.problems[0]?.hint).toMatch(/move the file out of the snapshot folder, or collect a new snapshot/);
    const json = collector();
    expect(await runVerify({ snapshot: snap, json: true }, json.io)).toBe(2);
    expect(JSON.parse(json.out.join('\n'))).toMatchObject({ ok: false, problems: [{ file: 'notes.txt' }] });

    const validate = await thrown(runValidate({ snapshot: snap }, collector().io));
    expect(validate.problems.map((p) => p.file)).toEqual(['notes.txt']);
  });

  it('a folder without a readable manifest is listed by its path with the verdict in the verified column', async () => {
    const parent = join(work, 'broken');
    const snap = join(parent, 'q3');
    await cp(join(REPO_ROOT, 'evidence', 'sample'), snap, { recursive: true });
    await writeFile(join(snap, 'manifest.json'), '{"format": "srmap-snapshot/1", "id": ');
    const list = collector();
    expect(await listSnapshots(parent, list.io)).toBe(2);
    const path = relative(process.cwd(), snap) || snap;
    const [, row] = list.out;
    expect(row?.split(/\s{2,}/)).toEqual(['?', 'NO (1 problem)', path]);
    expect(list.err).toEqual([expect.stringMatching(new RegExp(`^${escape(path)}: does not verify: manifest\\.json: .*\`srmap verify `))]);
  });
});

describe('snapshots list without a folder', () => {
  it('in a working folder lists its paths.snapshots (nothing collected yet: an empty list, exit 0), elsewhere the samples srmap ships', async () => {
    const ws = join(work, 'ws');
    expect((await runSrmapInProcess(['init', ws, '--organisation', 'Test Co', '--framework', 'pci-dss-4.0.1'])).code).toBe(0);
    const snapshots = join(ws, 'snapshots');
    const empty = await runSrmapInProcess(['snapshots', 'list'], { cwd: ws });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout.split('\n')[0]).toMatch(new RegExp(`^${escape(snapshots)}: paths\\.snapshots of srmap\\.yaml \\(the samples srmap ships: \`srmap snapshots list .*evidence\`\\)$`));
    expect(empty.stdout).toContain(`No snapshot under ${snapshots} yet: \`srmap collect\` writes one there.`);

    await cp(join(REPO_ROOT, 'evidence', 'sample'), join(snapshots, 'q3'), { recursive: true });
    const mine = await runSrmapInProcess(['snapshots', 'list'], { cwd: ws });
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.stdout).toMatch(/^sample-2026-09-30 .* yes +snapshots\/q3$/m);
    expect(mine.stdout).not.toContain('sample-2026-06-30');

    // --config names the working folder from anywhere; with neither, the shipped samples.
    const byConfig = await runSrmapInProcess(['snapshots', 'list', '--config', join(ws, 'srmap.yaml')], { cwd: work });
    expect(byConfig.stdout).toMatch(/^sample-2026-09-30 .* yes +ws\/snapshots\/q3$/m);
    const shipped = await runSrmapInProcess(['snapshots', 'list'], { cwd: work });
    expect(shipped.code, shipped.stderr).toBe(0);
    expect(shipped.stdout).toMatch(/^sample-2026-06-30 /m);
    expect(shipped.stdout).toMatch(/^sample-2026-09-30 /m);
    expect(shipped.stdout).not.toContain('paths.snapshots');
  }, timeoutFor(3));
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
