/**
 * Appendix "Collection scope and gaps": the accounts and regions collected, and each source's
 * standing and record counts. Pure.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { STATUS_COLOURS } from '../../domain/status.js';
import { PORTRAIT_WIDTH, formatInt, heading, t, token, table, type Ctx } from './pdf-blocks.js';

export function toCollectionAppendixSection(ctx: Ctx): Content[] {
  const m = ctx.input.evidence.manifest;
  const countsText = (c: Record<string, number> | undefined): string =>
    c ? Object.keys(c).sort().map((k) => `${t(k)} ${formatInt(c[k] ?? 0)}`).join(', ') : '—';
  const sources = [...m.sources].sort(
    (a, b) => a.source.localeCompare(b.source) || (a.account ?? '').localeCompare(b.account ?? '') || (a.region ?? '').localeCompare(b.region ?? ''),
  );
  return [
    heading('Appendix A. Collection scope and gaps', 'h1', 'sec-appendix-a', { toc: true, extra: { pageBreak: 'before' } }),
    { text: 'Scope', style: 'h3' },
    table(
      ctx,
      ['Account', 'Name'],
      m.scope.accounts.map((a): TableCell[] => [{ text: t(a.id) }, { text: a.name ? t(a.name) : '—' }]),
      [120, 300],
      PORTRAIT_WIDTH,
      { empty: 'No accounts in scope.' },
    ),
    { text: [{ text: 'Regions: ', bold: true }, m.scope.regions.length > 0 ? m.scope.regions.map(t).join(', ') : 'none'], margin: [0, 0, 0, 6] },
    { text: 'Sources', style: 'h3' },
    table(
      ctx,
      ['Source', 'Account', 'Region', 'Status', 'Records'],
      sources.map((s): TableCell[] => [
        token(s.source),
        s.account ? token(s.account) : { text: 'all' },
        s.region ? token(s.region) : { text: 'all' },
        s.status === 'collected'
          ? { text: 'collected', color: STATUS_COLOURS.met }
          : token(s.status, { bold: true, color: STATUS_COLOURS['needs-evidence'] }),
        { text: countsText(s.counts) },
      ]),
      [70, 80, 70, 55, 200],
      PORTRAIT_WIDTH,
    ),
    { text: ['The collection gaps, each marked in or out of this framework\'s scope, are listed once, under Scope on page ', { pageReference: 'sec-scope' }, '.'], style: 'small', margin: [0, 4, 0, 0] },
  ];
}
