/**
 * Writes the embedded sample snapshot (default evidence/sample), deterministically:
 *   npx tsx src/tools/generate-sample.ts [--out DIR] [--seed N] [--scale N] [--id ID] [--as-of ISO]
 * The new snapshot replaces the old one only once it is complete.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_AS_OF, DEFAULT_ID, DEFAULT_SEED, generateSample } from './sample/generate.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'evidence/sample' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    scale: { type: 'string', default: '1' },
    id: { type: 'string', default: DEFAULT_ID },
    'as-of': { type: 'string', default: DEFAULT_AS_OF },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log('usage: tsx src/tools/generate-sample.ts [--out DIR] [--seed N] [--scale N] [--id ID] [--as-of ISO-8601]');
  process.exit(0);
}

const seed = Number(values.seed);
const scale = Number(values.scale);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not ${values.seed}`);

const started = Date.now();
const stats = await generateSample({ outDir: values.out, seed, scale, id: values.id, asOf: values['as-of'] });
const bytes = stats.manifest.files.reduce((n, f) => n + f.bytes, 0);
console.log(
  `wrote ${values.out}: ${stats.rules} rules, ${stats.evaluations} evaluations (${Object.entries(stats.byCompliance)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}), ${stats.resources} resources, ${bytes} bytes in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
for (const p of stats.perPair) console.log(`  ${p.account} ${p.region}: ${p.rules} rules, ${p.evaluations} evaluations, ${p.resources} resources`);
