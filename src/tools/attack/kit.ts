/**
 * What the attack run's scenarios share: the srmap bin run as a user runs it, with CPU time and
 * peak memory from /usr/bin/time and a hard timeout (a hang is a failed check, not a hung run),
 * fresh temporary folders, and crafted snapshots.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotManifest } from '../../domain/snapshot.js';
import { hasHiddenCharacters } from '../../domain/visible-text.js';
import { rewriteSnapshot, type Rewrites } from '../../../test/helpers/rewrite-snapshot.js';

export interface Outcome {
  /** Exit code, or null when killed (by the timeout or a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** user + sys CPU seconds of the srmap process (from /usr/bin/time), NaN if unknown. */
  cpu: number;
  maxRssKb: number;
  wall: number;
  timedOut: boolean;
}

export interface CheckResult {
  ok: boolean;
  detail: string;
  /** A measured figure worth printing (seconds of CPU, bytes ...). */
  figure?: string;
}

export interface Scenario {
  category: string;
  name: string;
  run(kit: Kit): Promise<CheckResult>;
}

const TIME = '/usr/bin/time';

export class Kit {
  readonly bin: string;
  readonly repo: string;
  readonly work: string;
  readonly timeoutMs: number;
  private counter = 0;
  private cache = new Map<string, Promise<string>>();

  constructor(options: { bin: string; repo: string; work: string; timeoutMs: number }) {
    this.bin = options.bin;
    this.repo = options.repo;
    this.work = options.work;
    this.timeoutMs = options.timeoutMs;
  }

  get sample(): string {
    return join(this.repo, 'evidence', 'sample');
  }

  get previous(): string {
    return join(this.repo, 'evidence', 'sample-previous');
  }

  /** A fresh empty folder under the run's work folder. */
  async dir(name: string): Promise<string> {
    this.counter += 1;
    const d = join(this.work, `${String(this.counter).padStart(3, '0')}-${name}`);
    await mkdir(d, { recursive: true });
    return d;
  }

  /** Start srmap without waiting: for concurrency and kills. */
  start(args: readonly string[], cwd?: string): { child: ChildProcess; done: Promise<Outcome> } {
    return this.spawnTimed(args, cwd ?? this.work, this.timeoutMs);
  }

  /** Run srmap to the end (or the timeout) and collect what it printed and used. */
  srmap(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<Outcome> {
    return this.spawnTimed(args, options.cwd ?? this.work, options.timeoutMs ?? this.timeoutMs).done;
  }

  private spawnTimed(args: readonly string[], cwd: string, timeoutMs: number): { child: ChildProcess; done: Promise<Outcome> } {
    this.counter += 1;
    const timeFile = join(this.work, `.time-${this.counter}`);
    const useTime = existsSync(TIME);
    const command = useTime ? TIME : process.execPath;
    const argv = useTime ? ['-f', '%U %S %M', '-o', timeFile, process.execPath, this.bin, ...args] : [this.bin, ...args];
    const started = Date.now();
    const child = spawn(command, argv, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      if (stdout.length < 4_000_000) stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 4_000_000) stderr += d.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    const done = new Promise<Outcome>((resolve) => {
      child.on('close', async (code) => {
        clearTimeout(timer);
        const wall = (Date.now() - started) / 1000;
        let cpu = Number.NaN;
        let maxRssKb = Number.NaN;
        const times = await readFile(timeFile, 'utf8').catch(() => '');
        const m = /(\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(times);
        if (m) {
          cpu = Number(m[1]) + Number(m[2]);
          maxRssKb = Number(m[3]);
        }
        await rm(timeFile, { force: true });
        // /usr/bin/time reports a killed child as "Command terminated by signal": no exit code.
        const killed = /terminated by signal/.test(times) || timedOut;
        if (useTime) stderr = stderr.replace(/Command (exited with non-zero status \d+|terminated by signal \d+)\n?/g, '');
        resolve({ code: killed ? null : code, stdout, stderr, cpu, maxRssKb, wall, timedOut });
      });
    });
    return { child, done };
  }

  /** A copy of a snapshot under the work folder. */
  async copySnapshot(name: string, from = this.sample): Promise<string> {
    const d = join(await this.dir(name), 'snapshot');
    await cp(from, d, { recursive: true });
    return d;
  }

  /** A valid snapshot (written by srmap's writer) with records changed: hostile AWS data. */
  hostile(name: string, rewrites: Rewrites, manifestChange?: (m: SnapshotManifest) => SnapshotManifest): Promise<string> {
    let p = this.cache.get(name);
    if (!p) {
      p = this.dir(name).then((parent) => rewriteSnapshot(this.sample, parent, name, rewrites, manifestChange));
      this.cache.set(name, p);
    }
    return p;
  }
}

/** Replace a file of a snapshot and make its manifest agree: a crafted, self-consistent snapshot. */
export async function craftFile(dir: string, file: string, bytes: Buffer, records: number): Promise<void> {
  await writeFile(join(dir, file), bytes);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as SnapshotManifest;
  const entry = manifest.files.find((f) => f.path === file);
  if (!entry) throw new Error(`${file} is not listed`);
  entry.bytes = bytes.length;
  entry.records = records;
  entry.sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

/** Exit 2 with an srmap error, never a crash (exit 1, a stack trace) nor a timeout. */
export function userError(o: Outcome, code?: RegExp): CheckResult {
  const crash = /internal error|This is a bug|\n\s+at .*\(/.test(o.stderr);
  const ok = !o.timedOut && o.code === 2 && !crash && (code === undefined || code.test(o.stderr));
  return { ok, detail: o.timedOut ? `timed out after ${o.wall.toFixed(0)} s` : `exit ${String(o.code)}${crash ? ', crashed' : ''}: ${firstLine(o.stderr)}` };
}

export function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').slice(0, 160);
}

export function cpuFigure(o: Outcome): string {
  return o.timedOut ? `killed at ${o.wall.toFixed(0)} s wall` : `${o.cpu.toFixed(2)} s CPU, ${(o.maxRssKb / 1024).toFixed(0)} MB peak`;
}

/** No raw control or invisible character in `text` (a leading BOM of a CSV aside). */
export function noHidden(text: string): boolean {
  return !hasHiddenCharacters(text.replace(/^\uFEFF/, ''));
}
