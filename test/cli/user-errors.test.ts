/** User mistakes as a user makes them: exit 2 with file, line, field and a hint; never exit 1 with a stack trace. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER_COLUMNS } from '../../src/collect/manual/parse-register.js';
import { REPO_ROOT, timeoutFor, runSrmapInProcess } from '../helpers/run-srmap.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-user-errors-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const noCrash = (stderr: string) => {
  expect(stderr).not.toMatch(/internal error|This is a bug|\n\s+at /);
};

describe('user mistakes are exit 2, said once and short', () => {
  it('a register saved as UTF-16: one problem saying re-save as UTF-8, no NUL bytes', async () => {
    const file = join(work, 'register-utf16.csv');
    const text = `${REGISTER_COLUMNS.join(',')}\nev-1,sanction-policy,Sanctions,HR,2026-01-10,2027-01-10,docs/s.pdf,\n`;
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await runSrmapInProcess(['validate', '--register', file]);
    expect(r.code).toBe(2);
    noCrash(r.stderr);
    expect(r.stderr).toMatch(/register-utf16\.csv: line 1: the evidence register is saved as UTF-16 \(little-endian\), not UTF-8/);
    expect(r.stderr.match(/Re-save it as UTF-8/g)).toHaveLength(1);
    expect(r.stderr).not.toContain('\0');
  }, timeoutFor(3));

  it('a CUEC naming an unknown control: validate and report stop with the file, line and field, before any work', async () => {
    const catalog = join(work, 'whole-catalog');
    await cp(join(REPO_ROOT, 'frameworks'), catalog, { recursive: true });
    const file = join(catalog, 'cuecs', 'aws-soc2-type2.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('controls: [multi-factor-authentication]', 'controls: [multi-factor-authenticaton]'));
    const out = join(work, 'cuec-pack');
    for (const args of [['validate', '--catalog', catalog], ['report', '--catalog', catalog, '--snapshot', join(REPO_ROOT, 'evidence', 'sample'), '--out', out]]) {
      const r = await runSrmapInProcess(args);
      expect(r.code, args[0]).toBe(2);
      noCrash(r.stderr);
      expect(r.stderr).toMatch(/aws-soc2-type2\.yaml: line \d+, column \d+: cuecs\[2\]\.controls\[0\]: unknown control 'multi-factor-authenticaton'\n\s+hint: Did you mean 'multi-factor-authentication'/);
    }
    await expect(readFile(join(out, 'manifest.json'))).rejects.toThrow();
  }, timeoutFor(6));

  it('a YAML alias bomb in exceptions.yaml: exit 2 at the first alias, not a crash', async () => {
    const levels = 'abcdefghi'.split('');
    const yaml = levels.map((l, i) => (i === 0 ? `${l}: &${l} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` : `${l}: &${l} [${Array(9).fill(`*${levels[i - 1]}`).join(',')}]`)).join('\n');
    const file = join(work, 'exceptions.yaml');
    await writeFile(file, yaml);
    const r = await runSrmapInProcess(['validate', '--exceptions', file]);
    expect(r.code).toBe(2);
    noCrash(r.stderr);
    expect(r.stderr).toMatch(/exceptions\.yaml: line 2, column 8: the YAML aliases \(\*name\) expand to more than 100 copies/);
  }, timeoutFor(3));

  it('a bad 10,000-row register: the first 50 problems, then how many more', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `ev-${i},no-such-kind,T,O,2026-13-01,,x.pdf,`);
    const file = join(work, 'register-bad.csv');
    await writeFile(file, `${REGISTER_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
    const r = await runSrmapInProcess(['validate', '--register', file]);
    expect(r.code).toBe(2);
    noCrash(r.stderr);
    expect(r.stderr).toMatch(/\.\.\. and 29,950 more problems \(29,950 in .*register-bad\.csv\), not shown/);
    expect(r.stderr.length).toBeLessThan(20_000);
  }, timeoutFor(3));

  it('a questionnaire far beyond any real one: exit 2 saying to split it (it used to overflow the stack)', async () => {
    const file = join(work, 'huge.csv');
    await writeFile(file, `ID,Question\n${Array.from({ length: 150_000 }, (_, i) => `Q${i},Do you encrypt data at rest?`).join('\n')}\n`);
    const r = await runSrmapInProcess(['answer', file, '--out', join(work, 'huge-answered.csv')]);
    expect(r.code).toBe(2);
    noCrash(r.stderr);
    expect(r.stderr).toMatch(/QUESTIONNAIRE_TOO_LARGE.*150,000 rows.*Split/s);
  }, timeoutFor(5));
});
