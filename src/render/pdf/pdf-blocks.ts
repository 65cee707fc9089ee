/**
 * The PDF's building blocks, shared by every section: status and responsibility words in their
 * colours (the vocabulary itself is src/domain/status.ts), page geometry, safe text, tables, label/value pairs, bullets and
 * headings. Pure; untrusted text only ever becomes a node's `text` through toSafeText.
 */
import type {
  Content,
  ContentText,
  CustomTableLayout,
  Margins,
  TableCell,
} from 'pdfmake/interfaces.js';
import type { PackInput } from '../../domain/result.js';
import type { Gap, OwnerRecord } from '../../domain/snapshot.js';
import { toDay } from '../../domain/dates.js';
import { RESPONSIBILITY_LABELS, STATUS_COLOURS, STATUS_LABELS, isStatus, type Responsibility, type Status } from '../../domain/status.js';
import { toSafeText } from './safe-text.js';
import { textWidth } from './roboto-widths.js';
import { CELL_PADDING, LINE_WIDTH, makeGridLayout, makePlainLayout } from './table-layouts.js';

export const ARTIFACT_NOTICE = 'Cited, not embedded: AWS Artifact reports are AWS confidential.';

// A4 in points, and the page margins: the content width decides the fixed table column widths.
export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN_X = 40;
export const PORTRAIT_WIDTH = A4.width - 2 * MARGIN_X;
export const LANDSCAPE_WIDTH = A4.height - 2 * MARGIN_X;

// ---------------------------------------------------------------------------------------------
// Small builders

export function t(value: unknown): string {
  return toSafeText(value);
}

/**
 * An identifier, evidence id, enumeration value or path that must read as one token: it never
 * breaks at a hyphen or underscore. A cell too narrow for it is a layout bug, which
 * table() catches by letting only tokens that fit their column stay unbroken (fitTokens).
 */
export function token(value: unknown, extra: Omit<ContentText, 'text'> = {}): ContentText {
  const text = toSafeText(value);
  // A very long value (a register's path, an ARN) could not fit a line whole: it may wrap.
  return text.length <= MAX_TOKEN_LENGTH ? { text, noWrap: true, ...extra } : { text, ...extra };
}

const MAX_TOKEN_LENGTH = 64;

/**
 * Tokens that do not fit their column lose their noWrap (they would overflow into the next cell):
 * the cell then hard-wraps them where it must. Returns a new cell; the input is not changed.
 */
function fitTokens(cell: unknown, width: number, fontSize: number, bold: boolean): unknown {
  if (Array.isArray(cell)) return cell.map((c) => fitTokens(c, width, fontSize, bold));
  if (!cell || typeof cell !== 'object') return cell;
  const node = cell as { text?: unknown; noWrap?: boolean; fontSize?: number; bold?: boolean };
  const fs = typeof node.fontSize === 'number' ? node.fontSize : fontSize;
  const b = typeof node.bold === 'boolean' ? node.bold : bold;
  if (node.noWrap && typeof node.text === 'string' && textWidth(node.text, fs, b) > width - 0.5) {
    const { noWrap: _dropped, ...rest } = node;
    return rest;
  }
  if (node.text !== undefined && typeof node.text !== 'string') return { ...node, text: fitTokens(node.text, width, fs, b) };
  return cell;
}

function fitRow(row: TableCell[], widths: readonly number[], fontSize: number): TableCell[] {
  return row.map((cell, j) => {
    const span = typeof cell === 'object' && cell !== null && 'colSpan' in cell && typeof cell.colSpan === 'number' ? cell.colSpan : 1;
    let w = -2 * CELL_PADDING;
    for (let k = j; k < Math.min(widths.length, j + span); k += 1) w += widths[k] ?? 0;
    return fitTokens(cell, w, fontSize, false) as TableCell;
  });
}

export function txt(value: unknown, extra: Omit<ContentText, 'text'> = {}): ContentText {
  return { text: toSafeText(value), ...extra };
}

export function formatInt(n: number): string {
  return Number.isFinite(n) ? String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : t(n);
}

export function statusLabel(s: Status): string {
  return isStatus(s) ? STATUS_LABELS[s] : t(s);
}

export function statusText(s: Status, extra: Omit<ContentText, 'text'> = {}): ContentText {
  return { text: statusLabel(s), bold: true, color: isStatus(s) ? STATUS_COLOURS[s] : '#000000', ...extra };
}

export function responsibilityLabel(r: Responsibility): string {
  return Object.hasOwn(RESPONSIBILITY_LABELS, r) ? RESPONSIBILITY_LABELS[r] : t(r);
}

function isDate(iso: string): boolean {
  return !Number.isNaN(new Date(iso).getTime());
}

/** `2026-03-31T14:05:09Z` -> `2026-03-31` (domain/dates); invalid input is shown as given (safely). */
export function day(iso: string | undefined): string {
  if (!iso) return '—';
  return isDate(iso) ? toDay(iso) : t(iso);
}

/** `2026-03-31T14:05:09Z` -> `2026-03-31 14:05:09 UTC`; invalid input is shown as given (safely). */
export function dayAndTime(iso: string): string {
  if (!isDate(iso)) return t(iso);
  return `${toDay(iso)} ${new Date(iso).toISOString().slice(11, 19)} UTC`;
}

export function period(start: string | undefined, end: string | undefined): string {
  return `${day(start)} to ${end ? day(end) : 'open'}`;
}

export function unique(values: Iterable<string>): string[] {
  return [...new Set([...values].map((v) => v.trim()).filter((v) => v.length > 0))];
}

/** Fixed widths in points from relative weights, leaving room for cell padding and lines. */
export function fit(weights: readonly number[], available: number): number[] {
  const overhead = weights.length * (2 * CELL_PADDING + LINE_WIDTH) + LINE_WIDTH + 1;
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.floor(((available - overhead) * w) / total * 100) / 100);
}

export interface PdfDocumentOptions {
  /** Shown on the cover, e.g. `srmap 0.1.0 report --framework hipaa-security`. */
  generatedBy?: string;
}

/** What every section is given: the one evaluation it repeats, and the document's shared state. */
export interface Ctx {
  input: PackInput;
  options: PdfDocumentOptions;
  grid: CustomTableLayout;
  plain: CustomTableLayout;
  /** Control id -> node id of its first full rendering (later mentions point to its page). */
  controlAnchors: Map<string, string>;
  /** Managed-rule identifier -> node id of its failing resources' first listing. */
  ruleAnchors: Map<string, string>;
  nextId: () => string;
}

/** A fresh context for one document: its anchors and node ids start empty. */
export function toPdfContext(input: PackInput, options: PdfDocumentOptions = {}): Ctx {
  let counter = 0;
  return {
    input,
    options,
    grid: makeGridLayout(),
    plain: makePlainLayout(),
    controlAnchors: new Map(),
    ruleAnchors: new Map(),
    nextId: () => `n${++counter}`,
  };
}

/**
 * One section of the pack: the document frame (to-pdf-document.ts) calls each in its list order.
 * A section that has nothing to say (no history, no previous snapshot) returns [].
 */
export type PdfSection = (ctx: Ctx) => Content[];

/** A grid table with one header row repeated across pages; `None recorded.` when empty. */
export function table(
  ctx: Ctx,
  headers: readonly string[],
  rows: TableCell[][],
  weights: readonly number[],
  width: number,
  opts: { fontSize?: number; headerFontSize?: number; empty?: string } = {},
): Content {
  if (rows.length === 0) return { text: opts.empty ?? 'None recorded.', style: 'muted', margin: [0, 1, 0, 5] };
  const widths = fit(weights, width);
  const fontSize = opts.fontSize ?? 7.5;
  return {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      // A row never splits across a page: an id, a hash or a date stays whole where an auditor reads it.
      dontBreakRows: true,
      widths,
      body: [headers.map((h): TableCell => ({ text: h, style: 'th', ...(opts.headerFontSize ? { fontSize: opts.headerFontSize } : {}) })), ...rows.map((row) => fitRow(row, widths, fontSize))],
    },
    layout: ctx.grid,
    fontSize,
    margin: [0, 2, 0, 6],
  };
}

/** Label/value pairs, two columns, no borders. */
export function keyValues(ctx: Ctx, pairs: [string, ContentText | string][], width: number, labelWidth = 100): Content {
  return {
    table: {
      widths: [labelWidth, width - labelWidth - 4 * CELL_PADDING - 2],
      body: pairs.map(([k, v]): TableCell[] => [
        { text: k, style: 'label' },
        typeof v === 'string' ? { text: v } : v,
      ]),
    },
    layout: ctx.plain,
    margin: [0, 2, 0, 4],
  };
}

/** Label/value lines: cheaper to lay out than a table, for the many small blocks of the detail. */
export function fields(pairs: [string, ContentText | string][]): Content {
  return {
    stack: pairs.map(([k, v]): Content => ({ text: [{ text: `${k}: `, bold: true, color: '#444444' }, v] })),
    margin: [0, 1, 0, 4],
  };
}

export function bullets(items: readonly string[], style = 'body'): Content {
  return { ul: items.map((s): Content => ({ text: t(s) })), style, margin: [0, 1, 0, 4] };
}

export function ownerText(owner: OwnerRecord | undefined): ContentText {
  if (!owner) return { text: 'Not assigned', color: STATUS_COLOURS['needs-evidence'] };
  const parts = [`Responsible: ${t(owner.responsible)}`, `Accountable: ${t(owner.accountable)}`];
  if (owner.consulted) parts.push(`Consulted: ${t(owner.consulted)}`);
  if (owner.informed) parts.push(`Informed: ${t(owner.informed)}`);
  return { text: parts.join('  ·  ') };
}

export function gapLine(g: Gap): string {
  const where = [g.account, g.region].filter((x): x is string => !!x).map(t).join(' ');
  const action = g.action ? ` Missing IAM action: ${t(g.action)}.` : '';
  return `${t(g.code)} (${t(g.source)}${where ? `, ${where}` : ''}): ${t(g.message)}.${action}`;
}

/**
 * A section heading: PDF outline entry (nested under `parentId`), optional table-of-contents
 * entry, and a named destination `id`. The pdfmake typings split these over disjoint node types,
 * so the node is built as a plain object and handed over as Content.
 */
export function heading(
  text: string,
  style: 'h1' | 'h2' | 'h3' | 'h4',
  id: string,
  opts: { toc?: boolean; tocMargin?: Margins; parentId?: string; extra?: Omit<ContentText, 'text'> } = {},
): Content {
  const node = {
    text,
    style,
    id,
    outline: true,
    outlineText: text,
    ...(opts.parentId ? { outlineParentId: opts.parentId } : {}),
    ...(opts.toc ? { tocItem: true, ...(opts.tocMargin ? { tocMargin: opts.tocMargin } : {}) } : {}),
    ...opts.extra,
  };
  return node;
}

/** A node that is also a named destination (for pageReference). */
export function withId(node: ContentText, id: string): Content {
  const out = { ...node, id };
  return out;
}

