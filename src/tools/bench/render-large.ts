/**
 * The PDF render benchmark (it used to run inside the test suite): a 300-requirement framework,
 * laid out and drawn in this process. Prints model and render time, pages and size, and checks
 * that the document has the pages such a framework needs.
 */
import { toPdfDocument } from '../../render/pdf/to-pdf-document.js';
import { renderPdfBuffer } from '../../render/pdf/write-pdf.js';
import { makeLargePackInput } from '../../../test/fixtures/pack-input.js';

/** Pages in a PDF: one `/Type /Page` object each (pdfkit writes them uncompressed). */
function countPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}

export async function renderLarge(): Promise<string[]> {
  const lines: string[] = [];
  for (const [label, controls] of [['600 distinct controls (worst case)', undefined], ['80 shared controls', 80]] as const) {
    const big = makeLargePackInput(300, controls === undefined ? {} : { controls });
    const t0 = performance.now();
    const doc = toPdfDocument(big);
    const t1 = performance.now();
    const buf = await renderPdfBuffer(doc);
    const t2 = performance.now();
    const pages = countPages(buf);
    if (pages <= 10) throw new Error(`a 300-requirement framework (${label}) gave only ${pages} pages`);
    lines.push(`render 300 requirements, ${label}: model ${(t1 - t0).toFixed(0)} ms, render ${(t2 - t1).toFixed(0)} ms, ${pages} pages, ${(buf.length / 1024).toFixed(0)} KiB`);
  }
  return lines;
}
