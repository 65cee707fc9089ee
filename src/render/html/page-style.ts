/**
 * The pages' one stylesheet (inline, allowed by its hash): system fonts, readable on a laptop,
 * colours with at least 4.5:1 contrast (WCAG 2.1 AA), status shown in words as well as colour (each
 * status's badge colours from the status vocabulary, src/domain/status.ts), and a print layout
 * without navigation or filters.
 */
import { STATUS_VOCABULARY, STATUSES } from '../../domain/status.js';

const STATUS_BADGES = STATUSES.map((s) => {
  const b = STATUS_VOCABULARY[s].badge;
  return `.s-${s} { background: ${b.background}; color: ${b.text}; border-color: ${b.border}; }`;
}).join('\n');

export const PAGE_STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #4a5560; --line: #c9d1d9; --bg: #ffffff; --band: #f3f5f7; --link: #0b57d0; --focus: #b35900; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; z-index: 2; }
header.site { background: #12263f; color: #fff; padding: 10px 20px; }
header.site a { color: #fff; }
header.site .title { font-size: 18px; font-weight: 600; margin: 0; }
header.site .meta { margin: 2px 0 0; font-size: 13px; color: #dbe4ee; }
nav.views ul { list-style: none; display: flex; gap: 4px; margin: 8px 0 0; padding: 0; flex-wrap: wrap; }
nav.views a { display: inline-block; padding: 4px 10px; border-radius: 4px; text-decoration: none; }
nav.views a[aria-current="page"] { background: #fff; color: #12263f; font-weight: 600; }
main { padding: 16px 20px 40px; max-width: 1400px; }
h1 { font-size: 24px; margin: 4px 0 12px; }
h2 { font-size: 19px; margin: 24px 0 8px; }
h3 { font-size: 16px; margin: 16px 0 6px; }
p.note { color: var(--muted); margin: 4px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.wrap { overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.bar { display: inline-block; height: 12px; background: #3d5a80; vertical-align: middle; min-width: 1px; }
.bar-cell { width: 45%; }
.status { display: inline-block; padding: 0 6px; border-radius: 3px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
${STATUS_BADGES}
.filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; margin: 8px 0; }
.filters label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: 2px; }
.filters select, .filters input { font: inherit; padding: 4px 6px; border: 1px solid #6b7682; border-radius: 4px; color: var(--fg); background: var(--bg); min-width: 150px; }
button { font: inherit; padding: 3px 10px; border: 1px solid #6b7682; border-radius: 4px; background: var(--band); color: var(--fg); cursor: pointer; }
button[disabled] { color: #5b6570; cursor: default; }
th button.sort { border: 0; background: none; padding: 0; font-weight: 600; }
.pager { display: flex; gap: 10px; align-items: center; margin: 6px 0; }
.summary { font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 6px 0 12px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
@media print {
  header.site nav, .filters, .pager, .skip, noscript { display: none !important; }
  header.site { background: none; color: #000; padding: 0; }
  header.site a, header.site .meta { color: #000; }
  main { padding: 0; max-width: none; }
  a { color: #000; text-decoration: none; }
  tr { break-inside: avoid; }
}
`;
