/**
 * Progress of a collection run: counters the collectors bump, and a printer that shows them as a bar
 * on a terminal, as plain lines elsewhere (CI logs, pipes), or not at all (--quiet). The printer only
 * writes through the function it is given (cli/ passes stderr), never to the process itself.
 */
import type { CallCounts } from './collect-calls.js';
import { newCallCounts } from './collect-calls.js';

export interface ProgressCounts {
  accounts: number;
  accountsDone: number;
  /** Account/region pairs to collect, and collected (or given up as a gap). */
  regions: number;
  regionsDone: number;
  rules: number;
  results: number;
  gaps: number;
}

export interface CollectProgress {
  readonly counts: ProgressCounts;
  readonly calls: CallCounts;
  /** Add to a counter and redraw (at most every few hundred ms). */
  add(counter: keyof ProgressCounts, n?: number): void;
  /** A line worth keeping in the log: a region done, a gap. Shown above the bar, hidden when quiet. */
  note(line: string): void;
  /** Clear the bar (before the summary is printed). */
  done(): void;
}

export type ProgressMode = 'bar' | 'lines' | 'quiet';

export interface ProgressOptions {
  mode: ProgressMode;
  write: (text: string) => void;
  /** Terminal width for the bar. */
  columns?: number;
  now?: () => number;
  /** Plain-lines mode: a status line at most this often. */
  lineEveryMs?: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function formatCounts(c: ProgressCounts, calls: CallCounts): string {
  return `${fmt(c.accountsDone)}/${fmt(c.accounts)} accounts, ${fmt(c.regionsDone)}/${fmt(c.regions)} regions, ${fmt(c.rules)} rules, ${fmt(c.results)} results, ${fmt(calls.total)} API calls${calls.throttled > 0 ? ` (${fmt(calls.throttled)} throttled)` : ''}${c.gaps > 0 ? `, ${fmt(c.gaps)} gaps` : ''}`;
}

export function createProgress(options: ProgressOptions): CollectProgress {
  const counts: ProgressCounts = { accounts: 0, accountsDone: 0, regions: 0, regionsDone: 0, rules: 0, results: 0, gaps: 0 };
  const calls = newCallCounts();
  const now = options.now ?? Date.now;
  const every = options.mode === 'bar' ? 150 : (options.lineEveryMs ?? 5000);
  let last = options.mode === 'bar' ? 0 : now();
  let barShown = false;

  const bar = (): string => {
    const width = 24;
    const ratio = counts.regions > 0 ? counts.regionsDone / counts.regions : 0;
    const filled = Math.round(ratio * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${formatCounts(counts, calls)}`;
    const cols = options.columns ?? 100;
    return line.length > cols - 1 ? line.slice(0, cols - 1) : line;
  };
  const clear = () => {
    if (barShown) options.write('\r\x1b[2K');
    barShown = false;
  };
  const draw = (force = false) => {
    if (options.mode === 'quiet') return;
    const t = now();
    if (!force && t - last < every) return;
    last = t;
    if (options.mode === 'bar') {
      options.write(`\r\x1b[2K${bar()}`);
      barShown = true;
    } else options.write(`progress: ${formatCounts(counts, calls)}\n`);
  };

  return {
    counts,
    calls,
    add(counter, n = 1) {
      counts[counter] += n;
      draw();
    },
    note(line) {
      if (options.mode === 'quiet') return;
      clear();
      options.write(`${line}\n`);
      if (options.mode === 'bar') draw(true);
    },
    done() {
      clear();
    },
  };
}
