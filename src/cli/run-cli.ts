/** The yargs command tree. Commands return an exit code; errors are printed by formatError. */
import yargs from 'yargs';
import { resolve } from 'node:path';
import { loadCatalog } from '../catalog/load-catalog.js';
import { SrmapError } from '../domain/errors.js';
import { listFrameworks, showFramework } from './commands/frameworks.js';
import { DEMO_DEFAULTS, reportOptions, runReport, type ReportArgs } from './commands/report.js';
import { runValidate } from './commands/validate.js';
import { EXIT_INPUT, formatError } from './output.js';
import { FRAMEWORKS_DIR, TOOL_VERSION } from './paths.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const setCode = (p: Promise<number> | number) => Promise.resolve(p).then((c) => { exitCode = c; });
  const catalogOption = { type: 'string', default: FRAMEWORKS_DIR, defaultDescription: 'the shipped frameworks/', describe: 'Framework catalog directory' } as const;
  const parser = yargs([...argv])
    .scriptName('srmap')
    .usage('$0 <command> [options]\n\nAudit-ready compliance evidence from an AWS estate: HIPAA, PCI DSS 4.0.1, SOC 2, ISO 27001:2022.')
    .command(
      'demo',
      'Build the evidence pack for all four frameworks from the embedded sample snapshot',
      (y) => reportOptions(y, DEMO_DEFAULTS),
      (args) => setCode(runReport(args as unknown as ReportArgs, io)),
    )
    .command(
      'report',
      'Build evidence packs (PDF + CSV) from a snapshot',
      (y) => reportOptions(y, {}),
      (args) => setCode(runReport(args as unknown as ReportArgs, io)),
    )
    .command('frameworks', 'List frameworks or show one framework\'s requirement tree', (y) =>
      y
        .command('list', 'List the frameworks in the catalog', (yy) => yy.option('catalog', catalogOption), async (args) =>
          setCode(listFrameworks(await loadCatalog(resolve(args.catalog)), io)),
        )
        .command(
          'show <id>',
          'Print a framework\'s requirement tree with responsibility and controls',
          (yy) => yy.positional('id', { type: 'string', demandOption: true, describe: 'Framework id' }).option('catalog', catalogOption),
          async (args) => setCode(showFramework(await loadCatalog(resolve(args.catalog)), args.id, io)),
        )
        .demandCommand(1, 'Name a subcommand: list or show <id>.'),
    )
    .command(
      'validate',
      'Check the framework catalog, or with --snapshot an evidence snapshot (hashes and every record)',
      (y) => y.option('catalog', catalogOption).option('snapshot', { type: 'string', describe: 'Snapshot directory to check instead of the catalog' }),
      (args) => setCode(runValidate({ catalog: resolve(args.catalog), ...(args.snapshot ? { snapshot: resolve(args.snapshot) } : {}) }, io)),
    )
    .demandCommand(1, 'Name a command (see --help).')
    .strict()
    .recommendCommands()
    .version(TOOL_VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      throw new SrmapError('USAGE', msg, { hint: 'Run `srmap --help` or `srmap <command> --help`.' });
    });
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (e) {
    const { text, exitCode: code } = formatError(e);
    io.err(text);
    return code === 0 ? EXIT_INPUT : code;
  }
}
