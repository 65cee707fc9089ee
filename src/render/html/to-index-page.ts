/**
 * The pack's front page (OUT/index.html): each framework of the pack (its name and version) with its
 * requirements by status, linking to its own page. Static markup, every value escaped; no script,
 * only its stylesheet (by hash). Pure.
 */
import { STATUS_DISPLAY_ORDER, STATUS_LABELS } from '../../domain/status.js';
import { PACK_FORMATS, type PackFormat } from '../../domain/pack-formats.js';
import { sameFiguresIn } from './to-framework-page.js';
import type { FrameworkResult } from '../../domain/result.js';
import { toVisibleText } from '../../domain/visible-text.js';
import { escapeHtml } from './html-text.js';
import { pageHead } from './page-head.js';

export interface IndexPageInput {
  organisation: string;
  asOf: string;
  snapshotId: string;
  generatedBy: string;
  frameworks: readonly FrameworkResult[];
  /** The formats the pack was written in (--format): the page names only the files that are there. Every format when absent. */
  formats?: readonly PackFormat[];
}

const text = (s: string) => escapeHtml(toVisibleText(s));

export function toIndexPage(input: IndexPageInput): string {
  const head = ['Framework', 'Version', 'Requirements', ...STATUS_DISPLAY_ORDER.map((s) => STATUS_LABELS[s])];
  const rows = input.frameworks.map((f) => {
    const cells = [
      `<th scope="row"><a href="${encodeURIComponent(f.framework.id)}/index.html">${text(f.framework.name)}</a></th>`,
      `<td>${text(f.framework.version)}</td>`,
      `<td class="num">${f.counts.assessable}</td>`,
      ...STATUS_DISPLAY_ORDER.map((s) => `<td class="num">${f.counts.byStatus[s]}</td>`),
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  return [
    ...pageHead(text(`Evidence pack: ${input.organisation}, ${input.asOf} (srmap)`), []),
    '<body>',
    `<header class="site"><p class="title">Evidence pack</p><p class="meta">${text(`${input.organisation} · as of ${input.asOf} · snapshot ${input.snapshotId} · ${input.generatedBy}`)}</p></header>`,
    '<main id="main">',
    '<h1>Frameworks</h1>',
    `<p class="note">Each framework has its own page: its requirements, why each has its status, the evidence and the failing resources. The same figures are in the CSV files beside each page${sameFiguresIn(input.formats ?? PACK_FORMATS)}.</p>`,
    '<table>',
    '<caption>Requirements by status</caption>',
    `<thead><tr>${head.map((h, i) => `<th scope="col"${i > 1 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
