import type { Argv } from 'yargs';
import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { toDay } from '../../domain/dates.js';
import { verifySnapshot } from '../../store/verify-snapshot.js';
import { findSnapshotDirs } from '../../store/find-snapshots.js';
import type { SnapshotManifest } from '../../domain/snapshot.js';
import { SrmapError, formatProblems, type Problem } from '../../domain/errors.js';
import type { CommandContext, Io } from '../command-context.js';
import { EVIDENCE_DIR } from '../paths.js';
import { CONFIG_FILE, findConfigFile } from '../../collect/manual/read-working-folder.js';
import { readCollectDefaults } from '../working-folder-options.js';
import { maxOf } from '../../domain/arrays.js';

/**
 * `srmap snapshots list [DIR]`: one row per snapshot, its "verified" cell from verifySnapshot, the
 * same verdict verify and validate --snapshot give (a changed, missing or unlisted file is a NO).
 * Each snapshot that does not verify is named on stderr with its first problem and the command that
 * lists them all; exit 2 then.
 */
export async function listSnapshots(dir: string, io: Io): Promise<number> {
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) {
    throw new SrmapError('NOT_A_DIRECTORY', `${dir} is not a directory.`, { hint: 'Give the folder that holds your snapshots, e.g. evidence/snapshots.' });
  }
  const rows: { m?: SnapshotManifest; path: string; problems: readonly Problem[]; cells: string[] }[] = [];
  for (const d of await findSnapshotDirs(dir)) {
    const v = await verifySnapshot(d);
    const m = v.manifest;
    const path = relative(process.cwd(), d) || d;
    const verified = v.ok ? 'yes' : `NO (${v.problems.length} problem${v.problems.length === 1 ? '' : 's'})`;
    if (!m) {
      rows.push({ path, problems: v.problems, cells: ['?', '', '', '', '', '', verified, path] });
      continue;
    }
    const evals = m.files.find((f) => f.path.startsWith('evaluations'))?.records ?? 0;
    rows.push({
      m,
      path,
      problems: v.problems,
      cells: [m.id, toDay(m.createdAt), String(m.scope.accounts.length), m.scope.regions.join(','), evals.toLocaleString('en-US'), String(m.gaps.length), verified, path],
    });
  }
  if (rows.length === 0) {
    io.out(`No snapshot under ${dir}.`);
    return 0;
  }
  rows.sort((a, b) => (a.m?.createdAt ?? '').localeCompare(b.m?.createdAt ?? ''));
  const header = ['id', 'date', 'accounts', 'regions', 'results', 'gaps', 'verified', 'path'];
  const widths = header.map((h, i) => maxOf(rows.map((r) => (r.cells[i] ?? '').length), h.length));
  for (const r of [header, ...rows.map((x) => x.cells)]) io.out(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  const failed = rows.filter((r) => r.problems.length > 0);
  for (const r of failed) {
    const [first] = formatProblems(r.problems.slice(0, 1).map((p) => ({ ...p, hint: undefined })));
    const more = r.problems.length > 1 ? ` (and ${r.problems.length - 1} more)` : '';
    io.err(`${r.path}: does not verify: ${first ?? ''}${more}; \`srmap verify ${r.path}\` lists every problem and what to do`);
  }
  return failed.length === 0 ? 0 : 2;
}

/**
 * `srmap snapshots list` without a folder: the working folder's snapshots (paths.snapshots of
 * --config, else of ./srmap.yaml when present), where `collect` writes and `report` reads; else the
 * samples srmap ships. In a working folder a first line says which folder that is and how to list
 * the samples; a snapshots folder not made yet (nothing collected) is an empty list, not an error.
 */
export async function runSnapshotsList(args: { dir?: string; config?: string }, io: Io): Promise<number> {
  if (args.dir !== undefined) return listSnapshots(resolve(args.dir), io);
  const config = findConfigFile(args.config);
  const dir = config === undefined ? undefined : (await readCollectDefaults(config)).snapshotsDir;
  if (dir === undefined) return listSnapshots(EVIDENCE_DIR, io);
  io.out(`${dir}: paths.snapshots of ${relative(process.cwd(), resolve(config ?? CONFIG_FILE)) || CONFIG_FILE} (the samples srmap ships: \`srmap snapshots list ${EVIDENCE_DIR}\`)`);
  if (!existsSync(dir)) {
    io.out(`No snapshot under ${dir} yet: \`srmap collect\` writes one there.`);
    return 0;
  }
  return listSnapshots(dir, io);
}

export function registerSnapshots(y: Argv, ctx: CommandContext): Argv {
  return y.command('snapshots', 'List evidence snapshots', (yy) =>
    yy
      .command(
        'list [dir]',
        'Every snapshot under a folder: id, date, scope, results, gaps, and whether its hashes verify',
        (c) =>
          c
            .positional('dir', { type: 'string', defaultDescription: "paths.snapshots of ./srmap.yaml (or --config) when present, else the samples srmap ships (its evidence/)", describe: 'Folder to search (two levels deep)' })
            .option('config', { type: 'string', describe: 'Working folder config (srmap.yaml) whose paths.snapshots to list when no folder is given', defaultDescription: './srmap.yaml when present' }),
        (args) => ctx.exit(runSnapshotsList({ ...(args.dir === undefined ? {} : { dir: args.dir }), ...(args.config === undefined ? {} : { config: args.config }) }, ctx.io)),
      )
      .demandCommand(1, 'Name a subcommand: list.'),
  );
}
