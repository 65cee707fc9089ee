/**
 * The working-folder options shared by report, demo and validate: srmap.yaml (./srmap.yaml when
 * present), and flags for the register, owners, exceptions and applicability declarations (and, for
 * report, the expiring window), which override it; and the srmap.yaml defaults `collect` lays under
 * its flags.
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { readWorkingConfig, readWorkingFolder, type WorkingFolder, findConfigFile } from '../collect/manual/read-working-folder.js';
import type { Catalog } from '../domain/catalog.js';
import { SrmapError } from '../domain/errors.js';
import { findLatestSnapshot } from '../store/find-snapshots.js';
import { EVIDENCE_DIR } from './paths.js';

export interface WorkingFolderArgs {
  config?: string;
  register?: string;
  owners?: string;
  exceptions?: string;
  applicability?: string;
  'expiring-within'?: number;
}

export function workingFolderOptions<T>(y: Argv<T>, defaults: { config?: string } = {}) {
  return y
    .option('config', {
      type: 'string',
      describe: 'Working folder config (srmap.yaml): evidence register, owners, exceptions, defaults',
      ...(defaults.config ? { default: defaults.config, defaultDescription: 'the sample working folder' } : { defaultDescription: './srmap.yaml when present' }),
    })
    .option('register', { type: 'string', describe: 'Evidence register CSV (overrides paths.register of srmap.yaml)' })
    .option('owners', { type: 'string', describe: 'owners.yaml: RACI per control family or control (overrides paths.owners)' })
    .option('exceptions', { type: 'string', describe: 'exceptions.yaml: risk acceptances (overrides paths.exceptions)' })
    .option('applicability', { type: 'string', describe: 'applicability.yaml: requirements declared not applicable or met by a documented alternative (overrides paths.applicability)' });
}

export const expiringWithinOption = {
  type: 'number',
  describe: 'Manual evidence valid for at most this many days after the snapshot date is listed as expiring',
  defaultDescription: 'expiringWithinDays of srmap.yaml, else 30',
} as const;

/** The files the flags name (--register, --owners, --exceptions, --applicability). */
export function givenWorkingFiles(args: WorkingFolderArgs): Pick<WorkingFolderArgs, 'register' | 'owners' | 'exceptions' | 'applicability'> {
  return { ...(args.register ? { register: args.register } : {}), ...(args.owners ? { owners: args.owners } : {}), ...(args.exceptions ? { exceptions: args.exceptions } : {}), ...(args.applicability ? { applicability: args.applicability } : {}) };
}

/**
 * The working folder the flags and ./srmap.yaml name, or undefined when there is none. The flags'
 * files replace those srmap.yaml names; with `onlyGiven` (validate) only the flags' files are read,
 * srmap.yaml lending its context.
 */
export async function resolveWorkingFolder(args: WorkingFolderArgs, catalog: Catalog, options: { onlyGiven?: boolean } = {}): Promise<WorkingFolder | undefined> {
  const config = findConfigFile(args.config);
  const files = givenWorkingFiles(args);
  if (config === undefined && Object.keys(files).length === 0) return undefined;
  return readWorkingFolder({ ...(config === undefined ? {} : { config }), ...files, ...(options.onlyGiven ? { onlyGiven: true } : {}) }, catalog);
}

/**
 * The frameworks a command works on: --framework, else those srmap.yaml lists, else an empty list
 * (selectFrameworks reads it as all of the catalog's). One rule for report, export, diff and answer.
 */
export function resolveFrameworkIds(framework: readonly string[] | undefined, working: WorkingFolder | undefined): readonly string[] {
  return framework ?? working?.config?.frameworks ?? [];
}

/**
 * The snapshot to evaluate: --snapshot, else the newest under srmap.yaml's paths.snapshots. Exit 2
 * when neither gives one.
 */
export async function resolveSnapshotDir(snapshot: string | undefined, working: WorkingFolder | undefined): Promise<string> {
  const dir = working?.config?.paths?.snapshots;
  const found = snapshot ?? (working && dir ? await findLatestSnapshot(resolve(working.dir, dir)) : undefined);
  if (!found) {
    if (working && dir) {
      // paths.snapshots is set: nothing collected there yet (or a folder moved), not a setting to add.
      throw new SrmapError('USAGE', `No snapshot under ${resolve(working.dir, dir)} (paths.snapshots of srmap.yaml).`, {
        hint: `\`srmap collect\` writes one there; or give --snapshot DIR (the samples srmap ships: \`srmap snapshots list ${EVIDENCE_DIR}\`).`,
      });
    }
    throw new SrmapError('USAGE', 'No snapshot given.', {
      hint: 'Give --snapshot DIR, or set paths.snapshots in srmap.yaml to the folder `srmap collect` writes to.',
    });
  }
  return resolve(found);
}

/** The expiring window: the flag, else srmap.yaml's, else undefined (the evaluation's default). */
export function resolveExpiringWithin(args: WorkingFolderArgs, working: WorkingFolder | undefined): number | undefined {
  const days = args['expiring-within'] ?? working?.config?.expiringWithinDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 0 || days > 365)) {
    throw new SrmapError('USAGE', `--expiring-within ${days} is not a whole number of days from 0 to 365.`, { hint: 'e.g. --expiring-within 45' });
  }
  return days;
}

/** What `collect` takes from srmap.yaml (--config, else ./srmap.yaml when present), laid under its flags. */
export async function readCollectDefaults(config: string | undefined): Promise<{ snapshotsDir?: string; organisation?: string; regions?: string[]; signingKey?: { dir: string; signingKey: string } }> {
  const path = findConfigFile(config);
  if (path === undefined) return {};
  const { dir, config: c } = await readWorkingConfig(path);
  return {
    organisation: c.organisation,
    ...(c.regions && c.regions.length > 0 ? { regions: c.regions } : {}),
    ...(c.paths?.snapshots ? { snapshotsDir: resolve(dir, c.paths.snapshots) } : {}),
    ...(c.paths?.signingKey ? { signingKey: { dir, signingKey: c.paths.signingKey } } : {}),
  };
}
