import type { Argv } from 'yargs';
import Handlebars from 'handlebars';
import { stringify } from 'csv-stringify/sync';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../../store/make-directory.js';
import { join, resolve } from 'node:path';
import { loadCatalogFor } from '../catalog-options.js';
import { REGISTER_COLUMNS } from '../../collect/manual/parse-register.js';
import { CONFIG_FILE, toWorkingContext } from '../../collect/manual/read-working-folder.js';
import type { Catalog, Framework } from '../../domain/catalog.js';
import { SrmapError } from '../../domain/errors.js';
import { toRequirementEvidence } from '../../domain/requirement-evidence.js';
import { selectFrameworks } from '../../pipeline/select-frameworks.js';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';
import { PACKAGE_ROOT } from '../paths.js';
import { alternativeValues, toApplicabilityFile } from './init-applicability.js';
import { writeFrameworkTemplate } from './init-framework-template.js';

const REGISTER_FILE = 'evidence-register.csv';
const FILES = [CONFIG_FILE, REGISTER_FILE, 'owners.yaml', 'exceptions.yaml', 'applicability.yaml', 'README.md'] as const;

const yamlString = (v: string) => JSON.stringify(v);

/** The manual evidence kinds that decide a requirement of the chosen frameworks. */
export function requiredKinds(catalog: Catalog, frameworkIds: readonly string[]): string[] {
  const kinds = new Set<string>();
  for (const f of selectFrameworks(catalog, frameworkIds)) {
    for (const r of f.requirements) if (r.assessable) for (const k of toRequirementEvidence(catalog, r).manual) kinds.add(k.id);
  }
  return [...kinds].sort();
}

/** A tag selector as srmap.yaml writes it: `{ cde: 'true' }`. */
function tagsText(tags: Readonly<Record<string, string>>): string {
  const key = (k: string) => (/^[A-Za-z_][\w.-]*$/.test(k) ? k : yamlString(k));
  // eslint-disable-next-line no-control-regex -- a control character cannot stand in a one-line comment: JSON-quote it
  const value = (v: string) => (/[\u0000-\u001f\u007f]/.test(v) ? yamlString(v) : `'${v.replace(/'/g, "''")}'`);
  return `{ ${Object.entries(tags).map(([k, v]) => `${key(k)}: ${value(v)}`).join(', ')} }`;
}

/**
 * What each framework assesses, written commented out: until it is declared, every collected account
 * counts, and each pack says so. The description and example tags are the framework file's `scopeHint`.
 */
function scopeBlock(frameworks: readonly Framework[], accounts: readonly string[]): string[] {
  const list = accounts.length > 0 ? `[${accounts.map((a) => `'${a}'`).join(', ')}]` : "['111122223333']";
  return [
    '# What each framework assesses. Until you declare it, every collected account and region counts',
    '# and each pack says so on its cover. Only evidence inside the scope decides a status; the rest is',
    '# listed as out of scope. Narrow by account, then by region or by tag (resources carrying every',
    "# tag; the account's own settings, IAM, CloudTrail and the security services stay in scope).",
    'scope:',
    ...frameworks.flatMap((f) => [
      `  # ${f.id}:`,
      `  #   description: ${yamlString(f.scopeHint?.description ?? 'The systems this framework covers')}`,
      `  #   accounts: ${list}`,
      '  #   regions: [us-east-1]',
      ...(f.scopeHint?.tags ? [`  #   tags: ${tagsText(f.scopeHint.tags)}`] : []),
    ]),
    '  {}',
  ];
}

/**
 * `serviceProvider:` only when a chosen framework has requirements for service providers only (a
 * property value with appliesOnlyTo: service-providers), naming them in the framework's words.
 */
function serviceProviderLine(frameworks: readonly Framework[]): string[] {
  const which = frameworks.flatMap((f) =>
    Object.values(f.properties ?? {}).flatMap((d) => Object.values(d.values).filter((v) => v.appliesOnlyTo === 'service-providers').map((v) => `${f.name}: ${v.label ?? d.title}`)),
  );
  return which.length > 0 ? [`serviceProvider: false  # true makes the requirements for service providers apply (${which.join('; ').replace(/\s+/g, ' ')})`] : [];
}

export async function runInit(args: { dir: string; organisation: string; framework: string[]; region: string[]; account: string[]; catalog?: readonly string[]; force: boolean }, io: Io): Promise<number> {
  const bad = args.account.filter((a) => !/^\d{12}$/.test(a));
  if (bad.length > 0) throw new SrmapError('USAGE', `--account ${bad.join(', ')} is not a 12-digit AWS account id.`, { hint: 'e.g. --account 111122223333 --account 444455556666' });
  const { catalog } = await loadCatalogFor({ ...(args.catalog ? { catalog: args.catalog } : {}) });
  const selected = selectFrameworks(catalog, args.framework);
  const frameworks = selected.map((f) => f.id);
  const dir = resolve(args.dir);
  if (await stat(dir).then((st) => !st.isDirectory(), () => false)) {
    throw new SrmapError('USAGE', `${dir} is a file, not a folder: srmap init writes a working folder.`, { hint: 'Name a new or empty folder, e.g. `srmap init compliance`.' });
  }
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
      `accounts: [${args.account.map((a) => `'${a}'`).join(', ')}]${args.account.length === 0 ? "            # the organisation's 12-digit account ids, e.g. ['111122223333']" : ''}`,
      ...serviceProviderLine(selected),
      'expiringWithinDays: 30  # evidence valid for fewer days than this is listed as expiring',
      ...scopeBlock(selected, args.account),
      'paths:',
      '  snapshots: snapshots  # where `srmap collect` writes; `srmap report` uses the newest',
      `  register: ${REGISTER_FILE}`,
      '  owners: owners.yaml',
      '  exceptions: exceptions.yaml',
      '  applicability: applicability.yaml',
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
    'applicability.yaml': toApplicabilityFile(selected, toWorkingContext(catalog)),
    'README.md': Handlebars.create().compile(await readFile(join(PACKAGE_ROOT, 'templates', 'init', 'README.md.hbs'), 'utf8'), { strict: true, noEscape: true })({
      organisation: args.organisation,
      configFile: CONFIG_FILE,
      registerFile: REGISTER_FILE,
      frameworks,
      alternatives: selected.flatMap(alternativeValues).join(', '),
      kindCount: kinds.length,
      kinds: kinds.map((k) => ({ id: k.id, title: k.title, reviewEveryDays: k.reviewEveryDays })),
      expiringWithinDays: 30,
    }),
  };
  await makeDirectory(dir).catch((e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined || !['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC'].includes(code)) throw e;
    throw new SrmapError('USAGE', `Cannot make the folder ${dir} (${code}): ${code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way' : code === 'ENOSPC' ? 'the disk is full' : 'it cannot be written here'}.`, { hint: 'Name a folder you can write to, e.g. `srmap init compliance` in your home folder.', cause: e });
  });
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
  io.out(`Next: declare each framework's scope (accounts, regions, tags) under scope: in ${CONFIG_FILE}; until then every collected account counts.`);
  io.out(dir);
  return 0;
}

export function registerInit(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'init [dir]',
    'Scaffold a working folder: srmap.yaml, an evidence register to fill, owners.yaml, exceptions.yaml, applicability.yaml, README',
    (yy) =>
      yy
        .positional('dir', { type: 'string', default: '.', describe: 'Folder to create or fill' })
        .option('organisation', { type: 'string', default: 'Example Organisation', describe: 'Organisation name shown on every pack' })
        .option('framework', { type: 'array', string: true, default: [] as string[], describe: 'Frameworks in scope (all when omitted)' })
        .option('region', { type: 'array', string: true, default: ['us-east-1'], describe: 'AWS regions in scope' })
        .option('account', { type: 'array', string: true, default: [] as string[], describe: "The organisation's AWS account ids (12 digits)" })
        .option('force', { type: 'boolean', default: false, describe: 'Overwrite the files if they exist' })
        .option('framework-template', { type: 'string', describe: 'Instead: write a commented framework file NAME.yaml and a control file to start from into DIR/catalog/ (an overlay folder)' })
        .option('catalog', catalogOption),
    (args) =>
      args['framework-template'] !== undefined
        ? ctx.exit(
            loadCatalogFor({ ...(args.catalog ? { catalog: args.catalog } : {}) }).then(({ catalog }) =>
              writeFrameworkTemplate({ dir: args.dir, id: args['framework-template'] as string, force: args.force }, catalog, ctx.io),
            ),
          )
        : ctx.exit(runInit({ dir: args.dir, organisation: args.organisation, framework: args.framework, region: args.region, account: args.account, ...(args.catalog ? { catalog: args.catalog } : {}), force: args.force }, ctx.io)),
  );
}
