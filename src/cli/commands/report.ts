import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadCatalogFor } from '../catalog-options.js';
import { buildPacks, DEFAULT_FAILING_CAP, type PackSummary } from '../../pipeline/build-packs.js';
import { STATUSES } from '../../domain/status.js';
import { EVIDENCE_DIR, PREVIOUS_SAMPLE_SNAPSHOT_DIR, SAMPLE_SNAPSHOT_DIR, SAMPLE_WORKSPACE_CONFIG, TOOL_VERSION } from '../paths.js';
import { expiringWithinOption, resolveExpiringWithin, resolveFrameworkIds, resolveSnapshotDir, resolveWorkingFolder, workingFolderOptions, type WorkingFolderArgs } from '../working-folder-options.js';
import { SrmapError } from '../../domain/errors.js';
import { wholeNumberOption } from '../whole-number-option.js';
import { DEFAULT_HISTORY_LIMIT } from '../../pipeline/defaults.js';
import type { CommandContext, Io } from '../command-context.js';
import { catalogOption } from '../command-context.js';
import type { Argv } from 'yargs';
import { maxOf } from '../../domain/arrays.js';
import { printOscalTable } from '../oscal-table.js';
import { resolveSigningKey, signingKeyOption } from '../signing-key-option.js';
import { createPackProgress, type PackProgressOptions } from '../pack-progress.js';
import { PACK_FORMATS, parsePackFormats } from '../../domain/pack-formats.js';

export interface ReportArgs extends WorkingFolderArgs {
  snapshot?: string;
  out?: string;
  framework?: string[];
  'failing-cap': number;
  catalog?: string[];
  quiet: boolean;
  previous?: string;
  history?: string;
  'history-limit': number;
  oscal: boolean;
  format?: string[];
  'signing-key'?: string;
}

export function reportOptions<T>(y: Argv<T>, defaults: { snapshot?: string; out?: string; previous?: string; history?: string; config?: string; oscal?: boolean }) {
  return workingFolderOptions(y, defaults)
    .option('snapshot', {
      type: 'string',
      describe: 'Evidence snapshot directory (contains manifest.json)',
      ...(defaults.snapshot ? { default: defaults.snapshot, defaultDescription: 'the embedded sample' } : { defaultDescription: 'the newest under paths.snapshots of srmap.yaml' }),
    })
    .option('out', {
      type: 'string',
      describe: 'Directory the pack is written to (replaced only if empty or an unchanged earlier pack)',
      ...(defaults.out ? { default: defaults.out } : { defaultDescription: 'paths.out of srmap.yaml' }),
    })
    .option('framework', { type: 'array', string: true, describe: 'Framework id(s); srmap.yaml\'s, or all, when omitted (see `srmap frameworks list`)' })
    .option('format', {
      type: 'array',
      string: true,
      describe: `What each framework's pack holds: one or more of ${PACK_FORMATS.join(', ')} (comma-separated or repeated). The CSVs are always written: they are the complete record the other formats cite, and what bundle reads`,
      defaultDescription: PACK_FORMATS.join(','),
    })
    .option('expiring-within', expiringWithinOption)
    .option('failing-cap', { type: 'number', default: DEFAULT_FAILING_CAP, describe: 'Failing resources listed per rule in the PDF (the CSV lists all)' })
    .option('catalog', catalogOption)
    .option('previous', { type: 'string', describe: 'An earlier snapshot: adds "Changes since <date>" and changes/*.csv', ...(defaults.previous ? { default: defaults.previous, defaultDescription: 'the sample previous quarter' } : {}) })
    .option('history', { type: 'string', describe: 'A folder of snapshots: adds a trend over the last --history-limit of them', ...(defaults.history ? { default: defaults.history, defaultDescription: 'evidence/' } : {}) })
    .option('history-limit', { type: 'number', default: DEFAULT_HISTORY_LIMIT, describe: 'Snapshots in the trend, this one included' })
    .option('oscal', { type: 'boolean', default: defaults.oscal ?? false, describe: 'Also write each framework\'s OSCAL 1.1.2 set (catalog, profile, component definition, SSP, assessment plan and results, POA&M) in <framework-id>/oscal/' })
    .option('signing-key', signingKeyOption)
    .option('quiet', { type: 'boolean', default: false, describe: 'Print only the pack path' });
}

export function printSummary(summary: PackSummary, io: Io, elapsedMs: number): void {
  const header = ['framework', 'reqs', ...STATUSES];
  const rows = summary.frameworks.map(({ id, result }) => [id, String(result.counts.assessable), ...STATUSES.map((s) => String(result.counts.byStatus[s]))]);
  const widths = header.map((h, i) => maxOf(rows.map((r) => (r[i] ?? '').length), h.length));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  io.out(fmt(header));
  for (const r of rows) io.out(fmt(r));
  printOscalTable(summary.frameworks.flatMap((f) => (f.oscal ? [{ id: f.id, summary: f.oscal }] : [])), io);
  io.out(`${summary.files.length} files (${summary.formats.join(', ')}) from snapshot ${summary.snapshotId} in ${(elapsedMs / 1000).toFixed(1)} s`);
}

/** How progress is shown: a bar on a terminal, plain lines elsewhere (the default: lines through io.err). */
export type ReportProgressOutput = Omit<PackProgressOptions, 'mode'> & { terminal: boolean };

function stderrProgress(): ReportProgressOutput {
  return { write: (text) => process.stderr.write(text), terminal: process.stderr.isTTY === true, ...(process.stderr.columns ? { columns: process.stderr.columns } : {}) };
}

/** --history names a folder that is there: a mistyped one gave a pack without its trend, and no word of why. */
async function requireFolder(dir: string): Promise<void> {
  const found = await stat(dir).catch(() => undefined);
  if (found?.isDirectory()) return;
  throw new SrmapError('USAGE', `--history ${dir}: ${found ? 'not a folder' : 'no such folder'}.`, {
    hint: 'Give the folder that holds your snapshots (paths.snapshots of srmap.yaml, e.g. evidence/), or leave --history out for a pack without a trend.',
  });
}

export async function runReport(args: ReportArgs, io: Io, output?: ReportProgressOutput): Promise<number> {
  const started = Date.now();
  const formats = parsePackFormats(args.format);
  const failingCap = wholeNumberOption('failing-cap', args['failing-cap'], 0, DEFAULT_FAILING_CAP);
  const historyLimit = wholeNumberOption('history-limit', args['history-limit'], 1, DEFAULT_HISTORY_LIMIT);
  if (args.history) await requireFolder(args.history);
  const { catalog } = await loadCatalogFor(args);
  const cuecs = catalog.cuecs ?? [];
  const working = await resolveWorkingFolder(args, catalog);
  const expiringWithinDays = resolveExpiringWithin(args, working);
  const paths = working?.config?.paths ?? {};
  const snapshot = await resolveSnapshotDir(args.snapshot, working);
  const out = args.out ?? (working && paths.out ? resolve(working.dir, paths.out) : undefined);
  if (!out) throw new SrmapError('USAGE', 'No output directory given.', { hint: 'Give --out DIR, or set paths.out in srmap.yaml.' });
  // A bad key is found before any work; none configured: the pack is not signed.
  const signing = await resolveSigningKey(
    { flag: args['signing-key'], env: process.env, ...(working ? { config: { dir: working.dir, signingKey: paths.signingKey } } : {}) },
    [{ dir: out, what: 'the folder the pack is written to (--out)' }],
  );
  const progress = createPackProgress({
    mode: args.quiet ? 'quiet' : output?.terminal ? 'bar' : 'lines',
    write: output?.write ?? ((text) => io.err(text.replace(/\n$/, ''))),
    ...(output?.columns ? { columns: output.columns } : {}),
  });
  if (working && !args.quiet) io.err(`Working folder ${working.dir}: ${working.manualEvidence?.length ?? 0} register rows, ${working.owners?.length ?? 0} owners, ${working.exceptions?.length ?? 0} exceptions`);
  const summary = await buildPacks({
    catalog,
    snapshotDir: snapshot,
    outDir: resolve(out),
    frameworks: resolveFrameworkIds(args.framework, working),
    ...(working ? { working } : {}),
    ...(expiringWithinDays === undefined ? {} : { expiringWithinDays }),
    failingCap,
    toolVersion: TOOL_VERSION,
    ...(args.previous ? { previousDir: resolve(args.previous) } : {}),
    ...(args.history ? { historyDir: resolve(args.history), historyLimit } : {}),
    ...(args.oscal ? { oscal: true } : {}),
    formats,
    cuecs,
    onProgress: (m) => progress.note(m),
    onPdfProgress: (e) => progress.pdf(e),
    ...(signing ? { signingKey: signing.key } : {}),
  }).finally(() => progress.done());
  if (!args.quiet) printSummary(summary, io, Date.now() - started);
  if (!args.quiet) io.err(signing ? `manifest.json signed by key ${signing.keyId} (${signing.from})` : 'manifest.json not signed: no signing key configured (--signing-key, SRMAP_SIGNING_KEY or paths.signingKey in srmap.yaml)');
  io.out(summary.outDir);
  return 0;
}

export const DEMO_DEFAULTS = {
  snapshot: SAMPLE_SNAPSHOT_DIR,
  out: 'out/demo',
  previous: PREVIOUS_SAMPLE_SNAPSHOT_DIR,
  history: EVIDENCE_DIR,
  config: SAMPLE_WORKSPACE_CONFIG,
  oscal: true,
};

export function registerDemo(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'demo',
    'Build the evidence pack for every framework of the sample working folder from the embedded sample snapshot',
    (yy) => reportOptions(yy, DEMO_DEFAULTS),
    (args) => ctx.exit(runReport(args as unknown as ReportArgs, ctx.io, stderrProgress())),
  );
}

export function registerReport(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'report',
    'Build evidence packs from a snapshot: per framework a PDF, CSVs, a workbook (XLSX) and an HTML page, and OSCAL with --oscal',
    (yy) => reportOptions(yy, {}),
    (args) => ctx.exit(runReport(args as unknown as ReportArgs, ctx.io, stderrProgress())),
  );
}
