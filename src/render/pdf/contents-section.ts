/**
 * The table of contents: the sections, and the requirement headings marked for it. Pure.
 */
import type { Content } from 'pdfmake/interfaces.js';
import type { Ctx } from './pdf-blocks.js';

export function toContentsSection(_ctx: Ctx): Content[] {
  return [
    {
      toc: {
        title: { text: 'Contents', style: 'h1' },
        textStyle: { fontSize: 9 },
        numberStyle: { fontSize: 9 },
      },
      pageBreak: 'before',
    },
  ];
}
