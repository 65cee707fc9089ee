/**
 * Mistakes a new user makes on a first walk through the README (found from the packed tarball):
 * each is exit 2 with what, where and what to do, never an internal error. Run in process.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { writeDeterministicZip } from '../../src/pipeline/deterministic-zip.js';
import { REPO_ROOT } from '../helpers/run-srmap.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-new-user-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe("a new user's mistakes are exit 2 with what to do", () => {
  it('srmap verify with nothing to verify: a usage error naming the three forms, not an internal error', async () => {
    const r = await run(['verify']);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/internal error|This is a bug|\n\s+at /);
    expect(r.err).toMatch(/^srmap: error \[USAGE\]: Name what to verify: a snapshot or pack directory, or a bundle FILE\.zip\.\nhint: e\.g\. `srmap verify /);
    const both = await run(['verify', 'a', '--pack', 'b']);
    expect([both.code, both.err]).toEqual([2, expect.stringMatching(/Give a or --pack b, not both\./)]);
  });

  it("a misspelt option is named once, as typed, with the command's own --help", async () => {
    const r = await run(['frameworks', 'list', '--bogus-flag', '--formt=csv']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('srmap: error [USAGE]: Unknown arguments: --bogus-flag, --formt\nhint: `srmap frameworks list --help` says what each argument and option is.');
    const extra = await run(['export', 'pdf']);
    expect([extra.code, extra.err]).toEqual([2, expect.stringMatching(/^srmap: error \[USAGE\]: Unknown argument: pdf\n/)]);
  });

  it('a malformed YAML line and an impossible date in the working folder: file, line, column, and a hint about the working folder, not the catalog', async () => {
    const dir = join(work, 'folder');
    expect((await run(['init', dir, '--framework', 'pci-dss-4.0.1'])).code).toBe(0);
    await writeFile(join(dir, 'owners.yaml'), 'owners:\n  - { scope: identity-and-access, responsible: [Platform }\n');
    await writeFile(join(dir, 'applicability.yaml'), 'declarations:\n  - requirement: pci-dss-4.0.1:4.2.1.2\n    decision: not-applicable\n    justification: No wireless network.\n    approver: CISO\n    approvedOn: 2026-13-01\n');
    const r = await run(['validate', '--config', join(dir, 'srmap.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/[/\\]owners\.yaml: line 2, column \d+: YAML syntax error: [^\n]*[a-z\]}]\n {6}hint: Fix the YAML syntax/);
    expect(r.err).not.toMatch(/at line \d+, column \d+:?\n/);
    expect(r.err).toContain('applicability.yaml: line 6, column 17: declarations[0].approvedOn: not a date: write a day that exists as YYYY-MM-DD, e.g. 2026-07-01\n      hint: See the README section "The working folder"');
    expect(r.err).not.toContain('frameworks/schema');
  });

  it("answers from the sample snapshot with the user's own srmap.yaml: the warning does not call the user's organisation fictional", async () => {
    const dir = join(work, 'answering');
    expect((await run(['init', dir, '--organisation', 'Acme Ltd', '--framework', 'soc2-2017'])).code).toBe(0);
    const questions = join(dir, 'q.csv');
    await writeFile(questions, 'id,question\n1,Do you encrypt data at rest?\n');
    const sample = join(REPO_ROOT, 'evidence', 'sample');
    const r = await run(['answer', questions, '--snapshot', sample, '--config', join(dir, 'srmap.yaml'), '--quiet']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`warning: these answers name Acme Ltd but stand on the evidence of the fictional sample organisation (the snapshot ${sample}): do not send them. Answer from your own evidence with --snapshot DIR (a snapshot \`srmap collect\` wrote).`);
  });

  it('verify --public-key on an intact, unsigned snapshot: says it is unsigned, not that it was altered', async () => {
    const pub = join(work, 'srmap-signing-key.pub.pem');
    await writeFile(pub, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const r = await run(['verify', join(REPO_ROOT, 'evidence', 'sample'), '--public-key', pub]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^srmap: error \[SNAPSHOT_INVALID\]: The snapshot at \S+ is as its manifest lists it, but the manifest is not signed and a public key was given: nothing shows who wrote it\n/);
    expect(r.err).toContain('manifest.json: unsigned, and a public key was given');
    expect(r.err).toMatch(/hint: Ask its author for the snapshot signed with the key's pair \(--signing-key\), or run srmap verify without --public-key/);
    expect(r.err).not.toMatch(/not as it was written|never edited/);
  });

  it('verify of a zip with no bundle manifest, no --public-key given: it is not a bundle srmap wrote, not "a public key was given"', async () => {
    const zip = join(work, 'not-a-bundle.zip');
    await writeDeterministicZip(zip, [{ path: 'notes.txt', data: Buffer.from('mine') }], '2026-09-30T00:00:00Z');
    const r = await run(['verify', zip]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^srmap: error \[BUNDLE_ALTERED\]: \d+ problem\(s\) in the bundle \S+not-a-bundle\.zip: it is not as srmap wrote it\n/);
    expect(r.err).toContain('manifest.json: missing or not JSON');
    expect(r.err).not.toContain('a public key was given');
  });

  it('verify of a bundle .zip that is not there says so, not that a snapshot folder is missing', async () => {
    const r = await run(['verify', join(work, 'nowhere.zip')]);
    expect([r.code, r.err]).toEqual([2, `srmap: error [BUNDLE_NOT_FOUND]: No bundle at ${join(work, 'nowhere.zip')}: the file does not exist.\nhint: Give the FILE.zip that srmap bundle wrote (\`srmap bundle --pack DIR --out FILE.zip\`).`]);
  });

  it('report in a new working folder (nothing collected yet): says where it looked and to collect, not to set paths.snapshots', async () => {
    const ws = join(work, 'fresh-ws');
    expect((await run(['init', ws, '--framework', 'hipaa-security'])).code).toBe(0);
    const r = await run(['report', '--config', join(ws, 'srmap.yaml'), '--out', join(work, 'fresh-pack')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^srmap: error \\[USAGE\\]: No snapshot under ${join(ws, 'snapshots').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(paths\\.snapshots of srmap\\.yaml\\)\\.\nhint: \`srmap collect\` writes one there; or give --snapshot DIR \\(the samples srmap ships: \`srmap snapshots list \\S+evidence\`\\)\\.$`));
  });

  it('a snapshot that is not there: the hint names a command that finds the shipped sample, not a path that holds only in a clone', async () => {
    const r = await run(['verify', join(work, 'nowhere')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/hint: .*or use the sample srmap ships \(`srmap snapshots list` prints its path\)/);
    const list = await run(['snapshots', 'list']);
    expect(list.out.split('\n').some((l) => l.endsWith(` ${relative(process.cwd(), join(REPO_ROOT, 'evidence', 'sample')) || '.'}`))).toBe(true);
  });

  it('a command given too few arguments or a required option missing says which it takes', async () => {
    const r = await run(['diff', 'evidence/sample']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('srmap: error [USAGE]: srmap diff <old> <new> needs 2 argument(s); 1 given.\nhint: `srmap diff --help` says what each argument and option is.');
    const sub = await run(['frameworks', 'show']);
    expect(sub.err).toBe('srmap: error [USAGE]: srmap frameworks show needs 1 argument(s); 0 given.\nhint: `srmap frameworks show --help` says what each argument and option is.');
    const options = await run(['bundle', '--pack', 'packs']);
    expect([options.code, options.err]).toEqual([2, 'srmap: error [USAGE]: srmap bundle needs --out.\nhint: `srmap bundle --help` says what each argument and option is.']);
  });

  it('srmap init on a file, or under one: exit 2 saying so, the file untouched', async () => {
    const file = join(work, 'notes.txt');
    await writeFile(file, 'mine');
    const r = await run(['init', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^srmap: error \[USAGE\]: \S+notes\.txt is a file, not a folder: srmap init writes a working folder\.\nhint: /);
    const under = await run(['init', join(file, 'sub')]);
    expect(under.code).toBe(2);
    expect(under.err).toMatch(/^srmap: error \[USAGE\]: Cannot make the folder \S+ \((ENOTDIR|EEXIST)\): a file is in the way\./);
    expect(await readFile(file, 'utf8')).toBe('mine');
  });
  it.skipIf(!existsSync('/proc/self'))('a folder under /proc (where mkdir answers ENOENT though /proc exists): init, keys init and report stop with exit 2 instead of spinning for ever', async () => {
    for (const argv of [['init', '/proc/srmap-x'], ['keys', 'init', '/proc/srmap-x/keys'], ['report', '--snapshot', 'evidence/sample', '--out', '/proc/srmap-x/pack', '--format', 'csv']]) {
      const r = await run(argv);
      expect([r.code, r.err], argv.join(' ')).toEqual([2, 'srmap: error [FOLDER_NOT_MADE]: Cannot make the folder /proc/srmap-x: /proc exists but takes no new folder (a virtual file system such as /proc).\nhint: Name a folder on an ordinary disk you can write to.']);
    }
  }, 30_000);

  it('report and demo refuse a bad number or a missing --history folder before any work, writing nothing', async () => {
    const out = join(work, 'pack-not-written');
    const cap = await run(['report', '--snapshot', 'evidence/sample', '--out', out, '--failing-cap', 'abc']);
    expect([cap.code, cap.err]).toEqual([2, 'srmap: error [USAGE]: --failing-cap is not a number: it takes a whole number of 0 or more.\nhint: e.g. --failing-cap 25']);
    const negative = await run(['report', '--snapshot', 'evidence/sample', '--out', out, '--failing-cap', '-3']);
    expect([negative.code, negative.err.split('\n')[0]]).toEqual([2, 'srmap: error [USAGE]: --failing-cap is -3: it takes a whole number of 0 or more.']);
    const limit = await run(['demo', '--out', out, '--history-limit', '0']);
    expect([limit.code, limit.err.split('\n')[0]]).toEqual([2, 'srmap: error [USAGE]: --history-limit is 0: it takes a whole number of 1 or more.']);
    const history = await run(['report', '--snapshot', 'evidence/sample', '--out', out, '--history', join(work, 'no-such-evidence')]);
    expect(history.code).toBe(2);
    expect(history.err).toMatch(/^srmap: error \[USAGE\]: --history \S+no-such-evidence: no such folder\.\nhint: Give the folder that holds your snapshots/);
    const oscal = await run(['export', 'oscal', '--snapshot', 'evidence/sample', '--out', out, '--failing-cap', '1.5']);
    expect([oscal.code, oscal.err.split('\n')[0]]).toEqual([2, 'srmap: error [USAGE]: --failing-cap is 1.5: it takes a whole number of 0 or more.']);
    await expect(readFile(join(out, 'manifest.json'))).rejects.toThrow(/ENOENT/);
  });
});
