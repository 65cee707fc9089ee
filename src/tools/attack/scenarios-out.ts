/** --out targets a user can get wrong: nothing srmap did not write is ever deleted or overwritten. */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userError, type Scenario } from './kit.js';

const PRECIOUS = 'years of work';

export const outScenarios: Scenario[] = [
  {
    category: '--out targets',
    name: 'report --out an existing file (it used to be deleted, exit 0)',
    async run(kit) {
      const d = await kit.dir('out-file');
      const file = join(d, 'thesis.docx');
      await writeFile(file, PRECIOUS);
      const r = userError(await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', file]));
      const kept = existsSync(file) && (await readFile(file, 'utf8').catch(() => '')) === PRECIOUS;
      return { ok: r.ok && kept, detail: `${r.detail}; file ${kept ? 'intact' : 'LOST'}` };
    },
  },
  {
    category: '--out targets',
    name: 'diff --out an existing file',
    async run(kit) {
      const d = await kit.dir('diff-out-file');
      const file = join(d, 'notes.txt');
      await writeFile(file, PRECIOUS);
      const r = userError(await kit.srmap(['diff', kit.previous, kit.sample, '--out', file, '--quiet']));
      const kept = (await readFile(file, 'utf8').catch(() => '')) === PRECIOUS;
      return { ok: r.ok && kept, detail: `${r.detail}; file ${kept ? 'intact' : 'LOST'}` };
    },
  },
  {
    category: '--out targets',
    name: 'report --out a symbolic link to a folder of documents',
    async run(kit) {
      const d = await kit.dir('out-link');
      await mkdir(join(d, 'docs'));
      await writeFile(join(d, 'docs', 'a.txt'), PRECIOUS);
      await symlink(join(d, 'docs'), join(d, 'link'));
      const r = userError(await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', join(d, 'link')]));
      const kept = (await readFile(join(d, 'docs', 'a.txt'), 'utf8').catch(() => '')) === PRECIOUS && existsSync(join(d, 'link'));
      return { ok: r.ok && kept, detail: `${r.detail}; ${kept ? 'intact' : 'LOST'}` };
    },
  },
  {
    category: '--out targets',
    name: 'report --out a folder of the user\'s files',
    async run(kit) {
      const d = await kit.dir('out-user-dir');
      await writeFile(join(d, 'budget.xlsx'), PRECIOUS);
      const r = userError(await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', d]));
      const kept = (await readFile(join(d, 'budget.xlsx'), 'utf8').catch(() => '')) === PRECIOUS;
      return { ok: r.ok && kept, detail: `${r.detail}; ${kept ? 'intact' : 'LOST'}` };
    },
  },
  {
    category: '--out targets',
    name: 'a folder with a pack-format manifest.json beside the user\'s own file (a manifest is not trusted blindly)',
    async run(kit) {
      const d = await kit.dir('fake-pack');
      await writeFile(join(d, 'manifest.json'), JSON.stringify({ format: 'srmap-pack/1', files: [] }));
      await writeFile(join(d, 'thesis.docx'), PRECIOUS);
      const r = userError(await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', d]));
      const kept = (await readFile(join(d, 'thesis.docx'), 'utf8').catch(() => '')) === PRECIOUS;
      return { ok: r.ok && kept, detail: `${r.detail}; ${kept ? 'intact' : 'LOST'}` };
    },
  },
  {
    category: '--out targets',
    name: 'an earlier pack whose gaps.csv the user edited: kept; the unchanged pack is replaced',
    async run(kit) {
      const d = await kit.dir('edited-pack');
      const out = join(d, 'pack');
      const first = await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', out, '--quiet']);
      const again = await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', out, '--quiet']);
      await writeFile(join(out, 'hipaa-security', 'gaps.csv'), 'my remediation notes');
      const r = userError(await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', out]));
      const kept = (await readFile(join(out, 'hipaa-security', 'gaps.csv'), 'utf8').catch(() => '')) === 'my remediation notes';
      return { ok: first.code === 0 && again.code === 0 && r.ok && kept, detail: `first ${String(first.code)}, replace ${String(again.code)}, edited: ${r.detail}; ${kept ? 'edits intact' : 'edits LOST'}` };
    },
  },
  {
    category: '--out targets',
    name: 'export oscal --out an existing file, then a folder of the user\'s files',
    async run(kit) {
      const d = await kit.dir('oscal-out');
      await writeFile(join(d, 'ssp.json'), PRECIOUS);
      await mkdir(join(d, 'docs'));
      await writeFile(join(d, 'docs', 'a.txt'), PRECIOUS);
      const oscal = (out: string) => kit.srmap(['export', 'oscal', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', out]);
      const file = userError(await oscal(join(d, 'ssp.json')), /OUT_NOT_REPLACEABLE/);
      const dir = userError(await oscal(join(d, 'docs')), /OUT_NOT_REPLACEABLE/);
      const kept = (await readFile(join(d, 'ssp.json'), 'utf8')) === PRECIOUS && (await readFile(join(d, 'docs', 'a.txt'), 'utf8')) === PRECIOUS;
      return { ok: file.ok && dir.ok && kept, detail: `file: ${file.detail}; folder: ${dir.detail}; ${kept ? 'intact' : 'LOST'}` };
    },
  },
  {
    category: '--out targets',
    name: 'report --out the snapshot itself',
    async run(kit) {
      const snap = await kit.copySnapshot('out-is-snapshot');
      const before = (await readdir(snap)).sort().join(',');
      const r = userError(await kit.srmap(['report', '--snapshot', snap, '--framework', 'hipaa-security', '--out', snap]));
      const kept = (await readdir(snap).catch(() => [])).sort().join(',') === before;
      return { ok: r.ok && kept, detail: `${r.detail}; snapshot ${kept ? 'intact' : 'CHANGED'}` };
    },
  },
  {
    category: '--out targets',
    name: 'report --out below a file (a path that cannot be made): exit 2 before any work',
    async run(kit) {
      const d = await kit.dir('out-enotdir');
      await writeFile(join(d, 'file'), 'x');
      const o = await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', join(d, 'file', 'pack')]);
      return { ...userError(o), figure: `${o.wall.toFixed(1)} s wall` };
    },
  },
  {
    category: '--out targets',
    name: 'report --out on a read-only file system (/proc)',
    async run(kit) {
      return userError(await kit.srmap(['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', '/proc/srmap-pack']));
    },
  },
  {
    category: '--out targets',
    name: 'answer q.csv --out q.csv (it used to overwrite the customer\'s original)',
    async run(kit) {
      const d = await kit.dir('answer-self');
      const q = join(d, 'q.csv');
      const original = 'Question\nDo you encrypt data at rest?\n';
      await writeFile(q, original);
      const r = userError(await kit.srmap(['answer', q, '--out', q]));
      const kept = (await readFile(q, 'utf8')) === original;
      return { ok: r.ok && kept, detail: `${r.detail}; ${kept ? 'original intact' : 'original OVERWRITTEN'}` };
    },
  },
  {
    category: '--out targets',
    name: 'answer --out a link to the questionnaire',
    async run(kit) {
      const d = await kit.dir('answer-link');
      const q = join(d, 'q.csv');
      const original = 'Question\nDo you encrypt data at rest?\n';
      await writeFile(q, original);
      await symlink(q, join(d, 'alias.csv'));
      const r = userError(await kit.srmap(['answer', q, '--out', join(d, 'alias.csv')]));
      const kept = (await readFile(q, 'utf8')) === original;
      return { ok: r.ok && kept, detail: `${r.detail}; ${kept ? 'original intact' : 'original OVERWRITTEN'}` };
    },
  },
  {
    category: '--out targets',
    name: 'answer --out another spreadsheet of the customer\'s',
    async run(kit) {
      const d = await kit.dir('answer-other');
      const q = join(d, 'q.csv');
      await writeFile(q, 'Question\nDo you encrypt data at rest?\n');
      await writeFile(join(d, 'pricing.csv'), PRECIOUS);
      const r = userError(await kit.srmap(['answer', q, '--out', join(d, 'pricing.csv')]));
      const kept = (await readFile(join(d, 'pricing.csv'), 'utf8')) === PRECIOUS;
      return { ok: r.ok && kept, detail: `${r.detail}; ${kept ? 'intact' : 'OVERWRITTEN'}` };
    },
  },
  {
    category: '--out targets',
    name: 'frameworks crosswalk --out a spreadsheet of the user\'s (it was overwritten): refused; an earlier crosswalk is replaced',
    async run(kit) {
      const d = await kit.dir('crosswalk-out');
      const mine = join(d, 'controls.csv');
      await writeFile(mine, PRECIOUS);
      const r = userError(await kit.srmap(['frameworks', 'crosswalk', '--format', 'csv', '--out', mine]), /OUT_NOT_REPLACEABLE/);
      const kept = (await readFile(mine, 'utf8')) === PRECIOUS;
      const a = await kit.srmap(['frameworks', 'crosswalk', '--format', 'csv', '--out', join(d, 'crosswalk.csv')]);
      const b = await kit.srmap(['frameworks', 'crosswalk', '--format', 'csv', '--out', join(d, 'crosswalk.csv')]);
      return { ok: r.ok && kept && a.code === 0 && b.code === 0, detail: `${r.detail}; ${kept ? 'intact' : 'OVERWRITTEN'}; earlier crosswalk replaced: exit ${String(a.code)} then ${String(b.code)}` };
    },
  },
  {
    category: '--out targets',
    name: 'answer twice to the same --out: the earlier answered file is replaced',
    async run(kit) {
      const d = await kit.dir('answer-twice');
      const q = join(d, 'q.csv');
      await cp(join(kit.repo, 'evidence', 'questionnaires', 'retail-supplier-questionnaire.csv'), q);
      const a = await kit.srmap(['answer', q, '--out', join(d, 'a.csv'), '--quiet']);
      const b = await kit.srmap(['answer', q, '--out', join(d, 'a.csv'), '--quiet']);
      return { ok: a.code === 0 && b.code === 0, detail: `exit ${String(a.code)} then ${String(b.code)}` };
    },
  },
];
