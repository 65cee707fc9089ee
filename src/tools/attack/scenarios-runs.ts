/** Two runs on one output, and runs killed mid-way: nothing looks complete that is not. */
import { existsSync } from 'node:fs';
import { readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { userError, type Kit, type Scenario } from './kit.js';

const report = (kit: Kit, out: string) => ['report', '--snapshot', kit.sample, '--framework', 'hipaa-security', '--out', out];

async function waitFor(path: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

/** Is `dir` a whole pack: a manifest whose every listed file is there with its size? */
async function isWholePack(dir: string): Promise<boolean> {
  try {
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string; bytes: number }[] };
    for (const f of m.files) if ((await readFile(join(dir, f.path))).length !== f.bytes) return false;
    return m.files.length > 0;
  } catch {
    return false;
  }
}

function killDuring(signal: NodeJS.Signals, afterMs: number): Scenario {
  return {
    category: 'concurrent runs and kills',
    name: `report killed with ${signal} ${afterMs} ms into the run, over an earlier pack: the earlier pack stays whole, the next run reclaims and completes`,
    async run(kit) {
      const d = await kit.dir(`kill-${signal}`);
      const out = join(d, 'pack');
      const first = await kit.srmap([...report(kit, out), '--quiet']);
      const { child, done } = kit.start([...report(kit, out), '--quiet']);
      await waitFor(join(d, '.pack.lock'), 60_000);
      await new Promise((r) => setTimeout(r, afterMs));
      try {
        // The srmap process is the child of /usr/bin/time: signal the group.
        process.kill(-(child.pid ?? 0), signal);
      } catch {
        // finished already
      }
      const killed = await done;
      const whole = await isWholePack(out);
      const next = await kit.srmap(report(kit, out));
      const left = (await readdir(d)).filter((n) => n.startsWith('.pack'));
      const ok = first.code === 0 && whole && next.code === 0 && left.length === 0 && (await isWholePack(out));
      return { ok, detail: `killed run exit ${String(killed.code)}; pack whole after kill: ${String(whole)}; next run exit ${String(next.code)}${/Reclaimed/.test(next.stderr) ? ' (reclaimed the lock)' : ''}; left behind: ${left.join(', ') || 'nothing'}` };
    },
  };
}

export const runScenarios: Scenario[] = [
  {
    category: 'concurrent runs and kills',
    name: 'two reports into one pack at once: the second fails clearly (exit 2), the first completes',
    async run(kit) {
      const d = await kit.dir('two-reports');
      const out = join(d, 'pack');
      const a = kit.start([...report(kit, out), '--quiet']);
      const locked = await waitFor(join(d, '.pack.lock'), 60_000);
      const b = await kit.srmap(report(kit, out));
      const first = await a.done;
      const r = userError(b, /OUT_LOCKED|being written/);
      return { ok: locked && r.ok && first.code === 0 && (await isWholePack(out)), detail: `second: ${r.detail}; first exit ${String(first.code)}` };
    },
  },
  {
    category: 'concurrent runs and kills',
    name: 'two diffs into one folder at once',
    async run(kit) {
      const d = await kit.dir('two-diffs');
      const out = join(d, 'diff');
      const a = kit.start(['diff', kit.previous, kit.sample, '--out', out, '--quiet']);
      const locked = await waitFor(join(d, '.diff.lock'), 60_000);
      const b = await kit.srmap(['diff', kit.previous, kit.sample, '--out', out, '--quiet']);
      const first = await a.done;
      const r = userError(b, /OUT_LOCKED|being written/);
      return { ok: locked && r.ok && first.code === 0, detail: `second: ${r.detail}; first exit ${String(first.code)}` };
    },
  },
  killDuring('SIGKILL', 200),
  killDuring('SIGKILL', 3000),
  killDuring('SIGTERM', 1000),
  killDuring('SIGINT', 1000),
  killDuring('SIGHUP', 1000),
  {
    category: 'concurrent runs and kills',
    name: 'a run killed between moving the earlier pack aside and moving the new one in: the next run puts it back',
    async run(kit) {
      const d = await kit.dir('between-renames');
      const out = join(d, 'pack');
      const first = await kit.srmap([...report(kit, out), '--quiet']);
      const { rename } = await import('node:fs/promises');
      await rename(out, join(d, '.pack.old-999999'));
      await writeFile(join(d, '.pack.lock'), JSON.stringify({ pid: 999999, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'report' }));
      const next = await kit.srmap(report(kit, out));
      const left = (await readdir(d)).filter((n) => n.startsWith('.pack'));
      return { ok: first.code === 0 && next.code === 0 && /Restored/.test(next.stderr) && left.length === 0 && (await isWholePack(out)), detail: `next run exit ${String(next.code)}; ${/Restored/.test(next.stderr) ? 'restored' : 'not restored'}; left: ${left.join(', ') || 'nothing'}` };
    },
  },
  {
    category: 'concurrent runs and kills',
    name: 'a lock held by a live process (pid 1): refused, named',
    async run(kit) {
      const d = await kit.dir('live-lock');
      await writeFile(join(d, '.pack.lock'), JSON.stringify({ pid: 1, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'report' }));
      return userError(await kit.srmap(report(kit, join(d, 'pack'))), /pid 1 /);
    },
  },
  {
    category: 'concurrent runs and kills',
    name: 'an unreadable lock file an hour old (cut short by a crash) is reclaimed',
    async run(kit) {
      const d = await kit.dir('garbled-lock');
      await writeFile(join(d, '.pack.lock'), '{"pid": 12');
      const old = new Date(Date.now() - 3_600_000);
      await utimes(join(d, '.pack.lock'), old, old);
      const o = await kit.srmap(report(kit, join(d, 'pack')));
      return { ok: o.code === 0 && !existsSync(join(d, '.pack.lock')), detail: `exit ${String(o.code)}` };
    },
  },
];
