/**
 * Worker thread entry (write-pdf-in-worker.ts starts it): lays out and writes the pack PDFs it is
 * sent, one at a time, with the same two calls as in-process (toPdfDocument, then writePdf), and
 * answers each with its size or its error; while laying one out, it posts the section and page it
 * reached (progress, which leaves the bytes unchanged). The thread ends when its lane has no more PDFs, and
 * everything pdfmake allocated goes with it.
 */
import { parentPort } from 'node:worker_threads';
import { toPdfDocument, type PdfLayoutProgress } from './to-pdf-document.js';
import { writePdf } from './write-pdf.js';
import type { PdfJob } from './write-pdf-in-worker.js';

const port = parentPort;
if (!port) throw new Error('pdf-worker.js runs as a worker thread');
port.on('message', (job: PdfJob) => {
  const progress = (p: PdfLayoutProgress) => port.postMessage({ progress: p });
  writePdf(toPdfDocument(job.input, { generatedBy: job.generatedBy }, progress), job.file).then(
    (written) => port.postMessage({ ok: true, bytes: written.bytes }),
    (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? { message: e.message, stack: e.stack } : { message: String(e) } }),
  );
});
