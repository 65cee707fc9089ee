/**
 * Starts a worker thread on one of render/'s worker modules: the compiled `.js` beside the caller,
 * or, running from the TypeScript sources (the tests), the `.ts` through tsx's loader.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `moduleUrl`: the worker module's compiled URL, `new URL('./x-worker.js', import.meta.url)`. */
export function startWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const source = moduleUrl.href.replace(/\.js$/, '.ts');
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`, { ...options, eval: true });
  }
  return new Worker(moduleUrl, options);
}
