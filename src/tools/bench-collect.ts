/**
 * Benchmark: `srmap collect` against the local Config+STS endpoint serving a generated organisation of
 * more than 100,000 evaluation results, by both routes:
 *   - account: one account, 4 regions, 100 rules per region (the account's own Config APIs);
 *   - aggregator: 10 accounts x 3 regions, 60 rules per pair (the aggregate APIs).
 * Prints, per route: wall time, API calls per 1,000 results, peak RSS of the collect process, and the
 * result count checked against what the endpoint served and what the estate holds.
 *   npm run build && npx tsx src/tools/bench-collect.ts [--throttle N]   (N: throttle every Nth results call; 0 = none)
 * The collect runs as a child process (the CLI as a user runs it), so the endpoint's memory does not
 * count in its peak RSS.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fakeAwsEnv, generateOrganisation, startFakeAws, totalResults } from '../../test/helpers/fake-config-endpoint.js';
import type { FakeEstate } from '../../test/helpers/fake-config-endpoint.js';

const { values } = parseArgs({ options: { throttle: { type: 'string', default: '0' } } });
const throttleEvery = Number(values.throttle);
const BIN = fileURLToPath(new URL('../../dist/cli/srmap.js', import.meta.url));

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function bench(label: string, estate: FakeEstate, key: string, args: string[]): Promise<void> {
  const expected = totalResults(estate);
  const fake = await startFakeAws(estate, {
    faults: throttleEvery > 0 ? [{ operation: label === 'aggregator' ? 'GetAggregateComplianceDetailsByConfigRule' : 'GetComplianceDetailsByConfigRule', status: 400, code: 'ThrottlingException', every: throttleEvery }] : [],
  });
  const dir = await mkdtemp(join(tmpdir(), 'srmap-bench-collect-'));
  try {
    const out = join(dir, 'snap');
    const env = { ...fakeAwsEnv(fake, key), SRMAP_RETRY_BASE_MS: '20' };
    const started = process.hrtime.bigint();
    const r = await run(['collect', ...args, '--out', out], env);
    const wallS = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.code !== 0) throw new Error(`${label}: collect exited ${String(r.code)}\n${r.stderr}\n${r.stdout}`);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; records: number }[] };
    const written = manifest.files.find((f) => f.path === 'evaluations.ndjson.gz')?.records ?? -1;
    const calls = /API calls ([\d,]+) \(([\d.]+) per 1,000 results/.exec(r.stdout);
    const peak = /peak memory (\d+) MB/.exec(r.stdout);
    const ok = written === expected && fake.stats.resultsServed === expected;
    console.log(
      [
        `${label}: ${estate.regions.length} account/region pairs, ${expected.toLocaleString('en-US')} results in the estate`,
        `  wall time ${wallS.toFixed(1)} s`,
        `  API calls ${calls?.[1] ?? '?'} (${calls?.[2] ?? '?'} per 1,000 results), endpoint saw ${fake.stats.requests.toLocaleString('en-US')} requests, ${fake.stats.faults} throttled`,
        `  peak RSS of the collect process ${peak?.[1] ?? '?'} MB`,
        `  results written ${written.toLocaleString('en-US')}, served ${fake.stats.resultsServed.toLocaleString('en-US')}, in the estate ${expected.toLocaleString('en-US')}: ${ok ? 'all collected, none twice' : 'MISMATCH'}`,
      ].join('\n'),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const account = generateOrganisation({ accounts: 1, regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'], rules: 100, resultsPerRule: (r, p) => 150 + ((r * 37 + p * 11) % 221) });
await bench('account', account, 'AKID100000000000', ['--regions', 'us-east-1,us-west-2,eu-west-1,eu-central-1']);

const org = generateOrganisation({ accounts: 10, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], rules: 60, resultsPerRule: (r, p) => 20 + ((r * 13 + p * 7) % 81) });
await bench('aggregator', org, 'AKID100000000000', ['--aggregator', 'org', '--concurrency', '8']);
