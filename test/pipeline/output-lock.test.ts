import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireOutputLock, isOwnerAlive } from '../../src/pipeline/output-lock.js';

/** A zombie: `sleep 0` exits and its parent, exec'd into `sleep 5`, never reaps it. Returns its pid and a way to end it. */
async function zombie(): Promise<{ pid: number; end: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  await new Promise((r) => setTimeout(r, 300));
  return { pid, end: () => parent.kill('SIGKILL') };
}

describe('output lock ownership', () => {
  it('a killed process not yet reaped (a zombie) holds no lock; a running one does', async () => {
    const z = await zombie();
    try {
      expect(isOwnerAlive({ pid: z.pid, host: hostname(), startedAt: '', command: 'report' })).toBe(false);
      expect(isOwnerAlive({ pid: process.pid, host: hostname(), startedAt: '', command: 'report' })).toBe(true);
      expect(isOwnerAlive({ pid: z.pid, host: 'another-host', startedAt: '', command: 'report' })).toBe(true);
      const dir = await mkdtemp(join(tmpdir(), 'srmap-lock-'));
      await writeFile(join(dir, '.out.lock'), JSON.stringify({ pid: z.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'report' }));
      const lock = await acquireOutputLock(join(dir, 'out'), 'report');
      expect(lock.reclaimedFrom?.pid).toBe(z.pid);
      await lock.release();
      await rm(dir, { recursive: true, force: true });
    } finally {
      z.end();
    }
  });
});
