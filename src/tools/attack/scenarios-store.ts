/** Crafted and damaged snapshots against verify and report: bounded reading. */
import { existsSync } from 'node:fs';
import { readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { craftFile, cpuFigure, userError, type Scenario } from './kit.js';

const EVALUATIONS = 'evaluations.ndjson.gz';

export const storeScenarios: Scenario[] = [
  {
    category: 'snapshot reading',
    name: 'verify: a 30 KB gzip of one 30 MB line, manifest unchanged (the issue\'s case)',
    async run(kit) {
      const snap = await kit.copySnapshot('longline');
      await writeFile(join(snap, EVALUATIONS), gzipSync(Buffer.alloc(30 * 1024 * 1024, 'a'), { level: 9 }));
      const o = await kit.srmap(['verify', snap]);
      return { ...userError(o, /evaluations\.ndjson\.gz/), figure: cpuFigure(o) };
    },
  },
  {
    category: 'snapshot reading',
    name: 'verify: the same line with a manifest that vouches for it (size and sha256 match)',
    async run(kit) {
      const snap = await kit.copySnapshot('longline-vouched');
      await craftFile(snap, EVALUATIONS, gzipSync(Buffer.alloc(30 * 1024 * 1024, 'a'), { level: 9 }), 1);
      const o = await kit.srmap(['verify', snap]);
      return { ...userError(o, /longer than 1 MiB|not valid JSON/), figure: cpuFigure(o) };
    },
  },
  {
    category: 'snapshot reading',
    name: 'verify: a 100 KB gzip of one 100 MB line, manifest vouching (did not finish before)',
    async run(kit) {
      const snap = await kit.copySnapshot('longline-100');
      await craftFile(snap, EVALUATIONS, gzipSync(Buffer.alloc(100 * 1024 * 1024, 'a'), { level: 9 }), 1);
      const o = await kit.srmap(['verify', snap]);
      return { ...userError(o), figure: cpuFigure(o) };
    },
  },
  {
    category: 'snapshot reading',
    name: 'report on the long-line snapshot: exit 2, no pack',
    async run(kit) {
      const snap = await kit.copySnapshot('longline-report');
      await craftFile(snap, EVALUATIONS, gzipSync(Buffer.alloc(30 * 1024 * 1024, 'a'), { level: 9 }), 1);
      const out = join(snap, '..', 'pack');
      const o = await kit.srmap(['report', '--snapshot', snap, '--framework', 'hipaa-security', '--out', out]);
      const r = userError(o);
      return { ...r, ok: r.ok && !existsSync(out), figure: cpuFigure(o) };
    },
  },
  {
    category: 'snapshot reading',
    name: 'a gzip bomb of short lines (60 MB of records from 60 KB) where the manifest lists 10',
    async run(kit) {
      const snap = await kit.copySnapshot('bomb');
      await craftFile(snap, EVALUATIONS, gzipSync(Buffer.from('{}\n'.repeat(20 * 1024 * 1024)), { level: 9 }), 10);
      const o = await kit.srmap(['verify', snap]);
      return { ...userError(o, /more than the 10 records|not a valid/), figure: cpuFigure(o) };
    },
  },
  {
    category: 'snapshot reading',
    name: 'a record file that is a link to /dev/zero (listed as 0 bytes)',
    async run(kit) {
      const snap = await kit.copySnapshot('devzero');
      await craftFile(snap, 'owners.ndjson', Buffer.alloc(0), 0);
      await rm(join(snap, 'owners.ndjson'));
      await symlink('/dev/zero', join(snap, 'owners.ndjson'));
      const o = await kit.srmap(['verify', snap]);
      return { ...userError(o, /owners\.ndjson/), figure: cpuFigure(o) };
    },
  },
  {
    category: 'snapshot reading',
    name: 'manifest.json a link to /dev/zero',
    async run(kit) {
      const snap = await kit.copySnapshot('manifest-zero');
      await rm(join(snap, 'manifest.json'));
      await symlink('/dev/zero', join(snap, 'manifest.json'));
      const o = await kit.srmap(['report', '--snapshot', snap, '--out', join(snap, '..', 'pack')]);
      return { ...userError(o), figure: cpuFigure(o) };
    },
  },
  {
    category: 'snapshot reading',
    name: 'manifest.json of 600 MB (sparse)',
    async run(kit) {
      const snap = await kit.copySnapshot('manifest-huge');
      await truncate(join(snap, 'manifest.json'), 600 * 1024 * 1024);
      const o = await kit.srmap(['verify', snap]);
      return { ...userError(o), figure: cpuFigure(o) };
    },
  },
  {
    category: 'snapshot reading',
    name: 'a truncated evaluations file: named, by the size the manifest lists',
    async run(kit) {
      const snap = await kit.copySnapshot('truncated');
      await truncate(join(snap, EVALUATIONS), 1000);
      const o = await kit.srmap(['verify', snap]);
      return userError(o, /evaluations\.ndjson\.gz: tampered: truncated/);
    },
  },
  {
    category: 'snapshot reading',
    name: 'one byte changed, same size: the sha256 says so',
    async run(kit) {
      const snap = await kit.copySnapshot('flipped');
      const text = await readFile(join(snap, 'owners.ndjson'), 'utf8');
      await writeFile(join(snap, 'owners.ndjson'), text.replace('CISO', 'CISP'));
      const o = await kit.srmap(['verify', snap]);
      return userError(o, /owners\.ndjson: tampered: expected sha256/);
    },
  },
  {
    category: 'snapshot reading',
    name: 'a manifest listing ../../etc/passwd',
    async run(kit) {
      const snap = await kit.copySnapshot('traversal');
      const m = JSON.parse(await readFile(join(snap, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
      const first = m.files[0];
      if (first) first.path = '../../etc/passwd';
      await writeFile(join(snap, 'manifest.json'), JSON.stringify(m));
      return userError(await kit.srmap(['verify', snap]), /files\[0\]\.path/);
    },
  },
  {
    category: 'snapshot reading',
    name: 'more records than listed, the manifest\'s size and sha256 made to match',
    async run(kit) {
      const snap = await kit.copySnapshot('extra-lines');
      const owners = await readFile(join(snap, 'owners.ndjson'));
      await craftFile(snap, 'owners.ndjson', Buffer.concat([owners, owners]), owners.toString().split('\n').filter(Boolean).length);
      return userError(await kit.srmap(['verify', snap]), /owners\.ndjson/);
    },
  },
  {
    category: 'snapshot reading',
    name: 'an invalid record in a self-consistent file: file, line and field',
    async run(kit) {
      const snap = await kit.copySnapshot('bad-record');
      const owners = (await readFile(join(snap, 'owners.ndjson'), 'utf8')).split('\n').filter(Boolean);
      owners[1] = JSON.stringify({ scope: 'x', responsible: 'y' });
      await craftFile(snap, 'owners.ndjson', Buffer.from(`${owners.join('\n')}\n`), owners.length);
      return userError(await kit.srmap(['verify', snap]), /owners\.ndjson: line 2: accountable/);
    },
  },
  {
    category: 'snapshot reading',
    name: 'a file the manifest does not list: a warning, the snapshot still verifies',
    async run(kit) {
      const snap = await kit.copySnapshot('unlisted');
      await writeFile(join(snap, 'notes.txt'), 'hello');
      const o = await kit.srmap(['verify', snap]);
      return { ok: o.code === 0 && /notes\.txt: not listed/.test(o.stderr), detail: `exit ${String(o.code)}` };
    },
  },
];
