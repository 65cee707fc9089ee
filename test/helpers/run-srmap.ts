/**
 * Runs the real CLI as a user does: the compiled bin (node dist/cli/srmap.js ...), which the suite's
 * global setup builds from the current sources, capturing output and exit code. runSrmapInProcess
 * runs the same compiled command tree inside the test's process, for the many quick checks (a bad
 * input, a verdict) where a new process would cost more than the command itself.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type * as RunCliModule from '../../src/cli/run-cli.js';

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

/**
 * The compiled command tree (dist/cli/run-cli.js), loaded once per test worker by Node itself:
 * vitest.config.ts leaves dist/ to Node's own loader, so this is the code the bin runs, with its
 * catalog cache, not the sources through vitest's transform.
 */
let compiled: Promise<typeof RunCliModule> | undefined;
const loadCompiledCli = () => (compiled ??= import(pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'run-cli.js')).href) as Promise<typeof RunCliModule>);

/** One in-process run at a time per worker: each one swaps the process's environment, directory and output streams. */
let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `srmap args` as runSrmap does (same arguments, cwd, env with NO_COLOR=1, captured stdout,
 * stderr and exit code), but inside this process: the bin's runCli from dist/, its io lines turned
 * into terminal text as the bin prints them (toConsole). For the run, `options.env` is laid over
 * process.env (a key set to undefined is removed), the working directory is `options.cwd` (the
 * repository by default), and whatever a command writes to process.stdout or process.stderr
 * directly (report's and collect's progress) or through console.log and console.error (yargs's help
 * and version) is captured too, with neither stream a terminal, as in a spawned child. Everything is
 * put back afterwards. For commands that finish what they start; a
 * whole report or collect (worker threads, signal handlers) is better run as a process.
 */
export function runSrmapInProcess(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const result = inProcessQueue.then(() => runInProcess(args, options));
  inProcessQueue = result.catch(() => undefined);
  return result;
}

async function runInProcess(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  const { runCli, toConsole } = await loadCompiledCli();
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', ...options.env };
  const savedEnv = Object.keys(env).map((k) => [k, process.env[k]] as const);
  const savedCwd = process.cwd();
  const streams = [process.stdout, process.stderr] as { write: typeof process.stdout.write; isTTY?: boolean; columns?: number }[];
  const savedStreams = streams.map(({ write, isTTY, columns }) => ({ write, isTTY, columns }));
  const { log, error } = console;
  const capture = (add: (text: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      add(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (done) queueMicrotask(done);
      return true;
    }) as typeof process.stdout.write;
  const toOut = (t: string) => (stdout += t);
  const toErr = (t: string) => (stderr += t);
  try {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    process.chdir(options.cwd ?? REPO_ROOT);
    streams.forEach((s, i) => {
      s.write = capture(i === 0 ? toOut : toErr);
      s.isTTY = undefined;
      s.columns = undefined;
    });
    console.log = (...a: unknown[]) => toOut(`${format(...a)}\n`);
    console.error = (...a: unknown[]) => toErr(`${format(...a)}\n`);
    const code = await runCli(args, { out: (line) => toOut(`${toConsole(line)}\n`), err: (line) => toErr(`${toConsole(line)}\n`) });
    return { code, stdout, stderr };
  } finally {
    streams.forEach((s, i) => Object.assign(s, savedStreams[i]));
    console.log = log;
    console.error = error;
    process.chdir(savedCwd);
    for (const [k, v] of savedEnv) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
