/** Bad input, as a user meets it: exit 2 and a message that names the file and says what to do. */
import { appendFile, cp, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSrmap, runSrmapInProcess } from '../helpers/run-srmap.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-errors-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function copySample(name: string): Promise<string> {
  const dir = join(work, name);
  await cp(join(REPO_ROOT, 'evidence', 'sample'), dir, { recursive: true });
  return dir;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

describe('a malformed catalog', () => {
  it('gives exit 2 naming the file and line, for report and for validate', async () => {
    const catalog = join(work, 'catalog');
    await cp(join(REPO_ROOT, 'frameworks'), catalog, { recursive: true });
    const file = join(catalog, 'soc2-2017.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^name: .*$/m, 'name: [unclosed'));
    const out = join(work, 'out-catalog');
    const report = await runSrmapInProcess(['report', '--snapshot', join(REPO_ROOT, 'evidence', 'sample'), '--out', out, '--catalog', catalog]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('soc2-2017.yaml');
    expect(report.stderr).toMatch(/line \d+/);
    expect(await exists(out)).toBe(false);
    const validate = await runSrmapInProcess(['validate', '--catalog', catalog]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain('soc2-2017.yaml');
  });

  it('the shipped catalog validates', async () => {
    // As a process: the bin itself, once for validate (the other checks run its command tree in-process).
    const r = await runSrmap(['validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('a damaged snapshot', () => {
  it('a tampered file: exit 2 naming it, and no pack is left behind', async () => {
    const snap = await copySample('tampered');
    const file = join(snap, 'resource-counts.ndjson');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/"count":(\d)/, (_m, d: string) => `"count":${(Number(d) + 1) % 10}`));
    const out = join(work, 'out-tampered');
    const r = await runSrmapInProcess(['report', '--snapshot', snap, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('resource-counts.ndjson');
    expect(await exists(out)).toBe(false);
    const v = await runSrmapInProcess(['validate', '--snapshot', snap]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('resource-counts.ndjson');
  });

  it('a truncated evaluations file: exit 2 naming it', async () => {
    const snap = await copySample('truncated');
    const file = join(snap, 'evaluations.ndjson.gz');
    await truncate(file, Math.floor((await stat(file)).size / 2));
    const r = await runSrmapInProcess(['report', '--snapshot', snap, '--out', join(work, 'out-truncated')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('evaluations.ndjson.gz');
  });

  it('a record appended after the fact: exit 2', async () => {
    const snap = await copySample('appended');
    await appendFile(join(snap, 'exceptions.ndjson'), '{"id":"EX-FAKE"}\n');
    const r = await runSrmapInProcess(['validate', '--snapshot', snap]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exceptions.ndjson');
  });

  it('a directory that is not a snapshot: exit 2 with a hint', async () => {
    const r = await runSrmapInProcess(['report', '--snapshot', join(work, 'nope'), '--out', join(work, 'out-nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hint:');
  });

  it('the shipped sample validates', async () => {
    const r = await runSrmapInProcess(['validate', '--snapshot', join(REPO_ROOT, 'evidence', 'sample')]);
    expect(r.code).toBe(0);
  });
});

describe('usage', () => {
  it('a missing option or unknown framework gives exit 2 and a hint', async () => {
    const missing = await runSrmapInProcess(['report', '--out', join(work, 'x')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/snapshot/);
    const unknown = await runSrmapInProcess(['frameworks', 'show', 'nist-800-53']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('hipaa-security');
  });

  it('--help works for every command and exits 0', async () => {
    for (const args of [['--help'], ['demo', '--help'], ['report', '--help'], ['frameworks', '--help'], ['validate', '--help']]) {
      // The bin's own --help as a process; each command's in-process.
      const r = args.length === 1 ? await runSrmap(args) : await runSrmapInProcess(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('srmap');
    }
  });

  it('refuses to replace a directory that is not a pack', async () => {
    const out = join(work, 'precious');
    await cp(join(REPO_ROOT, 'frameworks', 'evidence-kinds.yaml'), join(out, 'keep.yaml'), { recursive: true });
    const r = await runSrmapInProcess(['demo', '--out', out]);
    expect(r.code).toBe(2);
    expect(await exists(join(out, 'keep.yaml'))).toBe(true);
  });
});
