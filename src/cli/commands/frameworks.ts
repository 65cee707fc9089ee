import type { Catalog } from '../../domain/catalog.js';
import { SrmapError } from '../../domain/errors.js';
import type { Argv } from 'yargs';
import { resolve } from 'node:path';
import { loadCatalog } from '../../catalog/load-catalog.js';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';

export function listFrameworks(catalog: Catalog, io: Io): number {
  const rows = catalog.frameworks.map((f) => {
    const assessable = f.requirements.filter((r) => r.assessable);
    const controls = new Set(assessable.flatMap((r) => r.controls));
    return [f.id, f.name, f.version, String(assessable.length), String(controls.size)];
  });
  const header = ['id', 'name', 'version', 'requirements', 'controls'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const r of [header, ...rows]) io.out(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  return 0;
}

function responsibilityOf(catalog: Catalog, controls: readonly string[]): string {
  const models = new Set(controls.map((id) => catalog.controls.get(id)?.responsibility.model ?? 'customer'));
  if (models.size === 0) return '';
  if (models.size === 1) return [...models][0] ?? '';
  return 'shared';
}

export function showFramework(catalog: Catalog, id: string, io: Io): number {
  const f = catalog.frameworks.find((x) => x.id === id);
  if (!f) {
    throw new SrmapError('UNKNOWN_FRAMEWORK', `Unknown framework ${id}.`, {
      hint: `Use one of: ${catalog.frameworks.map((x) => x.id).join(', ')}.`,
    });
  }
  io.out(`${f.name} ${f.version} (${f.id}) - ${f.publisher}`);
  io.out(f.description);
  io.out('');
  const depth = new Map<string, number>();
  for (const r of f.requirements) {
    const d = r.parent === undefined ? 0 : (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    const tags = [
      r.assessable ? `[${responsibilityOf(catalog, r.controls)}]` : '',
      r.hipaaType ?? '',
      r.serviceProviderOnly ? 'service providers only' : '',
    ].filter(Boolean);
    io.out(`${'  '.repeat(d)}${r.id}  ${r.title}${tags.length ? `  ${tags.join(' ')}` : ''}`);
    if (r.assessable && r.controls.length > 0) io.out(`${'  '.repeat(d + 1)}controls: ${r.controls.join(', ')}`);
  }
  return 0;
}

export function registerFrameworks(y: Argv, ctx: CommandContext): Argv {
  return y.command('frameworks', "List frameworks or show one framework's requirement tree", (yy) =>
    yy
      .command('list', 'List the frameworks in the catalog', (c) => c.option('catalog', catalogOption), async (args) =>
        ctx.exit(listFrameworks(await loadCatalog(resolve(args.catalog)), ctx.io)),
      )
      .command(
        'show <id>',
        "Print a framework's requirement tree with responsibility and controls",
        (c) => c.positional('id', { type: 'string', demandOption: true, describe: 'Framework id' }).option('catalog', catalogOption),
        async (args) => ctx.exit(showFramework(await loadCatalog(resolve(args.catalog)), args.id, ctx.io)),
      )
      .demandCommand(1, 'Name a subcommand: list or show <id>.'),
  );
}
