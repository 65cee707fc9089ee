/** The yargs command tree. Each command registers itself from commands/; errors are printed by formatError. */
import yargs, { type Argv } from 'yargs';
import { SrmapError } from '../domain/errors.js';
import type { CommandContext, Io, RegisterCommand } from './command-context.js';
import { registerFrameworks } from './commands/frameworks.js';
import { registerDemo, registerReport } from './commands/report.js';
import { registerValidate } from './commands/validate.js';
import { registerDiff } from './commands/diff.js';
import { registerSnapshots } from './commands/snapshots.js';
import { registerInit } from './commands/init.js';
import { registerAnswer } from './commands/answer.js';
import { registerCollect } from './commands/collect.js';
import { registerVerify } from './commands/verify.js';
import { EXIT_INPUT, formatError } from './output.js';
import { TOOL_VERSION } from './paths.js';

export type { Io } from './command-context.js';

/** Every command, in the order --help lists them. Add a command here and in its own module. */
const COMMANDS: readonly RegisterCommand[] = [registerDemo, registerInit, registerReport, registerCollect, registerVerify, registerFrameworks, registerValidate, registerSnapshots, registerDiff, registerAnswer];

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const ctx: CommandContext = {
    io,
    exit: (code) => Promise.resolve(code).then((c) => { exitCode = c; }),
  };
  let parser: Argv = yargs([...argv])
    .scriptName('srmap')
    .usage('$0 <command> [options]\n\nAudit-ready compliance evidence from an AWS estate: HIPAA, PCI DSS 4.0.1, SOC 2, ISO 27001:2022.');
  for (const register of COMMANDS) parser = register(parser, ctx);
  parser = parser
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
