/**
 * evidence.csv for every framework, written in this thread as the snapshot streams by, or, when
 * SRMAP_CSV_THREADS asks for them, by worker threads (the frameworks shared out among them) while
 * this thread reads and folds the snapshot. Batches are serialized once and a copy sent to each
 * thread; at most a few batches wait per thread, so memory stays bounded however far ahead the
 * reader is. This thread is the default: a result's cells are formatted once for every framework
 * (evidence-csv.ts), which costs less than serializing the batch for the threads (measured on
 * 998,053 results, five frameworks: 32.2 s CPU and 598 MB peak in this thread, 40.7 s and 709 MB
 * with two threads).
 */
import { rm } from 'node:fs/promises';
import { serialize } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../start-worker.js';
import { EMPTY_DIGEST } from '../evidence-digest.js';
import { partialCsvPath } from './write-csv.js';
import { openEvidenceCsvs, type EvidenceBatch, type EvidenceCsvPlan, type EvidenceCsvWriter, type EvidenceCsvsWritten } from './evidence-csv.js';
import type { FromEvidenceWorker, ToEvidenceWorker } from './evidence-csv-worker.js';

/** Batches a thread may have waiting before the reader waits for it. */
const MAX_WAITING = 4;

/**
 * Threads for evidence.csv: none (this thread) unless SRMAP_CSV_THREADS sets a number, at most one
 * per framework.
 */
export function evidenceCsvThreads(frameworks: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.SRMAP_CSV_THREADS);
  if (env.SRMAP_CSV_THREADS !== undefined && env.SRMAP_CSV_THREADS !== '' && Number.isInteger(forced) && forced >= 0) return Math.min(frameworks, forced);
  return 0;
}

class EvidenceThread {
  private readonly worker: Worker;
  private waiting = 0;
  private wakeUp: (() => void) | undefined;
  private closed: ((written: EvidenceCsvsWritten) => void) | undefined;
  private failure: Error | undefined;
  private exited = false;

  constructor(plan: EvidenceCsvPlan) {
    this.worker = startWorker(new URL('./evidence-csv-worker.js', import.meta.url), { workerData: plan });
    this.worker.on('message', (m: FromEvidenceWorker) => {
      if (m.type === 'ack') this.waiting -= 1;
      else if (m.type === 'closed') this.closed?.(m.written);
      else if (m.type === 'error') this.failure ??= Object.assign(new Error(`writing evidence.csv: ${m.message}`), { stack: m.stack });
      this.wake();
    });
    this.worker.on('error', (e) => {
      this.failure ??= e;
      this.wake();
    });
    this.worker.on('exit', () => {
      this.exited = true;
      this.failure ??= new Error('the evidence.csv thread ended early');
      this.wake();
    });
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  private send(m: ToEvidenceWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  async write(data: Uint8Array): Promise<void> {
    while (this.failure === undefined && this.waiting >= MAX_WAITING) await new Promise<void>((r) => (this.wakeUp = r));
    if (this.failure) throw this.failure;
    this.waiting += 1;
    this.send({ type: 'batch', data }, [data.buffer as ArrayBuffer]);
  }

  close(): Promise<EvidenceCsvsWritten> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.closed = resolve;
      this.wakeUp = () => this.failure && reject(this.failure);
      this.send({ type: 'close' });
    });
  }

  /** Asks the thread to remove what it wrote (it still can after a failed batch), then ends it. */
  async abort(): Promise<void> {
    if (!this.exited) {
      await new Promise<void>((resolve) => {
        this.worker.once('exit', () => resolve());
        this.send({ type: 'abort' });
      });
    }
    await this.worker.terminate();
  }
}

/** The writer for `plan`: in `threads` worker threads (targets shared out in turn), or in this thread when 0. */
export function writeEvidenceCsvs(plan: EvidenceCsvPlan, threads = evidenceCsvThreads(plan.targets.length)): EvidenceCsvWriter {
  if (threads <= 0 || plan.targets.length === 0) return openEvidenceCsvs(plan);
  const shares = Array.from({ length: Math.min(threads, plan.targets.length) }, (_, t) => plan.targets.map((target, i) => ({ target, i })).filter(({ i }) => i % threads === t));
  const workers = shares.map((share) => ({ share, thread: new EvidenceThread({ ...plan, targets: share.map((s) => s.target) }) }));
  return {
    async write(batch: EvidenceBatch) {
      if (batch.records.length === 0) return;
      const bytes = serialize(batch);
      // A copy per thread, each in its own ArrayBuffer, moved (not copied again) to its thread.
      await Promise.all(workers.map(({ thread }) => thread.write(new Uint8Array(bytes))));
    },
    async close() {
      const all = await Promise.all(workers.map(({ thread }) => thread.close()));
      // Each target is in one thread's share; one that reported nothing stays empty.
      const targets: EvidenceCsvsWritten['targets'] = plan.targets.map(() => ({ rows: 0, failing: 0, tally: new Map(), digest: EMPTY_DIGEST }));
      workers.forEach(({ share }, w) =>
        share.forEach(({ i }, k) => {
          const written = all[w]?.targets[k];
          if (written) targets[i] = written;
        }),
      );
      // Every thread saw the same results in the same order, so numbered the same orphan pieces alike.
      return { targets, orphans: all[0]?.orphans ?? [] };
    },
    async abort() {
      await Promise.all(workers.map(({ thread }) => thread.abort()));
      // A thread that died could not remove its partial files: they have this process's names.
      await Promise.all(plan.targets.flatMap((t) => [t.file, ...(t.failing ? [t.failing.file] : [])]).map((file) => rm(partialCsvPath(file), { force: true })));
    },
  };
}
