/**
 * `srmap ... | head`: when the reader closes stdout early, srmap stops quietly (exit 0, nothing on
 * stderr) instead of dying on an unhandled EPIPE with a stack trace. `frameworks show` prints far
 * more than a pipe holds, so it is still writing when the reader goes.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SRMAP_BIN, timeoutFor } from '../helpers/run-srmap.js';

describe('stdout closed by the reader', () => {
  it('stops quietly with exit 0', async () => {
    const child = spawn(process.execPath, [SRMAP_BIN, 'frameworks', 'show', 'pci-dss-4.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = 0;
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.stdout.once('data', (c: Buffer) => {
      read = c.length;
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(read).toBeGreaterThan(0);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, timeoutFor(5));
});
