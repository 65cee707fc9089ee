/**
 * Every installed dependency with an install script has a decision in package.json's `allowScripts`
 * (npm 11), so `npm install` / `npm ci` in a clone end without "install scripts not yet covered by
 * allowScripts". Read-only: `npm install-scripts ls` only lists. Skipped where node_modules is a
 * link to another checkout's (a gate worktree sharing one): npm then sees every dependency as a
 * linked folder, lists their `prepare` too and applies no name-only allowScripts entry to them.
 * CI's `npm ci` makes a real node_modules.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, run } from '../helpers/run-srmap.js';

const linked = lstatSync(join(REPO_ROOT, 'node_modules')).isSymbolicLink();

describe('allowScripts', () => {
  it.skipIf(linked)('covers every installed dependency that has an install script', async () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
    const listed = await run('npm', ['install-scripts', 'ls'], { cwd: REPO_ROOT, env: { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.trim()).toBe('No packages with unreviewed install scripts.');
  });
});
