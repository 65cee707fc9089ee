/**
 * Live smoke test against real AWS: runs only where real credentials are present in the environment
 * (AWS_ACCESS_KEY_ID with AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a web identity / container role),
 * and never when an endpoint override points the SDK elsewhere. SRMAP_SKIP_LIVE=1 skips it anyway.
 * Read-only: `srmap collect` in one region (AWS_REGION, default us-east-1), then `srmap verify`; then
 * the AWS Artifact listing (no documents: the terms are not accepted here).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSrmap } from '../helpers/run-srmap.js';

const env = process.env;
const hasCredentials = Boolean(
  (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
);
const redirected = Object.keys(env).some((k) => k.startsWith('AWS_ENDPOINT_URL') && env[k]);
const live = hasCredentials && !redirected && env.SRMAP_SKIP_LIVE !== '1';
const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-live-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

describe.runIf(live)(`live AWS (${region}): needs real credentials`, () => {
  it('collects one region into a snapshot that verifies, with no credential in it', async () => {
    const out = join(work, 'config');
    const run = await runSrmap(['collect', '--regions', region, '--out', out]);
    // 0: complete; 3: written with gaps (for example AWS Config not recording in this region).
    expect([0, 3], run.stderr).toContain(run.code);
    expect(lastLine(run.stdout)).toBe(out);
    const verify = await runSrmap(['verify', out, '--json']);
    expect(verify.code, verify.stderr).toBe(0);
    const report = JSON.parse(verify.stdout) as { ok: boolean; counts: { accounts: number; regions: number } };
    expect(report).toMatchObject({ ok: true, counts: { accounts: 1, regions: 1 } });
    const secret = env.AWS_SECRET_ACCESS_KEY;
    if (secret) {
      for (const f of await readdir(out)) {
        if (f.endsWith('.gz')) continue;
        expect(await readFile(join(out, f), 'utf8'), f).not.toContain(secret);
      }
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  }, 600_000);

  it('lists the AWS Artifact reports and agreements (or records why not) without downloading any', async () => {
    const out = join(work, 'artifact');
    const run = await runSrmap(['collect', '--artifact-only', '--out', out]);
    expect([0, 3], run.stderr).toContain(run.code);
    expect(run.stdout).toMatch(/AWS Artifact: \d+ reports, \d+ agreements, 0 documents downloaded/);
    const verify = await runSrmap(['verify', out]);
    expect(verify.code, verify.stderr).toBe(0);
  }, 300_000);
});
