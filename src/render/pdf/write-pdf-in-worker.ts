/**
 * Pack PDFs are laid out in worker threads with a bounded heap: pdfmake holds a whole document in
 * memory while it lays it out, and a thread that ends gives all of it back, where the main
 * thread's heap would keep what it grew to for the rest of the run. Frameworks lay out in
 * parallel, one lane (thread) per core where the memory budget allows (pdfThreads), largest first; a lane
 * lays out its PDFs one after another (the layout code is warm for the next) and its thread ends
 * with the last. The bytes are those
 * writePdf gives in-process for the same input: the worker runs the same functions on a
 * structured clone of it.
 */
import { availableParallelism, freemem } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../start-worker.js';
import type { PackInput } from '../../domain/result.js';
import { SrmapError } from '../../domain/errors.js';
import type { PdfLayoutProgress } from './to-pdf-document.js';

/** What the PDF threads report: a framework's layout reaching a page (and the section it is in), and a PDF written. */
export type PdfEvent =
  | { kind: 'start'; frameworkIds: string[] }
  | ({ kind: 'layout'; frameworkId: string; file: string } & PdfLayoutProgress)
  | { kind: 'written'; frameworkId: string; file: string; pages: number; bytes: number };

export interface PdfJob {
  input: PackInput;
  generatedBy: string;
  /** Where the PDF is written (atomically, by writePdf). */
  file: string;
}

/**
 * The heap a PDF thread may use (V8's old generation). The largest shipped framework's pack (PCI
 * DSS, about 330 pages) lays out well within it; SRMAP_PDF_HEAP_MB raises it for a larger catalog.
 */
export const DEFAULT_PDF_HEAP_MB = 256;

export function pdfHeapMb(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SRMAP_PDF_HEAP_MB);
  return Number.isInteger(n) && n >= 64 ? n : DEFAULT_PDF_HEAP_MB;
}

/** MB a PDF thread adds to the process beyond its heap: the thread, pdfmake's code, the fonts. */
const THREAD_OVERHEAD_MB = 64;

/**
 * The peak memory (resident set) a report aims to stay under, in MB: the PDF lanes are chosen to
 * fit in it (SRMAP_MEMORY_MB changes it).
 */
export const DEFAULT_MEMORY_BUDGET_MB = 512;

export function memoryBudgetMb(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SRMAP_MEMORY_MB);
  return env.SRMAP_MEMORY_MB !== undefined && env.SRMAP_MEMORY_MB !== '' && Number.isInteger(n) && n > 0 ? n : DEFAULT_MEMORY_BUDGET_MB;
}

/**
 * What a PDF lane adds to the process's peak as pdfmake grows its heap, in MB. Measured with the
 * compact layout of pdfmake-fast-paths.ts (main 98ff3da): 145-150 MB for the demo's five PDFs in one
 * thread (PCI DSS first sets the lane's peak; 185-210 MB before); a second lane added about 95 MB
 * to the 998,053-result report (377 MB with one lane, 470 MB with two) and to the demo (355-364 MB,
 * 459 MB). Two lanes fit under 512 MB in those runs but with a third of the margin, so this stays
 * above a lane's own cost and both keep one lane.
 */
export const PDF_LANE_MB = 160;

/**
 * What this thread still grows by while the PDFs lay out (it writes the workbooks meanwhile: their
 * buffers measured 44 MB on the demo, 85 MB on the bench report), in MB.
 */
const MAIN_THREAD_RESERVE_MB = 64;

/**
 * How many PDFs lay out at once: one per core, as long as that many lanes fit in the memory budget
 * beside what the process holds now (`rssBytes`, plus what the workbooks add meanwhile), and that
 * many threads at their heap limit in half the memory free (or the container's limit); at least
 * one. SRMAP_PDF_THREADS sets it.
 */
export function pdfThreads(jobs: number, env: NodeJS.ProcessEnv = process.env, rssBytes: number = process.memoryUsage.rss()): number {
  const forced = Number(env.SRMAP_PDF_THREADS);
  if (Number.isInteger(forced) && forced >= 1) return Math.max(1, Math.min(jobs, forced));
  const MB = 1024 * 1024;
  const limit = process.constrainedMemory?.() ?? 0;
  const memory = limit > 0 ? Math.min(freemem(), limit) : freemem();
  const byFreeMemory = Math.floor(memory / 2 / ((pdfHeapMb(env) + THREAD_OVERHEAD_MB) * MB));
  const byBudget = Math.floor((memoryBudgetMb(env) * MB - rssBytes - MAIN_THREAD_RESERVE_MB * MB) / (PDF_LANE_MB * MB));
  return Math.max(1, Math.min(jobs, availableParallelism(), byFreeMemory, byBudget));
}

/** A PDF thread: pdf-worker.js with a bounded heap. */
function startPdfWorker(heapMb: number): Worker {
  // A 16 MB young generation: measured on the demo, 35 MB less peak memory than the default for
  // two threads at the same CPU time (8 MB saves 20 MB more but costs 10% more garbage collection).
  return startWorker(new URL('./pdf-worker.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 } });
}

type Reply = { ok: true; bytes: number } | { ok: false; error: { message: string; stack?: string } } | { progress: PdfLayoutProgress };

/** One worker thread that lays out the PDFs given to it, one at a time. */
class PdfLane {
  private readonly worker: Worker;
  private pending: { job: PdfJob; resolve: (r: { bytes: number; pages: number }) => void; reject: (e: unknown) => void; onEvent: (e: PdfEvent) => void; pages: number } | undefined;
  private dead: unknown;

  constructor(private readonly heapMb: number) {
    this.worker = startPdfWorker(heapMb);
    this.worker.on('message', (reply: Reply) => {
      const p = this.pending;
      if (!p) return;
      if ('progress' in reply) {
        p.pages = reply.progress.page;
        p.onEvent({ kind: 'layout', frameworkId: p.job.input.result.framework.id, file: p.job.file, ...reply.progress });
        return;
      }
      this.pending = undefined;
      if (reply.ok) p.resolve({ bytes: reply.bytes, pages: p.pages });
      else p.reject(Object.assign(new Error(`laying out ${p.job.file}: ${reply.error.message}`), { stack: reply.error.stack }));
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`the PDF thread exited with code ${code}`)));
  }

  private fail(e: unknown): void {
    this.dead ??= e;
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    if ((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      p.reject(new SrmapError('PDF_OUT_OF_MEMORY', `Laying out ${p.job.file} needed more than the ${this.heapMb} MB heap a PDF may use.`, {
        kind: 'internal',
        hint: 'Set SRMAP_PDF_HEAP_MB to a larger number of megabytes (e.g. 512) and run again; please report the framework and its size.',
        cause: e,
      }));
    } else {
      p.reject(e);
    }
  }

  write(job: PdfJob, onEvent: (e: PdfEvent) => void): Promise<{ bytes: number; pages: number }> {
    if (this.dead !== undefined) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.pending = { job, resolve, reject, onEvent, pages: 0 };
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.dead ??= new Error('closed');
    await this.worker.terminate();
  }
}

/**
 * Writes every PDF, in at most `concurrency` threads (default: pdfThreads), the largest (most
 * requirements) first so that no big one starts last. After a failure no new PDF starts.
 * `onEvent` hears each page laid out (with its section) and each PDF written, as they happen.
 */
export async function writePdfsInWorkers(
  jobs: readonly PdfJob[],
  options: { concurrency?: number; heapMb?: number; onEvent?: (e: PdfEvent) => void } = {},
): Promise<{ bytes: number; pages: number }[]> {
  const onEvent = options.onEvent ?? (() => {});
  const lanes = Math.max(1, Math.min(jobs.length, options.concurrency ?? pdfThreads(jobs.length)));
  const heapMb = options.heapMb ?? pdfHeapMb();
  const order = jobs.map((job, i) => ({ job, i })).sort((a, b) => b.job.input.result.requirements.length - a.job.input.result.requirements.length || a.i - b.i);
  const results: { bytes: number; pages: number }[] = new Array(jobs.length);
  onEvent({ kind: 'start', frameworkIds: order.map(({ job }) => job.input.result.framework.id) });
  let next = 0;
  let failure: unknown;
  const run = async () => {
    const lane = new PdfLane(heapMb);
    try {
      while (failure === undefined && next < order.length) {
        const { job, i } = order[next++] as { job: PdfJob; i: number };
        try {
          const written = await lane.write(job, onEvent);
          results[i] = written;
          onEvent({ kind: 'written', frameworkId: job.input.result.framework.id, file: job.file, ...written });
        } catch (e) {
          failure ??= e;
        }
      }
    } finally {
      await lane.close();
    }
  };
  if (jobs.length > 0) await Promise.all(Array.from({ length: lanes }, run));
  if (failure !== undefined) throw failure;
  return results;
}
