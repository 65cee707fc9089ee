import { toFrameworkCatalogChanges } from '../../domain/framework-catalog-changes.js';
import type { Catalog } from '../../domain/catalog.js';
import { SrmapError } from '../../domain/errors.js';
import { toRequirementEvidence } from '../../domain/requirement-evidence.js';
import { toPropertyLabels } from '../../domain/requirement-properties.js';
import type { Argv } from 'yargs';
import { resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { loadCatalogFor, type CatalogArgs } from '../catalog-options.js';
import { CROSSWALK_FIXED_COLUMNS, toCrosswalk, toCrosswalkTable, toCrosswalkText } from '../../catalog/to-crosswalk.js';
import { toSafeCell } from '../../render/csv/neutralise-cell.js';
import { writeCsv } from '../../render/csv/write-csv.js';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';
import { maxOf } from '../../domain/arrays.js';
import { claimOutputFile } from '../../pipeline/claim-output.js';

export function listFrameworks(catalog: Catalog, io: Io): number {
  const rows = catalog.frameworks.map((f) => {
    const assessable = f.requirements.filter((r) => r.assessable);
    const controls = new Set(assessable.flatMap((r) => r.controls));
    return [f.id, f.name, f.version, String(assessable.length), String(controls.size)];
  });
  const header = ['id', 'name', 'version', 'requirements', 'controls'];
  const widths = header.map((h, i) => maxOf(rows.map((r) => (r[i] ?? '').length), h.length));
  for (const r of [header, ...rows]) io.out(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  return 0;
}

export function showFramework(catalog: Catalog, id: string, io: Io): number {
  const f = catalog.frameworks.find((x) => x.id === id);
  if (!f) {
    throw new SrmapError('UNKNOWN_FRAMEWORK', `Unknown framework ${id}.`, {
      hint: `Use one of: ${catalog.frameworks.map((x) => x.id).join(', ')}.`,
    });
  }
  const changes = catalog.changes ?? [];
  const added = changes.find((c) => c.kind === 'framework' && c.id === f.id);
  io.out(`${f.name} ${f.version} (${f.id}) - ${f.publisher}${added ? `  [added by overlay ${added.file}]` : ''}`);
  io.out(f.description);
  const reqChange = new Map(changes.filter((c) => c.kind === 'requirement' && c.frameworkId === f.id).map((c) => [c.id, c]));
  const controlChange = new Map(changes.filter((c) => c.kind === 'control').map((c) => [c.id, c]));
  // The same changes the framework's PDF lists (domain/framework-catalog-changes.ts); its own addition is said above.
  const relevant = (toFrameworkCatalogChanges(catalog, f)?.changes ?? []).filter((c) => c.kind !== 'framework');
  if (relevant.length > 0) {
    io.out(`Changed by catalog overlays (${(catalog.overlays ?? []).map((o) => o.dir).join(', ')}):`);
    for (const c of relevant) io.out(`  ${c.kind} ${c.id} ${c.change} by ${c.file}${c.note ? `: ${c.note}` : ''}`);
  }
  io.out('');
  const depth = new Map<string, number>();
  for (const r of f.requirements) {
    const d = r.parent === undefined ? 0 : (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    const tags = [
      r.assessable ? `[${toRequirementEvidence(catalog, r).responsibility}]` : '',
      ...toPropertyLabels(f.properties, r.properties),
      reqChange.has(r.id) ? `[${reqChange.get(r.id)?.change ?? ''} by overlay ${reqChange.get(r.id)?.file ?? ''}]` : '',
    ].filter(Boolean);
    io.out(`${'  '.repeat(d)}${r.id}  ${r.title}${tags.length ? `  ${tags.join(' ')}` : ''}`);
    if (!r.assessable) continue;
    const ev = toRequirementEvidence(catalog, r);
    const pad = '  '.repeat(d + 1);
    const mark = (id: string): string => (controlChange.has(id) ? `${id} (${controlChange.get(id)?.change ?? ''} by overlay)` : id);
    if (ev.controls.length > 0) io.out(`${pad}controls: ${ev.controls.map(mark).join(', ')}`);
    if (ev.controls.length === 0) io.out(`${pad}no control mapped: needs evidence, assessed by hand`);
    if (ev.rules.length > 0) io.out(`${pad}decided by rules: ${ev.rules.map((x) => x.id).join(', ')}`);
    if (ev.manual.length > 0) io.out(`${pad}decided by manual evidence: ${ev.manual.map((x) => x.id).join(', ')}`);
    if (ev.attestations.length > 0) io.out(`${pad}AWS side attested by: ${ev.attestations.map((x) => x.id).join(', ')}`);
    if (ev.supportingControls.length > 0) io.out(`${pad}supported by controls: ${ev.supportingControls.map(mark).join(', ')}`);
    if (ev.supportingRules.length > 0) io.out(`${pad}supporting rules (never decide): ${ev.supportingRules.join(', ')}`);
  }
  return 0;
}

export const CROSSWALK_FORMATS = ['text', 'csv'] as const;
export type CrosswalkFormat = (typeof CROSSWALK_FORMATS)[number];

/**
 * Every common control with the requirements it satisfies in each framework. CSV follows the pack's
 * conventions (BOM, CRLF, formula-neutralised cells); with `out` it is written to a temporary name and
 * renamed.
 */
export async function crosswalkFrameworks(catalog: Catalog, format: CrosswalkFormat, out: string | undefined, io: Io): Promise<number> {
  const crosswalk = toCrosswalk(catalog);
  if (format === 'text') {
    if (out !== undefined) {
      throw new SrmapError('USAGE', '--out writes CSV only.', { hint: 'Add --format csv, or drop --out to print the text crosswalk.' });
    }
    for (const line of toCrosswalkText(crosswalk)) io.out(line);
    return 0;
  }
  const table = toCrosswalkTable(crosswalk);
  if (out !== undefined) {
    // Never over a file srmap did not write: only an earlier crosswalk (BOM, then its header row).
    const header = `\uFEFF${CROSSWALK_FIXED_COLUMNS.join(',')}`;
    const isCrosswalk = (head: string) => head.startsWith(`${header},`) || head.startsWith(`${header}\r\n`);
    const claim = await claimOutputFile(resolve(out), [], isCrosswalk, 'frameworks crosswalk');
    const { rows } = await writeCsv(resolve(out), table.columns, table.rows).finally(() => claim.release());
    io.err(`wrote ${String(rows)} controls to ${out}`);
    io.out(resolve(out));
    return 0;
  }
  const text = stringify([table.columns, ...table.rows].map((r) => r.map(toSafeCell)), { bom: true, record_delimiter: 'windows', escape_formulas: true, quoted_match: /[",\r\n]/ });
  io.out(text.replace(/\r\n$/, ''));
  return 0;
}

async function catalogOf(args: CatalogArgs): Promise<Catalog> {
  return (await loadCatalogFor(args)).catalog;
}

export function registerFrameworks(y: Argv, ctx: CommandContext): Argv {
  return y.command('frameworks', "List frameworks, show one framework's requirement tree, or crosswalk the common controls", (yy) =>
    yy
      .command('list', 'List the frameworks in the catalog', (c) => c.option('catalog', catalogOption), async (args) =>
        ctx.exit(listFrameworks(await catalogOf(args), ctx.io)),
      )
      .command(
        'show <id>',
        "Print a framework's requirement tree with responsibility and controls",
        (c) => c.positional('id', { type: 'string', demandOption: true, describe: 'Framework id' }).option('catalog', catalogOption),
        async (args) => ctx.exit(showFramework(await catalogOf(args), args.id, ctx.io)),
      )
      .command(
        'crosswalk',
        'Every common control with the requirements it satisfies in each framework',
        (c) =>
          c
            .option('format', { choices: CROSSWALK_FORMATS, default: 'text' as CrosswalkFormat, describe: 'text, or csv (one column per framework)' })
            .option('out', { type: 'string', describe: 'Write the CSV to FILE instead of stdout' })
            .option('catalog', catalogOption),
        async (args) => ctx.exit(crosswalkFrameworks(await catalogOf(args), args.format, args.out, ctx.io)),
      )
      .demandCommand(1, 'Name a subcommand: list, show <id> or crosswalk.'),
  );
}
