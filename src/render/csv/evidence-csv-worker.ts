/**
 * Worker thread entry (write-evidence-csvs.ts starts it): writes evidence.csv for its share of the
 * frameworks (openEvidenceCsvs on the plan in workerData) from the batches of results it is sent,
 * each a v8-serialized EvidenceBatch, and acknowledges each batch once written; on close it sends
 * what it wrote (rows and each file's digest, evidence-digest.ts).
 */
import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { openEvidenceCsvs, type EvidenceBatch, type EvidenceCsvPlan, type EvidenceCsvsWritten } from './evidence-csv.js';

export type ToEvidenceWorker = { type: 'batch'; data: Uint8Array } | { type: 'close' } | { type: 'abort' };
export type FromEvidenceWorker = { type: 'ack' } | { type: 'closed'; written: EvidenceCsvsWritten } | { type: 'aborted' } | { type: 'error'; message: string; stack?: string };

const port = parentPort;
if (!port) throw new Error('evidence-csv-worker.js runs as a worker thread');
const writer = openEvidenceCsvs(workerData as EvidenceCsvPlan);
const reply = (m: FromEvidenceWorker) => port.postMessage(m);
const fail = (e: unknown) => reply({ type: 'error', message: e instanceof Error ? e.message : String(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) });
// Messages are handled one after another, in the order sent. After a failure nothing more is
// written and nothing is closed into place: only an abort, which removes the partial files.
let queue = Promise.resolve();
let failed: unknown;
port.on('message', (m: ToEvidenceWorker) => {
  queue = queue.then(async () => {
    try {
      if (m.type === 'batch') {
        if (failed !== undefined) return;
        await writer.write(deserialize(m.data) as EvidenceBatch);
        reply({ type: 'ack' });
      } else if (m.type === 'close') {
        if (failed !== undefined) return fail(failed);
        reply({ type: 'closed', written: await writer.close() });
        port.close();
      } else {
        await writer.abort();
        reply({ type: 'aborted' });
        port.close();
      }
    } catch (e) {
      failed ??= e;
      fail(e);
    }
  });
});
