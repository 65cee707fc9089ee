/**
 * Catalog coverage: prints a markdown table per framework (assessable requirements, inherited /
 * shared / customer, with automated evidence, manual only, and the recall of AWS's HIPAA and PCI DSS
 * conformance-pack mappings), computed from frameworks/ and, when present, ../shared/reference.
 *
 *   npm run catalog-stats                      print the tables
 *   npm run catalog-stats -- --write-readme    replace the block between the catalog-stats markers in README.md
 *   npm run catalog-stats -- --missed          also list the reference pairs the mapping does not reach
 *   npm run catalog-stats -- --reference DIR   read the reference from DIR (default ../shared/reference)
 *
 * The reference folder is not shipped: without it the recall column says "reference not available".
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../catalog/load-catalog.js';
import { parseReferenceMapping, replaceReadmeBlock, toCatalogStatsMarkdown, toRecall, type Recall, type ReferencePair } from '../catalog/to-catalog-stats.js';
import type { Catalog } from '../domain/catalog.js';
import { SrmapError } from '../domain/errors.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_REFERENCE_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'reference');

/** Framework id -> the reference mapping file under aws-config/. */
export const REFERENCE_MAPPINGS: Readonly<Record<string, string>> = {
  'hipaa-security': 'hipaa-security-conformance-pack-mapping.csv',
  'pci-dss-4.0.1': 'pci-dss-4.0-conformance-pack-mapping.csv',
};

/** Alias spellings of HIPAA identifiers (164.308(a)(1) for 164.308(a)(1)(i)) from the reference id list. */
async function readHipaaAliases(referenceDir: string): Promise<Map<string, string>> {
  const file = path.join(referenceDir, 'catalogs', 'hipaa-security-rule.ids.json');
  const aliases = new Map<string, string>();
  if (!existsSync(file)) return aliases;
  const ids = JSON.parse(await readFile(file, 'utf8')) as { items: { id: string; aliases?: string[] }[] };
  for (const item of ids.items) for (const a of item.aliases ?? []) aliases.set(a, item.id);
  return aliases;
}

/** The reference pairs per framework id, or undefined when the reference folder is absent. */
export async function readReferencePairs(referenceDir: string = DEFAULT_REFERENCE_DIR): Promise<Map<string, ReferencePair[]> | undefined> {
  if (!existsSync(path.join(referenceDir, 'aws-config'))) return undefined;
  const aliases = await readHipaaAliases(referenceDir);
  const out = new Map<string, ReferencePair[]>();
  for (const [id, file] of Object.entries(REFERENCE_MAPPINGS)) {
    const p = path.join(referenceDir, 'aws-config', file);
    if (!existsSync(p)) continue;
    out.set(id, parseReferenceMapping(await readFile(p, 'utf8'), id === 'hipaa-security' ? aliases : new Map()));
  }
  return out;
}

export function recallOf(catalog: Catalog, pairs: ReadonlyMap<string, ReferencePair[]> | undefined): Map<string, Recall> {
  const recall = new Map<string, Recall>();
  for (const [id, list] of pairs ?? []) {
    const framework = catalog.frameworks.find((f) => f.id === id);
    if (framework) recall.set(id, toRecall(catalog, framework, list));
  }
  return recall;
}

/** The markdown block, exactly as README.md carries it. */
export async function catalogStatsMarkdown(referenceDir: string = DEFAULT_REFERENCE_DIR): Promise<string> {
  const catalog = await loadCatalog(path.join(REPO_ROOT, 'frameworks'));
  const pairs = await readReferencePairs(referenceDir);
  return toCatalogStatsMarkdown(catalog, recallOf(catalog, pairs), pairs !== undefined);
}

async function main(argv: readonly string[]): Promise<void> {
  const refIndex = argv.indexOf('--reference');
  const referenceDir = refIndex >= 0 && argv[refIndex + 1] ? path.resolve(argv[refIndex + 1] ?? '') : DEFAULT_REFERENCE_DIR;
  const known = new Set(['--write-readme', '--missed', '--reference']);
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a) && argv[i - 1] !== '--reference');
  if (unknown.length > 0) {
    throw new SrmapError('USAGE', `Unknown option ${unknown.join(', ')}.`, { hint: 'Options: --write-readme, --missed, --reference DIR.' });
  }
  const markdown = await catalogStatsMarkdown(referenceDir);
  process.stdout.write(markdown);
  if (argv.includes('--missed')) {
    const catalog = await loadCatalog(path.join(REPO_ROOT, 'frameworks'));
    for (const [id, r] of recallOf(catalog, await readReferencePairs(referenceDir))) {
      process.stdout.write(`\n${id}: ${String(r.missed.length)} pairs not reached\n`);
      for (const m of r.missed) process.stdout.write(`  ${m.requirementId} -> ${m.rule}\n`);
    }
  }
  if (argv.includes('--write-readme')) {
    const readmePath = path.join(REPO_ROOT, 'README.md');
    const next = replaceReadmeBlock(await readFile(readmePath, 'utf8'), markdown);
    const tmp = `${readmePath}.${String(process.pid)}.tmp`;
    await writeFile(tmp, next);
    await rename(tmp, readmePath);
    process.stderr.write('README.md: catalog coverage updated\n');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    if (e instanceof SrmapError) {
      process.stderr.write(`catalog-stats: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
      process.exit(2);
    }
    process.stderr.write(`catalog-stats: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
