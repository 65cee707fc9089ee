/**
 * The README's Usage block against the CLI's own --help, so that neither drifts from the other:
 * every command and subcommand --help lists has a line there, every line names a command that
 * exists, and every --option a line shows is one that command's --help lists. Run in process.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS, runCli } from '../../src/cli/run-cli.js';
import { REPO_ROOT } from '../helpers/run-srmap.js';

/** What `srmap ARGS --help` prints (yargs writes help with console.log). */
async function helpOf(args: readonly string[]): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  try {
    const code = await runCli([...args, '--help'], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code, args.join(' ')).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

/** `srmap frameworks list`, ... from a help text's Commands: section (empty when it has none). */
function subcommandsOf(help: string, command: string): string[] {
  const re = new RegExp(`^\\s+srmap ${command} ([a-z-]+)`, 'gm');
  return [...help.matchAll(re)].map((m) => `${command} ${m[1] ?? ''}`);
}

async function usageLines(): Promise<string[]> {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /## Usage\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block.split('\n').filter((l) => l.startsWith('npx srmap '));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the README's Usage block", () => {
  it('has a line for every command and subcommand, names none that does not exist, and shows only options the command has', async () => {
    const lines = await usageLines();
    expect(lines.length).toBeGreaterThan(10);
    const helps = new Map<string, string>();
    for (const entry of COMMANDS) {
      const name = entry.command.split(' ')[0] ?? '';
      const help = await helpOf([name]);
      const subs = subcommandsOf(help, name);
      if (subs.length === 0) helps.set(name, help);
      for (const sub of subs) helps.set(sub, await helpOf(sub.split(' ')));
    }
    // Each line's command: its first word (or `a|b` for several), and the second when that is a subcommand.
    const named = lines.map((l) => {
      const words = l.slice('npx srmap '.length).split(/\s+/);
      const first = (words[0] ?? '').split('|');
      return first.map((w) => (helps.has(`${w} ${words[1] ?? ''}`) ? `${w} ${words[1] ?? ''}` : w));
    });
    for (const command of helps.keys()) expect(named.some((n) => n.includes(command)), `README Usage has no line for srmap ${command}`).toBe(true);
    lines.forEach((line, i) => {
      for (const command of named[i] ?? []) {
        if (command === '--help') continue;
        const help = helps.get(command);
        expect(help, `README Usage: srmap ${command} is not a command`).toBeDefined();
        const options = (line.split('#')[0] ?? '').match(/--[a-z][a-z-]*/g) ?? [];
        for (const o of options) expect(help, `README Usage: srmap ${command} has no ${o}`).toMatch(new RegExp(`^\\s+${o}\\b`, 'm'));
      }
    });
  });
});
