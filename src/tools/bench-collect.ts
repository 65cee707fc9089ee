/**
 * Benchmark: `srmap collect` against the local Config+STS endpoint serving a generated organisation of
 * more than 100,000 evaluation results, by both routes:
 *   - account: one account, 4 regions, 100 rules per region (the account's own Config APIs);
 *   - aggregator: 10 accounts x 3 regions, 60 rules per pair (the aggregate APIs).
 * Prints, per route: wall time (the fastest of --runs), the collect process's CPU time (user + sys)
 * and peak RSS (from /usr/bin/time), API calls per 1,000 results, throttled and failed answers, and
 * the results written per compliance type against what the estate holds (the aggregate route can
 * hold only COMPLIANT and NON_COMPLIANT).
 *
 *   npm run build && npx tsx src/tools/bench-collect.ts [--storm] [--throttle N] [--runs N] [--route account|aggregator]
 *                                      [--bin path/to/srmap.js] [--env NAME=VALUE ...]
 *
 * --storm: 15% of all AWS calls throttled and 3% answered with a 5xx, drawn at random with a fixed
 * seed (issue 21: a throttling storm must cost seconds, not minutes, and lose no page). --throttle N:
 * throttle every Nth results call instead. --bin runs another build of the CLI (e.g. an older
 * checkout) against the same endpoint; --env passes retry settings (SRMAP_RETRY_BASE_MS, ...).
 * The collect runs as a child process (the CLI as a user runs it), so the endpoint's memory and CPU
 * do not count in its figures. The machine may be shared: read CPU time as the steadier figure.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fakeAwsEnv, generateOrganisation, resultsByType, startFakeAws } from '../../test/helpers/fake-config-endpoint.js';
import type { FakeEstate, FakeFault } from '../../test/helpers/fake-config-endpoint.js';

const { values } = parseArgs({
  options: {
    storm: { type: 'boolean', default: false },
    throttle: { type: 'string', default: '0' },
    runs: { type: 'string', default: '1' },
    route: { type: 'string' },
    bin: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
  },
});
const throttleEvery = Number(values.throttle);
const runs = Math.max(1, Number(values.runs));
const BIN = values.bin ?? fileURLToPath(new URL('../../dist/cli/srmap.js', import.meta.url));
const extraEnv = Object.fromEntries((values.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  wallS: number;
  cpuS?: number;
  peakMb?: number;
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const cmd = TIME ? [TIME, '-f', 'srmap-bench-time %U %S %M', process.execPath, BIN, ...args] : [process.execPath, BIN, ...args];
    const started = process.hrtime.bigint();
    const child = spawn(cmd[0] as string, cmd.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      const t = /srmap-bench-time ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      resolve({ code, stdout, stderr, wallS, ...(t ? { cpuS: Number(t[1]) + Number(t[2]), peakMb: Number(t[3]) / 1024 } : {}) });
    });
  });
}

function faults(label: string): FakeFault[] {
  if (values.storm) {
    // 15% throttled, then 3% of all calls a 5xx (0.03 / 0.85 of the rest).
    return [
      { probability: 0.15, status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
      { probability: 0.03 / 0.85, status: 500, code: 'InternalFailure', message: 'Internal failure (storm)' },
    ];
  }
  if (throttleEvery > 0) return [{ operation: label === 'aggregator' ? 'GetAggregateComplianceDetailsByConfigRule' : 'GetComplianceDetailsByConfigRule', status: 400, code: 'ThrottlingException', every: throttleEvery }];
  return [];
}

const fmt = (n: number) => n.toLocaleString('en-US');

async function bench(label: string, estate: FakeEstate, key: string, args: string[]): Promise<void> {
  const truth = resultsByType(estate);
  const expected = label === 'aggregator' ? { COMPLIANT: truth.COMPLIANT, NON_COMPLIANT: truth.NON_COMPLIANT } : truth;
  const expectedTotal = Object.values(expected).reduce((a, b) => a + b, 0);
  const best: { r: Run; requests: number; faults: number; written: Record<string, number> }[] = [];
  for (let i = 0; i < runs; i++) {
    const fake = await startFakeAws(estate, { faults: faults(label), seed: 20261129 + i });
    const dir = await mkdtemp(join(tmpdir(), 'srmap-bench-collect-'));
    try {
      const out = join(dir, 'snap');
      const env = { ...fakeAwsEnv(fake, key), SRMAP_RETRY_BASE_MS: '', ...extraEnv };
      const r = await run(['collect', ...args, '--out', out], env);
      if (r.code !== 0 && r.code !== 3) throw new Error(`${label}: collect exited ${String(r.code)}\n${r.stderr}\n${r.stdout}`);
      const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { sources: { counts?: Record<string, number> }[]; gaps: unknown[] };
      const written: Record<string, number> = {};
      for (const s of manifest.sources) for (const t of ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']) written[t] = (written[t] ?? 0) + (s.counts?.[t] ?? 0);
      written.gaps = manifest.gaps.length;
      best.push({ r, requests: fake.stats.requests, faults: fake.stats.faults, written });
    } finally {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  best.sort((a, b) => a.r.wallS - b.r.wallS);
  const fastest = best[0];
  if (!fastest) return;
  const { r, written } = fastest;
  const calls = /API calls ([\d,]+) \(([\d.]+) per 1,000 results; ([\d,]+) throttled, ([\d,]+) failed/.exec(r.stdout);
  const waits = /; ([\d.]+) s of retry waits/.exec(r.stdout);
  const perType = Object.entries(expected).map(([t, n]) => `${t} ${fmt(written[t] ?? 0)}/${fmt(n)}`).join(', ');
  const ok = Object.entries(expected).every(([t, n]) => written[t] === n) && written.gaps === 0;
  console.log(
    [
      `${label}: ${estate.regions.length} account/region pairs, ${fmt(expectedTotal)} results the route can give${values.storm ? ', storm: 15% throttled + 3% 5xx' : throttleEvery > 0 ? `, every ${throttleEvery}th results call throttled` : ''}`,
      `  wall time ${r.wallS.toFixed(1)} s (fastest of ${runs}: ${best.map((b) => b.r.wallS.toFixed(1)).join(', ')} s)${r.cpuS !== undefined ? `, CPU ${r.cpuS.toFixed(1)} s (user+sys)` : ''}${r.peakMb !== undefined ? `, peak RSS ${r.peakMb.toFixed(0)} MB` : ''}`,
      `  API calls ${calls?.[1] ?? '?'} (${calls?.[2] ?? '?'} per 1,000 results; ${calls?.[3] ?? '?'} throttled, ${calls?.[4] ?? '?'} failed${waits ? `, ${waits[1] ?? '?'} s of retry waits summed over calls` : ''}), endpoint saw ${fmt(fastest.requests)} requests, ${fmt(fastest.faults)} faults`,
      `  results written per type against the estate: ${perType}; gaps ${written.gaps ?? 0}: ${ok ? 'every page collected, none twice' : 'MISMATCH'}`,
    ].join('\n'),
  );
  if (!ok) process.exitCode = 1;
}

if (values.route !== 'aggregator') {
  const account = generateOrganisation({ accounts: 1, regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'], rules: 100, resultsPerRule: (r, p) => 150 + ((r * 37 + p * 11) % 221) });
  await bench('account', account, 'AKID100000000000', ['--regions', 'us-east-1,us-west-2,eu-west-1,eu-central-1']);
}
if (values.route !== 'account') {
  const org = generateOrganisation({ accounts: 10, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], rules: 60, resultsPerRule: (r, p) => 20 + ((r * 13 + p * 7) % 81) });
  await bench('aggregator', org, 'AKID100000000000', ['--aggregator', 'org', '--concurrency', '8']);
}
