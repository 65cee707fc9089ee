/** Reads a rendered PDF back with pdfjs-dist: page text, metadata, and the nested outline. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface OutlineEntry {
  title: string;
  items: OutlineEntry[];
}

export interface ReadPdf {
  pages: string[];
  info: Record<string, unknown>;
  outline: OutlineEntry[];
}

interface RawOutline {
  title: string;
  items: RawOutline[];
}

function toEntries(raw: readonly RawOutline[] | null): OutlineEntry[] {
  return (raw ?? []).map((o) => ({ title: o.title, items: toEntries(o.items) }));
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i += 1) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
    }
    const meta = await doc.getMetadata();
    const outline = toEntries((await doc.getOutline()) as RawOutline[] | null);
    return { pages, info: (meta.info ?? {}) as Record<string, unknown>, outline };
  } finally {
    await doc.destroy();
  }
}

/** Page text without any whitespace: long tokens wrap across lines, so compare them this way. */
export function squash(s: string): string {
  return s.replace(/\s+/g, '');
}
