/**
 * The package as a user gets it: `npm pack` of the checkout (dist/ built by the suite's global
 * setup), installed into an empty folder with `npm install <tarball>` from npm's cache, and run
 * with `npx srmap`. Installs offline when the cache holds everything; where it lacks registry
 * metadata (a cache filled by `npm ci` holds the tarballs only), npm may fetch just that.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, run, type RunResult } from './run-srmap.js';

export interface PackedTarball {
  file: string;
  bytes: number;
  unpackedBytes: number;
  files: string[];
}

export interface InstalledPackage {
  tarball: PackedTarball;
  /** The folder it was installed into (node_modules/srmap inside). */
  dir: string;
  /** How npm resolved the dependencies: from the cache alone, or the cache then the registry. */
  mode: 'offline' | 'prefer-offline';
  /** What `npm install <tarball>` printed on stderr (npm's warnings). */
  installStderr: string;
  npx(args: readonly string[]): Promise<RunResult>;
}

/** npm's environment without what `npm test` passes down (npm_config_local_prefix would point npm back at the checkout). */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
}

function npm(args: readonly string[], cwd: string): Promise<RunResult> {
  return run('npm', args, { cwd, env: npmEnv() });
}

function fail(what: string, r: RunResult): never {
  throw new Error(`${what} exited ${r.code}:\n${r.stderr || r.stdout}`);
}

export async function packAndInstall(workDir: string): Promise<InstalledPackage> {
  await mkdir(workDir, { recursive: true });
  // With its scripts, as a user packs: prepack (src/tools/prepack.ts) finds dist/ current (the
  // global setup built it) and packs package.json without `prepare`; postpack puts it back.
  const packed = await npm(['pack', '--json', '--pack-destination', workDir], REPO_ROOT);
  if (packed.code !== 0) fail('npm pack', packed);
  const [info] = JSON.parse(packed.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  if (!info) fail('npm pack (no JSON)', packed);
  const tarball = { file: join(workDir, info.filename), bytes: info.size, unpackedBytes: info.unpackedSize, files: info.files.map((f) => f.path).sort() };

  const dir = join(workDir, 'app');
  await mkdir(dir);
  let mode: InstalledPackage['mode'] = 'offline';
  let installed = await npm(['install', '--offline', tarball.file], dir);
  if (installed.code !== 0 && /ENOTCACHED/.test(installed.stderr)) {
    mode = 'prefer-offline';
    installed = await npm(['install', '--prefer-offline', tarball.file], dir);
  }
  if (installed.code !== 0) fail(`npm install ${tarball.file}`, installed);
  return { tarball, dir, mode, installStderr: installed.stderr, npx: (args) => run('npx', ['--no', '--', 'srmap', ...args], { cwd: dir, env: npmEnv() }) };
}
