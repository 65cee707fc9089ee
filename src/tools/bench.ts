/**
 * `npm run bench`: the figures issue 21 asks for, in one run.
 *   npm run bench [-- --cli dist/cli/srmap.js] [--cache .cache/bench] [--skip-render]
 * Generates a snapshot of about 1M results (and its previous quarter) once, cached under
 * .cache/bench/ (git-ignored) keyed by the sample generator's source, then measures against the
 * compiled CLI: `report` and `diff` against their floors, the demo, and `--version` start-up;
 * then the PDF render of a 300-requirement framework. Each CLI run is its own process; its peak
 * RSS covers its worker threads. The machine may be shared: the load average is printed with the
 * figures, and CPU time beside wall time.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../catalog/load-catalog.js';
import { diffFloor, reportFloor, type FloorTime } from './bench/floors.js';
import { fastestOf, measureCli, medianOf, type Measured } from './bench/measure.js';
import { renderLarge } from './bench/render-large.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    cli: { type: 'string', default: join(ROOT, 'dist', 'cli', 'srmap.js') },
    cache: { type: 'string', default: join(ROOT, '.cache', 'bench') },
    'skip-render': { type: 'boolean', default: false },
  },
});
const cli = resolve(values.cli);
if (!existsSync(cli)) throw new Error(`${cli} does not exist: run \`npm run build\` first (or pass --cli)`);

const say = (line: string) => console.log(line);
const DIFF_RUNS = 3;
const s = (x: number) => `${x.toFixed(1)} s`;
const mb = (x: number) => `${Math.round(x)} MB`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const run = (m: Measured) => `${s(m.seconds)} wall, ${s(m.cpuSeconds)} CPU, peak RSS ${mb(m.peakRssMb)}`;
const ratio = (m: Measured, f: FloorTime) => `${(m.seconds / f.seconds).toFixed(2)}x the floor's wall time, ${(m.cpuSeconds / f.cpuSeconds).toFixed(2)}x its CPU time`;
const floor = (f: FloorTime) => `${s(f.seconds)} wall, ${s(f.cpuSeconds)} CPU`;

/** The generator's own source: a change to it makes new snapshots. */
function generatorKey(): string {
  const hash = createHash('sha256');
  const dir = join(ROOT, 'src', 'tools', 'sample');
  for (const f of [join(ROOT, 'src', 'tools', 'generate-sample.ts'), ...readdirSync(dir).sort().map((n) => join(dir, n))]) hash.update(readFileSync(f));
  return hash.digest('hex').slice(0, 12);
}

function ensureSnapshot(quarter: 'current' | 'previous', scale: number): string {
  const dir = join(values.cache, `${quarter}-x${scale}-${generatorKey()}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    say(`generating ${relative(ROOT, dir)} (once) ...`);
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'tools', 'generate-sample.ts'), '--quarter', quarter, '--scale', String(scale), '--out', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dir;
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
})();
say(`srmap bench: ${relative(process.cwd(), cli) || cli} at ${commit}, node ${process.version}, ${availableParallelism()} cores`);
const current = ensureSnapshot('current', 270);
const previous = ensureSnapshot('previous', 354);
const results = (dir: string) => (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string; records: number }[] }).files.find((f) => f.path.startsWith('evaluations'))?.records ?? 0;
say(`snapshots: ${results(current).toLocaleString('en-US')} results (current), ${results(previous).toLocaleString('en-US')} (previous quarter)`);
// This run's own folder: two benches sharing a --cache (engineers on one machine) removed each
// other's outputs mid-run when both used `out`.
const out = join(values.cache, `out-${process.pid}`);
await rm(out, { recursive: true, force: true });

say(`load average at start: ${load()}`);
const catalog = await loadCatalog();
const rf = await reportFloor(current, catalog, join(out, 'floor'));
await rm(join(out, 'floor'), { recursive: true, force: true });
say(`report floor: ${floor(rf)} (gunzip + JSON.parse ${rf.records.toLocaleString('en-US')} results, ${(rf.records * catalog.frameworks.length).toLocaleString('en-US')} evidence rows through csv-stringify in batches)`);
const report = await measureCli(cli, ['report', '--snapshot', current, '--out', join(out, 'report'), '--quiet']);
say(`report:       ${run(report)}: ${ratio(report, rf)} (goal 1.5x, 512 MB)`);
await rm(join(out, 'report'), { recursive: true, force: true });

// The diff is a few seconds, as noisy as its floor on a shared machine: both run DIFF_RUNS times,
// interleaved, and the ratio is of their medians (each run printed).
const floors: FloorTime[] = [];
const diffs: Measured[] = [];
for (let i = 0; i < DIFF_RUNS; i++) {
  floors.push(await diffFloor(previous, current));
  diffs.push(await measureCli(cli, ['diff', previous, current, '--out', join(out, 'diff'), '--quiet']));
}
const df = medianOf(floors);
const diff = medianOf(diffs);
say(`diff floor:   ${floor(df)}, median of ${DIFF_RUNS} (gunzip + JSON.parse ${df.records.toLocaleString('en-US')} results of both snapshots; CPU ${floors.map((f) => f.cpuSeconds.toFixed(1)).join(', ')} s)`);
say(`diff:         ${run(diff)}, median of ${DIFF_RUNS} (CPU ${diffs.map((d) => d.cpuSeconds.toFixed(1)).join(', ')} s): ${ratio(diff, df)} (goal 2x)`);

const demo = await measureCli(cli, ['demo', '--out', join(out, 'demo'), '--quiet']);
say(`demo:         ${run(demo)} (goal 12 s, 512 MB)`);
const version = await fastestOf(5, () => measureCli(cli, ['--version']));
say(`--version:    ${version.seconds.toFixed(2)} s wall (fastest of 5), ${version.cpuSeconds.toFixed(2)} s CPU, peak RSS ${mb(version.peakRssMb)} (goal 0.3 s)`);
say(`load average at end: ${load()}`);

if (!values['skip-render']) for (const line of await renderLarge()) say(line);
await rm(out, { recursive: true, force: true });
