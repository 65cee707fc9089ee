/**
 * The command tree loads only the command being run; every other command is listed by the line
 * and description in run-cli's table. Those must be what each command's own module registers.
 */
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/command-context.js';
import { COMMANDS } from '../../src/cli/run-cli.js';

const ctx: CommandContext = { io: { out: () => undefined, err: () => undefined }, exit: async () => undefined };

/** The "Commands:" lines of a parser's help. */
async function commandLines(parser: ReturnType<typeof yargs>): Promise<string[]> {
  const help = await parser.scriptName('srmap').wrap(null).getHelp();
  const lines = help.split('\n');
  const start = lines.indexOf('Commands:');
  return lines.slice(start + 1, lines.findIndex((l, i) => i > start && l.trim() === '')).map((l) => l.trim().replace(/\s+/g, ' '));
}

describe('the command table', () => {
  it.each(COMMANDS.map((c) => [c.command, c] as const))('lists %s as its module registers it', async (_name, entry) => {
    const listed = await commandLines(yargs([]).command(entry.command, entry.describe));
    const registered = await commandLines((await entry.load())(yargs([]), ctx));
    expect(listed).toHaveLength(1);
    expect(registered).toEqual(listed);
  });
});
