/**
 * PDFs laid out in worker threads: the same bytes as in this thread for the same input, several
 * at a time, written atomically; a PDF that outgrows its heap is a clear error, not a crash.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SrmapError } from '../../../src/domain/errors.js';
import { toPdfDocument } from '../../../src/render/pdf/to-pdf-document.js';
import { renderPdfBuffer } from '../../../src/render/pdf/write-pdf.js';
import { DEFAULT_MEMORY_BUDGET_MB, memoryBudgetMb, pdfThreads, writePdfsInWorkers, type PdfEvent } from '../../../src/render/pdf/write-pdf-in-worker.js';
import { readPdf } from '../../helpers/read-pdf.js';
import { makeLargePackInput, makePackInput } from '../../fixtures/pack-input.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'srmap-pdf-worker-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writePdfsInWorkers', () => {
  it('writes the bytes the same input gives in this thread, three PDFs in two threads', async () => {
    const expected = await renderPdfBuffer(toPdfDocument(makePackInput(), { generatedBy: 'srmap test' }));
    const files = ['a.pdf', 'b.pdf', 'c.pdf'].map((f) => path.join(dir, f));
    const events: PdfEvent[] = [];
    const written = await writePdfsInWorkers(files.map((file) => ({ input: makePackInput(), generatedBy: 'srmap test', file })), { concurrency: 2, onEvent: (e) => events.push(e) });
    // The progress the threads post leaves the bytes as they are.
    expect(written.map((w) => w.bytes)).toEqual([expected.length, expected.length, expected.length]);
    for (const f of files) expect((await readFile(f)).equals(expected), f).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
    // Progress: the PDFs to lay out first; then, per PDF, every page in order with the section it is in, sections in order; then the PDF written.
    const pages = (await readPdf(new Uint8Array(expected))).pages.length;
    expect(events[0]).toEqual({ kind: 'start', frameworkIds: ['hipaa-security', 'hipaa-security', 'hipaa-security'] });
    for (const file of files) {
      const mine = events.filter((e) => e.kind !== 'start' && e.file === file);
      const layout = mine.flatMap((e) => (e.kind === 'layout' ? [e] : []));
      expect(layout.map((e) => e.page)).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
      expect(layout.map((e) => e.index)).toEqual([...layout.map((e) => e.index)].sort((a, b) => a - b));
      expect(layout[0]).toMatchObject({ section: 'Cover', index: 1 });
      expect(layout.at(-1)).toMatchObject({ section: 'Appendix B. Evidence inventory', index: layout[0]?.sections });
      expect(new Set(layout.map((e) => e.section))).toContain('Requirement detail');
      expect(mine.at(-1)).toEqual({ kind: 'written', frameworkId: 'hipaa-security', file, pages, bytes: expected.length });
    }
    expect(written.map((w) => w.pages)).toEqual([pages, pages, pages]);
  });

  it('a PDF that needs more than its heap fails with PDF_OUT_OF_MEMORY and a hint, and writes nothing', async () => {
    const file = path.join(dir, 'big.pdf');
    const err = await writePdfsInWorkers([{ input: makeLargePackInput(300), generatedBy: 'srmap test', file }], { heapMb: 16 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SrmapError);
    expect((err as SrmapError).code).toBe('PDF_OUT_OF_MEMORY');
    expect((err as SrmapError).hint).toContain('SRMAP_PDF_HEAP_MB');
    expect((await readdir(dir)).filter((f) => f.startsWith('big'))).toEqual([]);
  });
});

describe('pdfThreads', () => {
  it('is SRMAP_PDF_THREADS when set, never more than the PDFs, never less than one', () => {
    expect(pdfThreads(4, { SRMAP_PDF_THREADS: '1' })).toBe(1);
    expect(pdfThreads(2, { SRMAP_PDF_THREADS: '8' })).toBe(2);
    expect(pdfThreads(1, {})).toBe(1);
    expect(pdfThreads(4, { SRMAP_PDF_THREADS: 'lots' })).toBeGreaterThanOrEqual(1);
    expect(pdfThreads(4, { SRMAP_PDF_HEAP_MB: String(1024 * 1024) })).toBe(1);
  });

  it('fits the lanes in the memory budget (SRMAP_MEMORY_MB, 512 MB unless set) beside what the process holds', () => {
    const MB = 1024 * 1024;
    expect(memoryBudgetMb({})).toBe(DEFAULT_MEMORY_BUDGET_MB);
    expect(memoryBudgetMb({ SRMAP_MEMORY_MB: 'x' })).toBe(DEFAULT_MEMORY_BUDGET_MB);
    expect(memoryBudgetMb({ SRMAP_MEMORY_MB: '2048' })).toBe(2048);
    // A 1M-result report holds about 300 MB when its PDFs start: one lane fits in 512 MB.
    expect(pdfThreads(5, {}, 300 * MB)).toBe(1);
    expect(pdfThreads(5, { SRMAP_MEMORY_MB: '512' }, 300 * MB)).toBe(1);
    // Over budget already: still one.
    expect(pdfThreads(5, {}, 900 * MB)).toBe(1);
    // Room for two lanes (and a reserve for the workbooks) beside 100 MB: at most two.
    const two = pdfThreads(5, {}, 100 * MB);
    expect(two).toBeGreaterThanOrEqual(1);
    expect(two).toBeLessThanOrEqual(2);
    expect(pdfThreads(5, { SRMAP_MEMORY_MB: '100000' }, 300 * MB)).toBeGreaterThanOrEqual(pdfThreads(5, {}, 300 * MB));
    expect(pdfThreads(5, { SRMAP_PDF_THREADS: '2' }, 900 * MB)).toBe(2);
  });
});
