/**
 * Generates the sample at a scale into a temp dir, then streams its evaluations back, printing
 * records/s and peak RSS for each phase. Not a test: run it by hand.
 *   npx tsx src/tools/bench-read.ts [--scale N] [--keep]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readManifest, readRecords } from '../store/read-snapshot.js';
import { generateSample } from './sample/generate.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false } } });
const scale = Number(values.scale);
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const phase = async <T>(name: string, fn: () => Promise<T>, records: (t: T) => number): Promise<T> => {
  global.gc?.();
  peak = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const out = await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  peak = Math.max(peak, process.memoryUsage().rss);
  const n = records(out);
  console.log(`${name}: ${n} records in ${s.toFixed(1)} s (${Math.round(n / s)} records/s), peak RSS ${mb(peak)}`);
  return out;
};

const parent = await mkdtemp(join(tmpdir(), 'srmap-bench-'));
try {
  const dir = join(parent, 'sample');
  const stats = await phase('generate', () => generateSample({ outDir: dir, scale }), (s) => s.evaluations);
  const gz = stats.manifest.files.find((f) => f.path === 'evaluations.ndjson.gz');
  console.log(`  evaluations.ndjson.gz: ${mb(gz?.bytes ?? 0)}`);
  const manifest = await readManifest(dir);
  await phase(
    'read',
    async () => {
      let n = 0;
      for await (const e of readRecords(dir, manifest, 'evaluations')) if (e.complianceType) n++;
      return n;
    },
    (n) => n,
  );
  console.log(`maxRSS over the whole run (process.resourceUsage): ${mb(process.resourceUsage().maxRSS * 1024)}`);
  if (values.keep) console.log(`kept ${dir}`);
} finally {
  clearInterval(sampler);
  if (!values.keep) await rm(parent, { recursive: true, force: true });
}
