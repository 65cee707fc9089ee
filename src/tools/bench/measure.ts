/**
 * Runs one srmap command in a child process and measures it: wall time, CPU time (user + sys) and
 * peak RSS of that process, worker threads included. The figures come from the child itself: a
 * preloaded module writes process.resourceUsage() when it exits.
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  code: number;
  stderr: string;
}

const PROBE = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs";' +
    'process.on("exit", () => writeFileSync(process.env.SRMAP_BENCH_PROBE, JSON.stringify(process.resourceUsage())));',
)}`;

/** `node <cli> ...args`, measured. Throws if it exits non-zero, with its stderr. */
export async function measureCli(cli: string, args: readonly string[], options: { cwd?: string } = {}): Promise<Measured> {
  const probe = join(tmpdir(), `srmap-bench-probe-${process.pid}-${Date.now()}.json`);
  const started = process.hrtime.bigint();
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PROBE, cli, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, SRMAP_BENCH_PROBE: probe, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c ?? -1, stderr: err }));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`node ${cli} ${args.join(' ')} exited ${code}:\n${stderr}`);
  const usage = JSON.parse(await readFile(probe, 'utf8')) as NodeJS.ResourceUsage;
  await rm(probe, { force: true });
  return {
    seconds,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssMb: usage.maxRSS / 1024,
    code,
    stderr,
  };
}

/** The fastest of `n` runs (the machine is shared: the minimum is the least disturbed). */
export async function fastestOf(n: number, run: () => Promise<Measured>): Promise<Measured> {
  let best: Measured | undefined;
  for (let i = 0; i < n; i++) {
    const m = await run();
    if (!best || m.seconds < best.seconds) best = m;
  }
  return best as Measured;
}

/** Per figure, the median of the runs (wall, CPU and peak each on its own; the other fields of the first run). */
export function medianOf<T extends { seconds: number; cpuSeconds: number; peakRssMb?: number }>(runs: readonly T[]): T {
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  };
  const first = runs[0];
  if (first === undefined) throw new Error('medianOf: no runs');
  return {
    ...first,
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    ...(first.peakRssMb === undefined ? {} : { peakRssMb: median(runs.map((r) => r.peakRssMb ?? 0)) }),
  };
}
