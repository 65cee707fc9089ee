/**
 * The hardening attack run (issue 14): hostile inputs and fault scenarios against the srmap bin as
 * a user runs it. Not part of `npm test` (it runs for minutes); run it by hand:
 *
 *   npx tsx src/tools/attack-harden.ts [--bin dist/cli/srmap.js] [--only CATEGORY] [--timeout 120]
 *                                     [--markdown FILE] [--keep]
 *
 * Each check passes or fails; a hang is a failure at the timeout (the process group is killed).
 * CPU time and peak memory come from /usr/bin/time. --bin runs another build (e.g. an older
 * checkout's src/cli/srmap.js) against the same scenarios, for before/after figures.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from './build.js';
import { Kit, type Scenario } from './attack/kit.js';
import { hostileDataScenarios } from './attack/scenarios-hostile-data.js';
import { outScenarios } from './attack/scenarios-out.js';
import { runScenarios } from './attack/scenarios-runs.js';
import { storeScenarios } from './attack/scenarios-store.js';
import { workingFolderScenarios } from './attack/scenarios-working-folder.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIOS: Scenario[] = [...storeScenarios, ...outScenarios, ...runScenarios, ...workingFolderScenarios, ...hostileDataScenarios];

const { values } = parseArgs({
  options: {
    bin: { type: 'string' },
    only: { type: 'string' },
    timeout: { type: 'string', default: '120' },
    markdown: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

if (values.bin === undefined) await build({ ifStale: true });
const bin = resolve(values.bin ?? join(REPO, 'dist', 'cli', 'srmap.js'));
const work = await mkdtemp(join(tmpdir(), 'srmap-attack-'));
const kit = new Kit({ bin, repo: REPO, work, timeoutMs: Number(values.timeout) * 1000 });
const chosen = SCENARIOS.filter((s) => values.only === undefined || s.category.includes(values.only));

interface Row {
  category: string;
  name: string;
  ok: boolean;
  detail: string;
  figure?: string;
}
const rows: Row[] = [];
console.log(`srmap attack run: ${chosen.length} checks against ${bin}\n`);
for (const s of chosen) {
  let row: Row;
  try {
    const r = await s.run(kit);
    row = { category: s.category, name: s.name, ...r };
  } catch (e) {
    row = { category: s.category, name: s.name, ok: false, detail: `the check itself failed: ${(e as Error).message}` };
  }
  rows.push(row);
  console.log(`${row.ok ? 'PASS' : 'FAIL'}  [${row.category}] ${row.name}\n      ${row.detail}${row.figure ? `\n      figure: ${row.figure}` : ''}`);
}

const categories = [...new Set(rows.map((r) => r.category))];
const table = [
  '| category | checks | passed |',
  '|---|---:|---:|',
  ...categories.map((c) => {
    const of = rows.filter((r) => r.category === c);
    return `| ${c} | ${of.length} | ${of.filter((r) => r.ok).length} |`;
  }),
  `| **all** | **${rows.length}** | **${rows.filter((r) => r.ok).length}** |`,
];
const figures = rows.filter((r) => r.figure).map((r) => `- ${r.name}: ${r.figure}`);
console.log(`\n${table.join('\n')}\n\nFigures (user+sys CPU and peak RSS of the srmap process, /usr/bin/time):\n${figures.join('\n')}`);
if (values.markdown) {
  const detail = rows.map((r) => `| ${r.category} | ${r.name.replace(/\|/g, '\\|')} | ${r.ok ? 'pass' : '**fail**'} | ${(r.figure ?? r.detail).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  await writeFile(values.markdown, `${table.join('\n')}\n\n| category | check | result | detail |\n|---|---|---|---|\n${detail.join('\n')}\n`);
}
if (values.keep) console.log(`\nkept ${work}`);
else await rm(work, { recursive: true, force: true });
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
