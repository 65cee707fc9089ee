/**
 * AWS data is untrusted text in every output: control and invisible characters from a snapshot
 * reach no CSV, PDF, manifest or console raw; they are shown as \u{XXXX}. Handlebars in evidence
 * is text, never run.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasHiddenCharacters } from '../../src/domain/visible-text.js';
import { readPdf } from '../helpers/read-pdf.js';
import { rewriteSnapshot } from '../helpers/rewrite-snapshot.js';
import { REPO_ROOT, runSrmap, timeoutFor, runSrmapInProcess } from '../helpers/run-srmap.js';

const EVIL_ID = 'northwind-\u202Egnp.exe\u202C-\u200Bbucket\u0000';
const EVIL_NOTE = 'Not encrypted \u001b[2J\u001b[31mOK\u0007 {{constructor.constructor "return process"}} \u2066hidden\u2069\uFEFF';
const EVIL_ORG = 'Northwind \u202Edlrow\u202C Health (fictional)';

let work: string;
let out: string;
let run: { code: number; stdout: string; stderr: string };
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-hostile-'));
  const snap = await rewriteSnapshot(
    join(REPO_ROOT, 'evidence', 'sample'),
    work,
    'hostile',
    { evaluations: (r) => (r.complianceType === 'NON_COMPLIANT' ? { ...r, resourceId: EVIL_ID, annotation: EVIL_NOTE } : r) },
    (m) => ({ ...m, organisation: { ...m.organisation, name: EVIL_ORG }, gaps: [...m.gaps, { source: 'aws-config', code: 'Denied\u001b]0;pwned\u0007', message: 'AccessDenied \u001b[31mred\u001b[0m' }] }),
  );
  out = join(work, 'pack');
  run = await runSrmap(['report', '--snapshot', snap, '--framework', 'hipaa-security', '--out', out]);
}, timeoutFor(10));
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('control and invisible characters from AWS data', () => {
  it('reach no file of the pack raw; the CSV shows them as \\u{XXXX}', async () => {
    expect(run.code).toBe(0);
    const dir = join(out, 'hipaa-security');
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.csv'))) {
      const text = (await readFile(join(dir, name), 'utf8')).replace(/^\uFEFF/, '');
      expect(hasHiddenCharacters(text), name).toBe(false);
    }
    expect(hasHiddenCharacters(await readFile(join(out, 'manifest.json'), 'utf8'))).toBe(false);
    const evidence = await readFile(join(dir, 'evidence.csv'), 'utf8');
    expect(evidence).toContain('northwind-\\u{202E}gnp.exe\\u{202C}-\\u{200B}bucket\\u{0000}');
    expect(evidence).toContain('Not encrypted \\u{001B}[2J\\u{001B}[31mOK\\u{0007} {{constructor.constructor ""return process""}} \\u{2066}hidden\\u{2069}\\u{FEFF}');
  });

  it('the PDF shows them as \\u{XXXX} too, and the Handlebars text as text', async () => {
    const pdf = await readPdf(await readFile(join(out, 'hipaa-security', 'hipaa-security-pack.pdf')));
    const text = pdf.pages.join('\n');
    expect(hasHiddenCharacters(text)).toBe(false);
    // Table cells wrap anywhere: compare without white space.
    const squeezed = text.replace(/\s+/g, '');
    expect(squeezed).toContain('Northwind\\u{202E}dlrow\\u{202C}Health');
    expect(squeezed).toContain('northwind-\\u{202E}gnp.exe\\u{202C}-\\u{200B}bucket\\u{0000}');
    expect(squeezed).toContain('{{constructor.constructor"returnprocess"}}');
  });

  it('the console shows no raw control character (an ESC from AWS cannot drive the terminal)', async () => {
    const v = await runSrmapInProcess(['verify', join(work, 'hostile')]);
    expect(v.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- asserting no raw ESC or BEL reaches the terminal
    expect(`${v.stdout}${v.stderr}`).not.toMatch(/\u001b|\u0007/);
    expect(v.stdout).toContain('Denied\\u{001B}]0;pwned\\u{0007}');
    const json = await runSrmapInProcess(['verify', join(work, 'hostile'), '--json']);
    expect(hasHiddenCharacters(json.stdout)).toBe(false);
    expect(JSON.parse(json.stdout).gaps.at(-1).code).toBe('Denied\u001b]0;pwned\u0007');
  }, timeoutFor(4));
});
