/**
 * Runs the real CLI as a user does: the compiled bin (node dist/cli/srmap.js ...), which the suite's
 * global setup builds from the current sources, capturing output and exit code.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The package's bin, as `npm install` puts it on PATH. */
export const SRMAP_BIN = fileURLToPath(new URL('../../dist/cli/srmap.js', import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A test's timeout, sized to the work it does rather than to a quiet machine: `idleSeconds` is
 * what that work takes on two idle cores. The slack (20x, at least the suite's default minute)
 * covers a machine many times busier than its cores: the suite is checked beside four busy
 * processes, and on a shared machine several suites run at once. A timeout is there to catch a
 * hang, not to measure speed (that is `npm run bench`). SRMAP_TEST_SLACK changes the factor.
 */
export function timeoutFor(idleSeconds: number): number {
  const slack = Number(process.env.SRMAP_TEST_SLACK ?? 20);
  return Math.max(60_000, Math.ceil(idleSeconds * 1000 * (Number.isFinite(slack) && slack > 0 ? slack : 20)));
}

/** Runs `command args` and collects its output; never rejects on a non-zero exit. */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function runSrmap(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return run(process.execPath, [SRMAP_BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env } });
}
