/**
 * Writes the embedded sample snapshot (default evidence/sample), deterministically:
 *   npx tsx src/tools/generate-sample.ts [--out DIR] [--seed N] [--scale N] [--id ID] [--as-of ISO] [--signing-key FILE]
 * The new snapshot replaces the old one only once it is complete.
 */
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateSample } from './sample/generate.js';
import { loadSigningKey } from '../sign/signing-keys.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'evidence/sample' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    scale: { type: 'string', default: '1' },
    id: { type: 'string' },
    'as-of': { type: 'string' },
    quarter: { type: 'string', default: 'current' },
    'signing-key': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log('usage: tsx src/tools/generate-sample.ts [--out DIR] [--seed N] [--scale N] [--id ID] [--as-of ISO-8601] [--quarter current|previous] [--signing-key FILE]');
  process.exit(0);
}

const seed = Number(values.seed);
const scale = Number(values.scale);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not ${values.seed}`);

const started = Date.now();
if (values.quarter !== 'current' && values.quarter !== 'previous') throw new Error(`--quarter must be current or previous, not ${values.quarter}`);
const stats = await generateSample({
  outDir: values.out,
  seed,
  scale,
  quarter: values.quarter,
  ...(values.id ? { id: values.id } : {}),
  ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
  ...(values['signing-key'] ? { signingKey: await loadSigningKey(values['signing-key'], [{ dir: dirname(resolve(values.out)), what: 'the folder the sample snapshot is written to' }]) } : {}),
});
const bytes = stats.manifest.files.reduce((n, f) => n + f.bytes, 0);
console.log(
  `wrote ${values.out}: ${stats.rules} rules, ${stats.evaluations} evaluations (${Object.entries(stats.byCompliance)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}), ${stats.resources} resources, ${bytes} bytes in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
for (const p of stats.perPair) console.log(`  ${p.account} ${p.region}: ${p.rules} rules, ${p.evaluations} evaluations, ${p.resources} resources`);
