/** What a command module gets: where to print, and how to report its exit code. */
import type { Argv } from 'yargs';
import { FRAMEWORKS_DIR } from './paths.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export interface CommandContext {
  io: Io;
  /** Commands return (or resolve to) their exit code through this. */
  exit(code: Promise<number> | number): Promise<void>;
}

/** Adds one command (and its subcommands) to the yargs tree. One module per command. */
export type RegisterCommand = (y: Argv, ctx: CommandContext) => Argv;

export const catalogOption = {
  type: 'string',
  default: FRAMEWORKS_DIR,
  defaultDescription: 'the shipped frameworks/',
  describe: 'Framework catalog directory',
} as const;
