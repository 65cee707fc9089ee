/**
 * Thin writer for the evidence pack PDF: registers pdfmake's Roboto TTFs (embedded as subsets),
 * refuses every URL and every local file but those fonts, renders (with pdfmake-fast-paths.ts), and
 * writes atomically.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { installPdfmakeFastPaths } from './pdfmake-fast-paths.js';

const require = createRequire(import.meta.url);

/** Absolute paths of the Roboto TTFs shipped in the pdfmake package. */
function robotoFiles(): { normal: string; bold: string; italics: string; bolditalics: string } {
  const dir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  return {
    normal: path.join(dir, 'Roboto-Regular.ttf'),
    bold: path.join(dir, 'Roboto-Medium.ttf'),
    italics: path.join(dir, 'Roboto-Italic.ttf'),
    bolditalics: path.join(dir, 'Roboto-MediumItalic.ttf'),
  };
}

let configured = false;

/** XML text: `&`, `<`, `>` and quotes as entities. */
export function toXmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

interface PdfKitPrototype {
  _addInfo?: (this: { info: Record<string, unknown> }) => void;
  __srmapXmpEscaped?: boolean;
}

/**
 * pdfkit writes the XMP packet (the metadata PDF/A reads) by pasting the document information
 * strings into XML as they are: a title such as `Smith & Sons` makes the packet malformed, and
 * stripping the `&` would change the organisation's name. Its _addInfo runs after the information
 * dictionary is written, so while it runs it is given the same strings XML-escaped: the dictionary
 * keeps the name exactly, and the XMP holds it exactly once parsed.
 */
function escapeXmpMetadata(): void {
  const proto = (require('pdfkit') as { prototype: PdfKitPrototype }).prototype;
  const original = proto._addInfo;
  if (!original || proto.__srmapXmpEscaped) return;
  proto._addInfo = function addInfoEscaped(this: { info: Record<string, unknown> }): void {
    const raw = this.info;
    this.info = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? toXmlText(v) : v]));
    try {
      original.call(this);
    } finally {
      this.info = raw;
    }
  };
  proto.__srmapXmpEscaped = true;
}

/** pdfmake is a process-wide singleton: configure fonts and access policies once. */
function configure(): void {
  if (configured) return;
  const fonts = robotoFiles();
  const allowed = new Set(Object.values(fonts).map((f) => path.resolve(f)));
  pdfmake.addFonts({ Roboto: fonts });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p: string) => typeof p === 'string' && allowed.has(path.resolve(p)));
  escapeXmpMetadata();
  installPdfmakeFastPaths();
  configured = true;
}

/** Render a document definition to PDF bytes. The definition is consumed (pdfmake mutates it). */
export async function renderPdfBuffer(doc: TDocumentDefinitions): Promise<Buffer> {
  configure();
  return pdfmake.createPdf(doc).getBuffer();
}

/** Render and write to `file` via a temporary file in the same directory, then rename. */
export async function writePdf(doc: TDocumentDefinitions, file: string): Promise<{ bytes: number }> {
  const buf = await renderPdfBuffer(doc);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, buf);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { bytes: buf.length };
}
