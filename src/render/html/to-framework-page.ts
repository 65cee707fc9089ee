/**
 * One framework's page (OUT/<framework>/index.html): a single self-contained file, its data as JSON
 * in a `<script type="application/json">` element (never executed, `<` escaped), the bundled client
 * and the stylesheet inline and allowed by their hashes in a Content Security Policy that permits
 * nothing else (no request of any kind). The client renders every value with textContent. Pure.
 */
import { PACK_FORMATS, type PackFormat } from '../../domain/pack-formats.js';
import { toEmbeddedJson } from './embed-json.js';
import { escapeHtml } from './html-text.js';
import type { PageData } from './page-data.js';
import { pageHead } from './page-head.js';

export const PAGE_DATA_ELEMENT_ID = 'srmap-data';

/** The other files of the pack that hold the same figures, as a sentence names them: only those written (--format). */
export function sameFiguresIn(formats: readonly PackFormat[]): string {
  const others = [...(formats.includes('xlsx') ? ['the workbook'] : []), ...(formats.includes('pdf') ? ['the PDF'] : [])];
  return others.length === 0 ? '' : ` and in ${others.join(' and ')}`;
}

export function toFrameworkPage(data: PageData, script: string, formats: readonly PackFormat[] = PACK_FORMATS): string {
  const title = `${data.framework.name}: ${data.organisation}, ${data.asOf} (srmap)`;
  return [
    ...pageHead(escapeHtml(title), [script]),
    '<body>',
    '<div id="app">',
    `<header class="site"><p class="title">${escapeHtml(data.framework.name)}</p><p class="meta">${escapeHtml(`${data.organisation} · as of ${data.asOf} · snapshot ${data.snapshotId}`)}</p></header>`,
    '<main id="main"><h1>Evidence pack</h1>',
    `<noscript><p>This page needs JavaScript to show the pack. The same figures are in the CSV files beside it (requirements.csv, evidence.csv, gaps.csv)${sameFiguresIn(formats)}.</p></noscript>`,
    '</main>',
    '</div>',
    `<script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">${toEmbeddedJson(data)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
