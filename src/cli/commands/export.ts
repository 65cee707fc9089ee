import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { loadCatalogFor } from '../catalog-options.js';
import { SrmapError } from '../../domain/errors.js';
import { wholeNumberOption } from '../whole-number-option.js';
import { DEFAULT_FAILING_CAP } from '../../pipeline/defaults.js';
import { exportOscal } from '../../pipeline/export-oscal.js';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';
import { printOscalTable } from '../oscal-table.js';
import { TOOL_VERSION } from '../paths.js';
import { expiringWithinOption, resolveExpiringWithin, resolveFrameworkIds, resolveSnapshotDir, resolveWorkingFolder, workingFolderOptions } from '../working-folder-options.js';
import type { ReportArgs } from './report.js';

/** The evaluation options of `report`, without the pack's own (previous quarter, history, --oscal). */
export type ExportOscalArgs = Omit<ReportArgs, 'previous' | 'history' | 'history-limit' | 'oscal'>;

export async function runExportOscal(args: ExportOscalArgs, io: Io): Promise<number> {
  const started = Date.now();
  const { catalog } = await loadCatalogFor(args);
  const working = await resolveWorkingFolder(args, catalog);
  const expiringWithinDays = resolveExpiringWithin(args, working);
  const snapshot = await resolveSnapshotDir(args.snapshot, working);
  if (!args.out) throw new SrmapError('USAGE', 'No output directory given.', { hint: 'Give --out DIR: the OSCAL set of each framework is written to DIR/<framework-id>/.' });
  const failingCap = wholeNumberOption('failing-cap', args['failing-cap'], 0, DEFAULT_FAILING_CAP);
  const summary = await exportOscal({
    catalog,
    snapshotDir: snapshot,
    outDir: resolve(args.out),
    frameworks: resolveFrameworkIds(args.framework, working),
    ...(working ? { working } : {}),
    ...(expiringWithinDays === undefined ? {} : { expiringWithinDays }),
    failingCap,
    toolVersion: TOOL_VERSION,
    onProgress: args.quiet ? undefined : (m) => io.err(m),
  });
  if (!args.quiet) {
    printOscalTable(summary.frameworks, io);
    io.out(`${summary.files.length} files from snapshot ${summary.snapshotId} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  io.out(summary.outDir);
  return 0;
}

export function registerExport(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'export',
    'Export the evaluation in another format: `srmap export oscal` writes OSCAL 1.1.2 JSON',
    (yy) =>
      yy
        .command(
          'oscal',
          'OSCAL 1.1.2 JSON per framework: catalog, common controls catalog, profile, component definition, system security plan, assessment plan and results, POA&M',
          (z) =>
            workingFolderOptions(z)
              .option('snapshot', { type: 'string', describe: 'Evidence snapshot directory (contains manifest.json)', defaultDescription: 'the newest under paths.snapshots of srmap.yaml' })
              .option('out', { type: 'string', describe: 'Directory written: <out>/<framework-id>/*.json and manifest.json (replaced only if empty or an unchanged earlier export)' })
              .option('framework', { type: 'array', string: true, describe: "Framework id(s); srmap.yaml's, or all, when omitted" })
              .option('expiring-within', expiringWithinOption)
              .option('failing-cap', { type: 'number', default: DEFAULT_FAILING_CAP, describe: 'Failing resources listed per rule observation (counts are always complete)' })
              .option('catalog', catalogOption)
              .option('quiet', { type: 'boolean', default: false, describe: 'Print only the output path' }),
          (args) => ctx.exit(runExportOscal(args as unknown as ExportOscalArgs, ctx.io)),
        )
        .demandCommand(1, 'Name a format: `srmap export oscal`.'),
    () => undefined,
  );
}
