/** The yargs command tree. Each command registers itself from commands/; errors are printed by formatError. */
import yargs, { type Argv } from 'yargs';
import { SrmapError } from '../domain/errors.js';
import { toVisibleText } from '../domain/visible-text.js';
import type { CommandContext, Io, RegisterCommand } from './command-context.js';
import { EXIT_INPUT, formatError } from './output.js';
import { TOOL_VERSION } from './paths.js';

export type { Io } from './command-context.js';

export interface CommandEntry {
  /** As the module registers it: the name, then its positionals. */
  command: string;
  describe: string;
  /** The command's module, imported only when that command runs: `--version` and `--help` load none. */
  load: () => Promise<RegisterCommand>;
}

/**
 * Every command, in the order --help lists them. Add a command here and in its own module, with
 * the same command line and description (a test checks that they agree).
 */
export const COMMANDS: readonly CommandEntry[] = [
  { command: 'demo', describe: 'Build the evidence pack for every framework of the sample working folder from the embedded sample snapshot', load: async () => (await import('./commands/report.js')).registerDemo },
  { command: 'init [dir]', describe: 'Scaffold a working folder: srmap.yaml, an evidence register to fill, owners.yaml, exceptions.yaml, applicability.yaml, README', load: async () => (await import('./commands/init.js')).registerInit },
  { command: 'report', describe: 'Build evidence packs from a snapshot: per framework a PDF, CSVs, a workbook (XLSX) and an HTML page, and OSCAL with --oscal', load: async () => (await import('./commands/report.js')).registerReport },
  { command: 'export', describe: 'Export the evaluation in another format: `srmap export oscal` writes OSCAL 1.1.2 JSON', load: async () => (await import('./commands/export.js')).registerExport },
  { command: 'collect', describe: 'Collect AWS Config evidence (one account, several regions, or an organisation aggregator) into a new snapshot', load: async () => (await import('./commands/collect.js')).registerCollect },
  { command: 'verify [snapshot]', describe: 'Recompute every hash of a snapshot, a pack (--pack) or a bundle (FILE.zip), check its signature, and name what was altered (exit 2)', load: async () => (await import('./commands/verify.js')).registerVerify },
  { command: 'bundle', describe: 'One zip for the auditor: the pack, the snapshot manifest and the documents that decided manual evidence, signed (verify FILE.zip checks it)', load: async () => (await import('./commands/bundle.js')).registerBundle },
  { command: 'keys', describe: 'Make an Ed25519 key pair to sign snapshots, packs and bundles with (keys init DIR)', load: async () => (await import('./commands/keys.js')).registerKeys },
  { command: 'frameworks', describe: "List frameworks, show one framework's requirement tree, or crosswalk the common controls", load: async () => (await import('./commands/frameworks.js')).registerFrameworks },
  { command: 'validate', describe: 'Check the catalog and the working folder (srmap.yaml, or only the files --register / --owners / --exceptions / --applicability name), a snapshot, or OSCAL files', load: async () => (await import('./commands/validate.js')).registerValidate },
  { command: 'snapshots', describe: 'List evidence snapshots', load: async () => (await import('./commands/snapshots.js')).registerSnapshots },
  { command: 'diff <old> <new>', describe: 'What changed between two snapshots: scope, requirements, resources, rules, evidence and exceptions', load: async () => (await import('./commands/diff.js')).registerDiff },
  { command: 'answer <questionnaire>', describe: 'Draft answers to a security questionnaire (XLSX, CSV or TSV) from the evaluated evidence and the organisation profile, with citations', load: async () => (await import('./commands/answer.js')).registerAnswer },
];

const nameOf = (entry: CommandEntry): string => entry.command.split(' ')[0] ?? entry.command;

/** The command a command line runs: its first word that is not an option. */
function commandNamed(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

/** What reaches the terminal: nothing hidden (an ESC from AWS data cannot drive it); a leading BOM (CSV on stdout) kept. */
export function toConsole(line: string): string {
  return line.startsWith('\uFEFF') ? `\uFEFF${toVisibleText(line.slice(1))}` : toVisibleText(line);
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${toConsole(line)}\n`),
  err: (line) => process.stderr.write(`${toConsole(line)}\n`),
};

export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const ctx: CommandContext = {
    io,
    exit: (code) => Promise.resolve(code).then((c) => { exitCode = c; }),
  };
  try {
    const parser = await buildParser(argv, ctx);
    await parser.parseAsync();
    return exitCode;
  } catch (e) {
    const { text, exitCode: code } = formatError(e);
    io.err(text);
    return code === 0 ? EXIT_INPUT : code;
  }
}

async function buildParser(argv: readonly string[], ctx: CommandContext): Promise<Argv> {
  let parser: Argv = yargs([...argv])
    .scriptName('srmap')
    .usage('$0 <command> [options]\n\nAudit-ready compliance evidence from an AWS estate: HIPAA, PCI DSS 4.0.1, SOC 2, ISO 27001:2022, NIST CSF 2.0, and frameworks of your own.');
  // The command being run is registered whole; the others only by name, for --help and suggestions.
  const running = commandNamed(argv);
  for (const entry of COMMANDS) {
    parser = nameOf(entry) === running ? (await entry.load())(parser, ctx) : parser.command(entry.command, entry.describe);
  }
  return parser
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
      const entry = COMMANDS.find((c) => nameOf(c) === running);
      const unknown = unknownArguments(msg, argv);
      // The command and subcommand run (`frameworks show`), for the message and the --help to read.
      const lead = argv.findIndex((a) => a.startsWith('-'));
      const words = argv.slice(0, lead === -1 ? argv.length : lead).slice(0, entry !== undefined && /[<[]/.test(entry.command) ? 1 : 2);
      const missing = entry ? missingArguments(msg, entry.command.includes('<') ? entry.command : words.join(' ')) ?? missingOptions(msg, words.join(' ')) : undefined;
      const own = entry && (unknown ?? missing) !== undefined;
      throw new SrmapError('USAGE', unknown ?? missing ?? msg, { hint: own ? `\`srmap ${words.join(' ')} --help\` says what each argument and option is.` : 'Run `srmap --help` or `srmap <command> --help`.' });
    });
}

/** yargs's 'Not enough non-option arguments: got 1, need at least 2', as the command's own line: `srmap diff <old> <new>`. */
function missingArguments(msg: string, command: string): string | undefined {
  const m = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(msg);
  return m ? `srmap ${command} needs ${m[2] ?? ''} argument(s); ${m[1] ?? ''} given.` : undefined;
}

/** yargs's 'Missing required arguments: pack, out' (options, named without their dashes), as options. */
function missingOptions(msg: string, command: string): string | undefined {
  const names = /^Missing required arguments?: (.+)$/.exec(msg)?.[1]?.split(', ');
  return names ? `srmap ${command} needs ${names.map((n) => (n.length === 1 ? `-${n}` : `--${n}`)).join(' and ')}.` : undefined;
}

/**
 * yargs names an unknown option twice (`Unknown arguments: bogus-flag, bogusFlag`: the camel-case
 * alias it derives) and without its dashes: say each once, as the user typed it.
 */
function unknownArguments(msg: string, argv: readonly string[]): string | undefined {
  const listed = /^Unknown arguments?: (.+)$/.exec(msg)?.[1]?.split(', ');
  if (!listed) return undefined;
  const camel = (n: string) => n.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const derived = new Set(listed.filter((n) => n.includes('-')).map(camel));
  const typed = (n: string) => argv.find((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `-${n}`)?.split('=')[0] ?? n;
  const names = listed.filter((n) => !derived.has(n) || n.includes('-')).map(typed);
  return `Unknown ${names.length === 1 ? 'argument' : 'arguments'}: ${names.join(', ')}`;
}
