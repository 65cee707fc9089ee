/** Hostile working-folder files: exceptions, YAML, registers, documents, questionnaires. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REGISTER_COLUMNS } from '../../collect/manual/parse-register.js';
import { cpuFigure, noHidden, userError, type Scenario } from './kit.js';

const HEADER = REGISTER_COLUMNS.join(',');
const exception = (resource: string, expiresOn = '2026-12-31', extra = '') => `exceptions:
  - id: EX-ATTACK
    rule: S3_BUCKET_LOGGING_ENABLED
    resource: ${JSON.stringify(resource)}
${extra}    reason: r
    compensatingControl: c
    approver: a
    approvedOn: 2026-06-01
    expiresOn: ${expiresOn}
`;
const BOMB = 'abcdefghi'
  .split('')
  .map((l, i, all) => (i === 0 ? `${l}: &${l} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` : `${l}: &${l} [${Array(9).fill(`*${all[i - 1] ?? 'a'}`).join(',')}]`))
  .join('\n');
const LONG_ARN = `arn:aws:s3:::${'a'.repeat(40)}`;

export const workingFolderScenarios: Scenario[] = [
  {
    category: 'exceptions and YAML',
    name: 'an exception glob of 14 stars against a 53-character ARN (a backtracking regular expression took 29 s before)',
    async run(kit) {
      const snap = await kit.hostile('glob-arn', { evaluations: (r) => (r.sourceIdentifier === 'S3_BUCKET_LOGGING_ENABLED' && r.complianceType === 'NON_COMPLIANT' ? { ...r, resourceId: LONG_ARN } : r) });
      const d = await kit.dir('glob');
      await writeFile(join(d, 'exceptions.yaml'), exception(`${'*a'.repeat(13)}*b`));
      const o = await kit.srmap(['report', '--snapshot', snap, '--exceptions', join(d, 'exceptions.yaml'), '--framework', 'hipaa-security', '--out', join(d, 'pack'), '--quiet'], { cwd: d });
      return { ok: o.code === 0, detail: `exit ${String(o.code)}`, figure: cpuFigure(o) };
    },
  },
  {
    category: 'exceptions and YAML',
    name: "resource '*' without allResources: true",
    async run(kit) {
      const d = await kit.dir('glob-all');
      await writeFile(join(d, 'exceptions.yaml'), exception('*'));
      return userError(await kit.srmap(['validate', '--exceptions', join(d, 'exceptions.yaml')], { cwd: d }), /line 4.*covers every resource/);
    },
  },
  {
    category: 'exceptions and YAML',
    name: 'an exception running until 2099',
    async run(kit) {
      const d = await kit.dir('until-2099');
      await writeFile(join(d, 'exceptions.yaml'), exception('bucket-*', '2099-12-31'));
      return userError(await kit.srmap(['validate', '--exceptions', join(d, 'exceptions.yaml')], { cwd: d }), /expiresOn.*more than the 365 days/);
    },
  },
  {
    category: 'exceptions and YAML',
    name: 'a resource glob of 4,000 characters',
    async run(kit) {
      const d = await kit.dir('glob-long');
      await writeFile(join(d, 'exceptions.yaml'), exception('*a'.repeat(2000)));
      return userError(await kit.srmap(['validate', '--exceptions', join(d, 'exceptions.yaml')], { cwd: d }), /resource/);
    },
  },
  {
    category: 'exceptions and YAML',
    name: 'a YAML alias bomb in exceptions.yaml (it was exit 1 with a stack trace)',
    async run(kit) {
      const d = await kit.dir('bomb-exceptions');
      await writeFile(join(d, 'exceptions.yaml'), BOMB);
      return userError(await kit.srmap(['validate', '--exceptions', join(d, 'exceptions.yaml')], { cwd: d }), /exceptions\.yaml: line 2.*aliases/);
    },
  },
  {
    category: 'exceptions and YAML',
    name: 'a YAML alias bomb in srmap.yaml',
    async run(kit) {
      const d = await kit.dir('bomb-config');
      await writeFile(join(d, 'srmap.yaml'), `organisation: X\n${BOMB}\n`);
      return userError(await kit.srmap(['validate'], { cwd: d }), /srmap\.yaml.*aliases/);
    },
  },
  {
    category: 'exceptions and YAML',
    name: 'a duplicate key in owners.yaml',
    async run(kit) {
      const d = await kit.dir('dup-key');
      await writeFile(join(d, 'owners.yaml'), 'owners: []\nowners: []\n');
      return userError(await kit.srmap(['validate', '--owners', join(d, 'owners.yaml')], { cwd: d }), /owners\.yaml: line 2/);
    },
  },
  {
    category: 'exceptions and YAML',
    name: 'exceptions.yaml saved as UTF-16',
    async run(kit) {
      const d = await kit.dir('utf16-yaml');
      await writeFile(join(d, 'exceptions.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(exception('bucket-*'), 'utf16le')]));
      const o = await kit.srmap(['validate', '--exceptions', join(d, 'exceptions.yaml')], { cwd: d });
      const r = userError(o, /UTF-16/);
      return { ...r, ok: r.ok && !o.stderr.includes('\0') && (o.stderr.match(/Re-save/g) ?? []).length === 1 };
    },
  },
  {
    category: 'register and documents',
    name: 'a register saved as UTF-16 (15 errors full of NUL bytes before)',
    async run(kit) {
      const d = await kit.dir('utf16-register');
      await writeFile(join(d, 'register.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\nev-1,sanction-policy,S,HR,2026-01-10,2027-01-10,docs/s.pdf,\n`, 'utf16le')]));
      const o = await kit.srmap(['validate', '--register', join(d, 'register.csv')], { cwd: d });
      const r = userError(o, /UTF-16/);
      return { ...r, ok: r.ok && !o.stderr.includes('\0') && (o.stderr.match(/Re-save/g) ?? []).length === 1, detail: `${r.detail} (${o.stderr.split('\n').length} lines)` };
    },
  },
  {
    category: 'register and documents',
    name: 'a register saved as Windows-1252: the line of the first byte that is not UTF-8',
    async run(kit) {
      const d = await kit.dir('cp1252-register');
      await writeFile(join(d, 'register.csv'), Buffer.from(`${HEADER}\nev-1,sanction-policy,Politique de s\xe9curit\xe9,HR,2026-01-10,2027-01-10,docs/s.pdf,\n`, 'latin1'));
      return userError(await kit.srmap(['validate', '--register', join(d, 'register.csv')], { cwd: d }), /line 2.*not UTF-8/);
    },
  },
  {
    category: 'register and documents',
    name: 'a bad 10,000-row register: 50 problems shown, the rest counted (30,000 lines, 5.8 MB before)',
    async run(kit) {
      const d = await kit.dir('bad-register');
      const rows = Array.from({ length: 10_000 }, (_, i) => `ev-${i},no-such-kind,T,O,2026-13-01,,x.pdf,`);
      await writeFile(join(d, 'register.csv'), `${HEADER}\n${rows.join('\n')}\n`);
      const o = await kit.srmap(['validate', '--register', join(d, 'register.csv')], { cwd: d });
      const r = userError(o, /more problems/);
      return { ...r, ok: r.ok && o.stderr.length < 50_000, figure: `${o.stderr.split('\n').length} lines, ${o.stderr.length.toLocaleString('en-US')} bytes of output` };
    },
  },
  {
    category: 'register and documents',
    name: 'a register of 40 MB',
    async run(kit) {
      const d = await kit.dir('huge-register');
      await writeFile(join(d, 'register.csv'), `${HEADER}\n`);
      await truncate(join(d, 'register.csv'), 40 * 1024 * 1024);
      return userError(await kit.srmap(['validate', '--register', join(d, 'register.csv')], { cwd: d }));
    },
  },
  ...(
    [
      ['an absolute location: /etc/shadow', '/etc/shadow'],
      ['a location climbing out: ../../../../etc/passwd', '../../../../etc/passwd'],
      ['a location through a link inside the folder to /etc/passwd', 'docs/innocent.pdf'],
      ['a location that is a folder link to /etc', 'etc/hostname'],
    ] as const
  ).map(([name, location]): Scenario => ({
    category: 'register and documents',
    name: `${name}: refused, not read or hashed into the pack`,
    async run(kit) {
      const d = await kit.dir('location');
      await mkdir(join(d, 'docs'));
      await symlink('/etc/passwd', join(d, 'docs', 'innocent.pdf'));
      await symlink('/etc', join(d, 'etc'));
      await writeFile(join(d, 'register.csv'), `${HEADER}\nev-1,sanction-policy,Sanctions,HR,2026-01-10,2027-01-10,${location},\n`);
      await writeFile(join(d, 'srmap.yaml'), 'organisation: Attack (fictional)\npaths:\n  register: register.csv\n');
      const out = join(d, 'pack');
      const r = userError(await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', out], { cwd: d }), /location/);
      return { ...r, ok: r.ok && !existsSync(out) };
    },
  })),
  {
    category: 'register and documents',
    name: 'a document in a folder listed under allowedDocumentRoots is read and verified',
    async run(kit) {
      const d = await kit.dir('allowed-root');
      await mkdir(join(d, 'share'));
      await mkdir(join(d, 'ws'));
      await writeFile(join(d, 'share', 'policy.pdf'), 'policy');
      await writeFile(join(d, 'ws', 'register.csv'), `${HEADER}\nev-1,sanction-policy,Sanctions,HR,2026-01-10,2027-01-10,../share/policy.pdf,${createHash('sha256').update('policy').digest('hex')}\n`);
      await writeFile(join(d, 'ws', 'srmap.yaml'), 'organisation: Attack (fictional)\nallowedDocumentRoots: [../share]\npaths:\n  register: register.csv\n');
      const o = await kit.srmap(['validate'], { cwd: join(d, 'ws') });
      return { ok: o.code === 0 && /1 files verified/.test(o.stdout), detail: `exit ${String(o.code)}: ${o.stdout.split('\n')[0] ?? ''}` };
    },
  },
  {
    category: 'questionnaires',
    name: 'a 50 MB questionnaire (Math.max(...rows) overflowed the stack: exit 1)',
    async run(kit) {
      const d = await kit.dir('q50');
      const row = 'Q0,Do you encrypt data at rest with customer managed keys and rotate them every year?\n';
      await writeFile(join(d, 'q.csv'), `ID,Question\n${row.repeat(Math.ceil((50 * 1024 * 1024) / row.length))}`);
      const o = await kit.srmap(['answer', join(d, 'q.csv'), '--out', join(d, 'a.csv')]);
      return { ...userError(o, /split/i), figure: cpuFigure(o) };
    },
  },
  {
    category: 'questionnaires',
    name: 'a questionnaire of 150,000 short rows (3 MB)',
    async run(kit) {
      const d = await kit.dir('q150k');
      await writeFile(join(d, 'q.csv'), `ID,Question\n${Array.from({ length: 150_000 }, (_, i) => `Q${i},Encrypt?`).join('\n')}\n`);
      return userError(await kit.srmap(['answer', join(d, 'q.csv'), '--out', join(d, 'a.csv')]), /split/i);
    },
  },
  {
    category: 'questionnaires',
    name: 'a questionnaire with formula cells, control characters and Handlebars text: answered, every cell safe',
    async run(kit) {
      const d = await kit.dir('q-hostile');
      await writeFile(join(d, 'q.csv'), 'ID,Question\nQ1,"=HYPERLINK(""http://x"",""click"") Do you encrypt data at rest?"\nQ2,"{{constructor.constructor}} Do you use MFA?\u202E"\nQ3,"@SUM(1) Do you log API calls?\u0007"\n');
      const o = await kit.srmap(['answer', join(d, 'q.csv'), '--out', join(d, 'a.csv'), '--quiet']);
      const text = await readFile(join(d, 'a.csv'), 'utf8').catch(() => '');
      const ok = o.code === 0 && text.includes("'=HYPERLINK") && text.includes("'@SUM") && text.includes('{{constructor.constructor}}') && noHidden(text);
      return { ok, detail: `exit ${String(o.code)}` };
    },
  },
];
