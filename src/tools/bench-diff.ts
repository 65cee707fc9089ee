/**
 * Benchmark: diff two generated snapshots of about N results each and print wall time and peak RSS.
 *   npx tsx src/tools/bench-diff.ts [--before-scale 354] [--after-scale 270] [--dir /tmp/srmap-bench-diff]
 * The defaults give about 1,000,000 evaluation results in each snapshot: the previous quarter of the
 * sample organisation (one region fewer, hence the larger scale) and the current one. They are
 * generated once, in child processes so that generating does not count in this process's peak RSS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../catalog/load-catalog.js';
import { diffToDirectory } from '../pipeline/write-diff.js';

const { values } = parseArgs({
  options: {
    'before-scale': { type: 'string', default: '354' },
    'after-scale': { type: 'string', default: '270' },
    dir: { type: 'string', default: join(tmpdir(), 'srmap-bench-diff') },
  },
});
const before = join(values.dir, `previous-x${values['before-scale']}`);
const after = join(values.dir, `current-x${values['after-scale']}`);
const generator = fileURLToPath(new URL('./generate-sample.ts', import.meta.url));
for (const [dir, quarter, scale] of [[before, 'previous', values['before-scale']], [after, 'current', values['after-scale']]] as const) {
  if (existsSync(join(dir, 'manifest.json'))) continue;
  const line = execFileSync(process.execPath, ['--import', 'tsx', generator, '--quarter', quarter, '--scale', scale, '--out', dir], { encoding: 'utf8' });
  console.log(line.split('\n')[0]);
}

const catalog = await loadCatalog();
const out = join(values.dir, 'diff');
await rm(out, { recursive: true, force: true });
const rssBefore = process.resourceUsage().maxRSS;
const started = Date.now();
const diff = await diffToDirectory({ catalog, beforeDir: before, afterDir: after, outDir: out });
const seconds = (Date.now() - started) / 1000;
const results = (m: typeof diff.before) => m.files.find((f) => f.path.startsWith('evaluations'))?.records ?? 0;
const t = diff.resources.totals;
console.log(`diffed ${results(diff.before).toLocaleString('en-US')} -> ${results(diff.after).toLocaleString('en-US')} results in ${seconds.toFixed(1)} s`);
console.log(`resources: ${t.newlyFailing} newly failing, ${t.newlyFixed} newly fixed, ${t.noLongerEvaluated} no longer evaluated, ${t.stillFailing} still failing`);
console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB for the whole process (${Math.round(rssBefore / 1024)} MB before the diff started, with the catalog loaded)`);
