import type { Argv } from 'yargs';
import Handlebars from 'handlebars';
import { stringify } from 'csv-stringify/sync';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadCatalog } from '../../catalog/load-catalog.js';
import { REGISTER_COLUMNS } from '../../collect/manual/parse-register.js';
import { CONFIG_FILE } from '../../collect/manual/read-working-folder.js';
import type { Catalog } from '../../domain/catalog.js';
import { SrmapError } from '../../domain/errors.js';
import { selectFrameworks } from '../../pipeline/select-frameworks.js';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';
import { PACKAGE_ROOT } from '../paths.js';

const REGISTER_FILE = 'evidence-register.csv';
const FILES = [CONFIG_FILE, REGISTER_FILE, 'owners.yaml', 'exceptions.yaml', 'README.md'] as const;

const yamlString = (v: string) => JSON.stringify(v);

/** The manual evidence kinds the chosen frameworks' requirements reach through their controls. */
export function requiredKinds(catalog: Catalog, frameworkIds: readonly string[]): string[] {
  const kinds = new Set<string>();
  for (const f of selectFrameworks(catalog, frameworkIds)) {
    for (const r of f.requirements) for (const c of r.controls) for (const k of catalog.controls.get(c)?.evidence.manual ?? []) kinds.add(k);
  }
  return [...kinds].sort();
}

export async function runInit(args: { dir: string; organisation: string; framework: string[]; region: string[]; catalog: string; force: boolean }, io: Io): Promise<number> {
  const catalog = await loadCatalog(args.catalog);
  const frameworks = selectFrameworks(catalog, args.framework).map((f) => f.id);
  const dir = resolve(args.dir);
  const existing: string[] = [];
  for (const f of FILES) if (await stat(join(dir, f)).then(() => true, () => false)) existing.push(f);
  if (existing.length > 0 && !args.force) {
    throw new SrmapError('INIT_EXISTS', `${dir} already has ${existing.join(', ')}.`, { hint: 'Choose an empty folder, or pass --force to overwrite these files.' });
  }
  const kinds = requiredKinds(catalog, frameworks).map((id) => catalog.manualKinds.get(id)).filter((k) => k !== undefined);
  const files: Record<(typeof FILES)[number], string> = {
    [CONFIG_FILE]: [
      '# srmap working folder. Paths are relative to this file. `srmap validate` checks it.',
      `organisation: ${yamlString(args.organisation)}`,
      `frameworks: [${frameworks.join(', ')}]`,
      `regions: [${args.region.join(', ')}]`,
      'accounts: []            # 12-digit account ids in scope, e.g. [\'111122223333\']',
      'serviceProvider: false  # PCI DSS: true makes the service-provider-only requirements apply',
      'expiringWithinDays: 30  # evidence valid for fewer days than this is listed as expiring',
      'paths:',
      '  snapshots: snapshots  # where `srmap collect` writes; `srmap report` uses the newest',
      `  register: ${REGISTER_FILE}`,
      '  owners: owners.yaml',
      '  exceptions: exceptions.yaml',
      '  out: packs',
      '',
    ].join('\n'),
    [REGISTER_FILE]: stringify([[...REGISTER_COLUMNS], ...kinds.map((k) => ['', k.id, k.title, '', '', '', '', ''])], { record_delimiter: 'windows' }),
    'owners.yaml': [
      '# RACI per control family or control id (a control id takes precedence over its family).',
      '# Fill in one entry per family, e.g.:',
      '#   - { scope: identity-and-access, responsible: "Platform Engineering", accountable: "CISO", consulted: "Security Operations", informed: "Engineering Managers" }',
      `# Families: ${[...catalog.families.keys()].sort().join(', ')}`,
      'owners: []',
      '',
    ].join('\n'),
    'exceptions.yaml': [
      '# Approved risk acceptances. Each covers failing resources of one AWS Config managed rule (rule +',
      '# resource, a resource id or ARN glob), or a whole requirement (framework-id:requirement-id).',
      '# A current exception turns what it covers into accepted-risk; an expired one is listed, not applied.',
      '#   - id: EXC-2026-001',
      '#     rule: S3_BUCKET_LOGGING_ENABLED',
      '#     resource: "arn:aws:s3:::public-assets-*"',
      '#     reason: ...',
      '#     compensatingControl: ...',
      '#     approver: "CISO"',
      '#     approvedOn: 2026-07-01',
      '#     expiresOn: 2027-06-30',
      'exceptions: []',
      '',
    ].join('\n'),
    'README.md': Handlebars.create().compile(await readFile(join(PACKAGE_ROOT, 'templates', 'init', 'README.md.hbs'), 'utf8'), { strict: true, noEscape: true })({
      organisation: args.organisation,
      configFile: CONFIG_FILE,
      registerFile: REGISTER_FILE,
      frameworks,
      kindCount: kinds.length,
      kinds: kinds.map((k) => ({ id: k.id, title: k.title, reviewEveryDays: k.reviewEveryDays })),
      expiringWithinDays: 30,
    }),
  };
  await mkdir(dir, { recursive: true });
  for (const name of FILES) {
    const tmp = join(dir, `.${name}.tmp-${process.pid}`);
    try {
      await writeFile(tmp, files[name]);
      await rename(tmp, join(dir, name));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
  io.out(`Wrote ${FILES.join(', ')} (${kinds.length} register rows to fill) in ${dir}`);
  io.out(dir);
  return 0;
}

export function registerInit(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'init [dir]',
    'Scaffold a working folder: srmap.yaml, an evidence register to fill, owners.yaml, exceptions.yaml, README',
    (yy) =>
      yy
        .positional('dir', { type: 'string', default: '.', describe: 'Folder to create or fill' })
        .option('organisation', { type: 'string', default: 'Example Organisation', describe: 'Organisation name shown on every pack' })
        .option('framework', { type: 'array', string: true, default: [] as string[], describe: 'Frameworks in scope (all when omitted)' })
        .option('region', { type: 'array', string: true, default: ['us-east-1'], describe: 'AWS regions in scope' })
        .option('force', { type: 'boolean', default: false, describe: 'Overwrite the files if they exist' })
        .option('catalog', catalogOption),
    (args) => ctx.exit(runInit({ dir: args.dir, organisation: args.organisation, framework: args.framework, region: args.region, catalog: resolve(args.catalog), force: args.force }, ctx.io)),
  );
}
