/**
 * `srmap validate --register FILE` (or --owners, --exceptions, --applicability) checks the files it
 * names, in a working folder too: srmap.yaml lends its context, its other files are not read. Plain
 * `srmap validate` there checks the whole folder. Run in process.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSrmapInProcess, timeoutFor } from '../helpers/run-srmap.js';

let work: string;
let ws: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-validate-files-'));
  ws = join(work, 'ws');
  const init = await runSrmapInProcess(['init', ws, '--organisation', 'Test Co', '--framework', 'pci-dss-4.0.1']);
  expect(init.code, init.stderr).toBe(0);
  await writeFile(join(ws, 'owners.yaml'), 'owners:\n  - control: no-such-control\n    responsible: nobody\n');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('validate in a working folder', () => {
  it('--register checks that register alone, with srmap.yaml as its context; a broken owners.yaml beside it is not its problem', async () => {
    const r = await runSrmapInProcess(['validate', '--register', 'evidence-register.csv'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^evidence register OK: evidence-register\.csv: \d+ register rows \(/);
    expect(lines[1]).toBe('  read with srmap.yaml (its frameworks, document roots and limits); its other files were not checked: `srmap validate` without these flags checks the whole working folder');
    expect(r.stdout).not.toContain('working folder OK');
    expect(lines.at(-1)).toMatch(/^catalog OK: /);
  }, timeoutFor(3));

  it('without flags checks the whole folder, and the broken owners.yaml fails it', async () => {
    const r = await runSrmapInProcess(['validate'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/problem\(s\) in the working folder /);
    expect(r.stderr).toMatch(/owners\.yaml/);
  }, timeoutFor(3));

  it('a problem in the register alone is headed by the register, not the working folder', async () => {
    await writeFile(join(ws, 'bad-register.csv'), 'id,kind\nx,y\n');
    const r = await runSrmapInProcess(['validate', '--register', 'bad-register.csv'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\d+ problem\(s\) in bad-register\.csv\./);
    expect(r.stderr).not.toMatch(/owners\.yaml/);
  }, timeoutFor(3));

  it('--help says the four file flags check only the files they name', async () => {
    const r = await runSrmapInProcess(['validate', '--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('or only the files --register / --owners / --exceptions / --applicability name');
  });

  it('--applicability is read (validate dropped the flag)', async () => {
    await writeFile(join(ws, 'bad-applicability.yaml'), 'declarations: [[[\n');
    const r = await runSrmapInProcess(['validate', '--applicability', 'bad-applicability.yaml'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-applicability\.yaml/);
  }, timeoutFor(3));

  it('a row with sha256 empty is counted as hashed, never as verified, and its hash is given to register; exit 0', async () => {
    await writeFile(join(ws, 'approved.md'), 'approved policy\n');
    await writeFile(join(ws, 'unregistered.md'), 'policy with no hash registered\n');
    const approved = createHash('sha256').update('approved policy\n').digest('hex');
    const unregistered = createHash('sha256').update('policy with no hash registered\n').digest('hex');
    await writeFile(
      join(ws, 'hashes-register.csv'),
      `evidence_id,supports,title,owner,collected_on,valid_until,location,sha256\nev-1,sanction-policy,Sanctions,HR,2026-01-10,2027-01-10,approved.md,${approved}\nev-2,sanction-policy,Sanctions again,HR,2026-01-10,2027-01-10,unregistered.md,\n`,
    );
    const r = await runSrmapInProcess(['validate', '--register', 'hashes-register.csv'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 register rows (1 files verified against their registered sha256, 1 hashed with no sha256 registered, 0 changed since registered, 0 missing, 0 URLs not checked)');
    expect(r.stdout).toContain(`  ev-2: no sha256 registered; the document hashes to ${unregistered}: put that in its sha256 cell`);
    expect(r.stdout).not.toContain('ev-1:');
  }, timeoutFor(3));

  it('outside a working folder, --register checks the register on its own, as before', async () => {
    const r = await runSrmapInProcess(['validate', '--register', join(ws, 'evidence-register.csv')], { cwd: REPO_ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^evidence register OK: .*evidence-register\.csv: \d+ register rows/m);
    expect(r.stdout).not.toContain('read with');
  }, timeoutFor(3));
});
