/**
 * The evidence pack as a pdfmake document definition: the document frame (page, metadata, header,
 * footer, styles) around the sections, each a file of its own with one signature (PdfSection,
 * pdf-blocks.ts), called in the order of PDF_SECTIONS. Adding a section is one new file and one
 * line in that list. Pure: no file system, no clock; the only date is the snapshot's, so the same
 * PackInput gives the same bytes.
 *
 * Untrusted text (anything from AWS or the registers) only ever becomes the `text` of a node,
 * through toSafeText. Style names, ids, link targets and colours are ours. Tables use fixed
 * column widths so that pdfmake hard-wraps long tokens (ARNs) inside the cell instead of widening
 * the column past the page edge.
 *
 * pdfmake mutates the definition it renders: every call builds a fresh object.
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { PackInput } from '../../domain/result.js';
import { pushAll } from '../../domain/arrays.js';
import { toSafeMetadata, toSafeText } from './safe-text.js';
import { MARGIN_X, dayAndTime, t, toPdfContext, type PdfDocumentOptions, type PdfSection } from './pdf-blocks.js';
import { toPdfStyles } from './pdf-styles.js';
import { toCoverSection } from './cover-section.js';
import { toDocumentControlSection } from './document-control-section.js';
import { toSignOffSection } from './sign-off-section.js';
import { toMethodologySection } from './methodology-section.js';
import { toPopulationSection } from './population-section.js';
import { toContentsSection } from './contents-section.js';
import { toSummarySection } from './summary-section.js';
import { toScopeSection } from './scope-section.js';
import { toChangesSection } from './changes-section.js';
import { toTrendSection } from './trend-section.js';
import { toMatrixSection } from './matrix-section.js';
import { toRequirementDetailSection } from './requirement-detail-section.js';
import { toGapsSection } from './gaps-section.js';
import { toAttestationsSection } from './attestations-section.js';
import { toCuecsSection } from './cuecs-section.js';
import { toExceptionsSection } from './exceptions-section.js';
import { toCollectionAppendixSection } from './collection-appendix-section.js';
import { toInventoryAppendixSection } from './inventory-appendix-section.js';

export type { PdfDocumentOptions } from './pdf-blocks.js';

/** Where the layout of a pack is: the section being laid out (1-based, of all sections) and the page it reached. */
export interface PdfLayoutProgress {
  section: string;
  index: number;
  sections: number;
  page: number;
}

/** A section's name for progress: its outline title; the contents and the cover have none. */
function sectionName(first: Content): string {
  const node = first as { outlineText?: unknown; toc?: unknown };
  if (typeof node.outlineText === 'string') return node.outlineText;
  return node.toc ? 'Contents' : 'Cover';
}

/**
 * pdfmake calls a document's `background` function as it adds each page during layout, and marks
 * each node it starts laying out (its `positions`): the last section whose first node is marked is
 * the one being laid out. The function draws nothing (null), so the bytes are those without it.
 */
function layoutProgress(marks: readonly { name: string; node: object }[], report: (p: PdfLayoutProgress) => void): () => null {
  let page = 0;
  return () => {
    page += 1;
    let current = 0;
    for (let i = marks.length - 1; i > 0; i -= 1) {
      if ('positions' in (marks[i]?.node ?? {})) {
        current = i;
        break;
      }
    }
    report({ section: marks[current]?.name ?? 'Cover', index: current + 1, sections: marks.length, page });
    return null;
  };
}

/** The pack's sections, in reading order. */
export const PDF_SECTIONS: readonly PdfSection[] = [
  toCoverSection,
  toDocumentControlSection,
  toSignOffSection,
  toContentsSection,
  toSummarySection,
  toScopeSection,
  toMethodologySection,
  toPopulationSection,
  toChangesSection,
  toTrendSection,
  toMatrixSection,
  toRequirementDetailSection,
  toGapsSection,
  toAttestationsSection,
  toCuecsSection,
  toExceptionsSection,
  toCollectionAppendixSection,
  toInventoryAppendixSection,
];

/**
 * The pdfmake document definition of one framework's evidence pack. Fresh object per call. With
 * `onLayout`, pdfmake reports each page it lays out, with the section it is in (the bytes are the same).
 */
export function toPdfDocument(input: PackInput, options: PdfDocumentOptions = {}, onLayout?: (p: PdfLayoutProgress) => void): TDocumentDefinitions {
  const ctx = toPdfContext(input, options);
  const m = input.evidence.manifest;
  const fw = input.result.framework;
  const headerLeft = `${t(fw.name)} ${t(fw.version)}`;
  const headerRight = t(m.organisation.name);
  const snapshotId = t(m.id);
  const created = new Date(m.createdAt);

  const content: Content[] = [];
  const marks: { name: string; node: object }[] = [];
  for (const section of PDF_SECTIONS) {
    const part = section(ctx);
    const first = part[0];
    if (first !== undefined && typeof first === 'object') marks.push({ name: sectionName(first), node: first });
    pushAll(content, part);
  }

  return {
    // Archival: PDF/A-2b (ISO 19005-2, level B: the appearance is preserved; fonts embedded, sRGB
    // output intent and XMP metadata written by pdfkit), in British English.
    version: '1.7',
    subset: 'PDF/A-2b',
    language: 'en-GB',
    displayTitle: true,
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [MARGIN_X, 52, MARGIN_X, 44],
    info: {
      // Exactly the organisation's name (an `&` included): write-pdf escapes the XMP copy.
      title: toSafeText(`${fw.name} ${fw.version} evidence pack: ${m.organisation.name}`, { maxLength: 500 }),
      author: 'srmap',
      subject: toSafeMetadata(
        `Shared-responsibility compliance evidence for ${fw.name} as of ${dayAndTime(m.createdAt)}, snapshot ${m.id}`,
      ),
      keywords: toSafeMetadata(`${fw.id}, ${fw.name}, AWS shared responsibility model, compliance evidence, audit`),
      creator: toSafeMetadata(`${m.tool.name} ${m.tool.version}`),
      producer: 'srmap (pdfmake)',
      ...(Number.isNaN(created.getTime()) ? {} : { creationDate: created }),
    },
    defaultStyle: { font: 'Roboto', fontSize: 8.5, lineHeight: 1.15 },
    styles: toPdfStyles(),
    ...(onLayout ? { background: layoutProgress(marks, onLayout) } : {}),
    header: (currentPage, _pageCount, pageSize) => {
      if (currentPage === 1) return null;
      const half = (pageSize.width - 2 * MARGIN_X) / 2;
      return {
        columns: [
          { text: headerLeft, width: half },
          { text: headerRight, width: half, alignment: 'right' },
        ],
        fontSize: 7.5,
        color: '#666666',
        margin: [MARGIN_X, 24, MARGIN_X, 0],
      };
    },
    footer: (currentPage, pageCount, pageSize) => {
      const half = (pageSize.width - 2 * MARGIN_X) / 2;
      return {
        columns: [
          { text: `Snapshot ${snapshotId}`, width: half },
          { text: `Page ${currentPage} of ${pageCount}`, width: half, alignment: 'right' },
        ],
        fontSize: 7.5,
        color: '#666666',
        margin: [MARGIN_X, 16, MARGIN_X, 0],
      };
    },
    content,
  };
}

