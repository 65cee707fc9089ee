/**
 * Mistakes a new user makes on a first walk through the README (found from the packed tarball):
 * each is exit 2 with what, where and what to do, never an internal error. Run in process.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe("a new user's mistakes are exit 2 with what to do", () => {
  it('srmap verify with nothing to verify: a usage error naming the three forms, not an internal error', async () => {
    const r = await run(['verify']);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/internal error|This is a bug|\n\s+at /);
    expect(r.err).toMatch(/^srmap: error \[USAGE\]: Name what to verify: a snapshot or pack directory, or a bundle FILE\.zip\.\nhint: e\.g\. `srmap verify /);
    const both = await run(['verify', 'a', '--pack', 'b']);
    expect([both.code, both.err]).toEqual([2, expect.stringMatching(/Give a or --pack b, not both\./)]);
  });

  it("a misspelt option is named once, as typed, with the command's own --help", async () => {
    const r = await run(['frameworks', 'list', '--bogus-flag', '--formt=csv']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('srmap: error [USAGE]: Unknown arguments: --bogus-flag, --formt\nhint: `srmap frameworks --help` lists its options.');
    const extra = await run(['export', 'pdf']);
    expect([extra.code, extra.err]).toEqual([2, expect.stringMatching(/^srmap: error \[USAGE\]: Unknown argument: pdf\n/)]);
  });
});
