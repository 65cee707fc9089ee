/** What a command module gets: where to print, and how to report its exit code. */
import type { Argv } from 'yargs';

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

/** --catalog: overlay folders laid over the shipped catalog (after srmap.yaml's `catalog:`); see catalog-options.ts. */
export const catalogOption = {
  type: 'array',
  string: true,
  describe: "Catalog overlay folder laid over the shipped catalog, after srmap.yaml's catalog: (repeat for more); a folder holding aws-config-managed-rules.json replaces the shipped catalog instead",
  defaultDescription: "the shipped catalog with srmap.yaml's catalog: overlays",
} as const;
