/**
 * Spreadsheet formula injection: csv-stringify's `escape_formulas` prefixes `'` before a leading
 * = + - @ TAB CR (and full-width forms). It misses a leading NUL or LF and formula characters
 * behind leading white space (OWASP, ASVS 5.0 1.2.10); those are handled here first.
 */
import { toVisibleText } from '../../domain/visible-text.js';

const MISSED = /^(?:[\0\n]|[\s\0]+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

export function neutraliseCell(value: string): string {
  // A cell starting with a printable ASCII character cannot match (the pattern starts with NUL,
  // LF or white space): most cells, decided without the regular expression.
  const c = value.charCodeAt(0);
  if (c > 32 && c < 127) return value;
  return MISSED.test(value) ? `'${value}` : value;
}

/**
 * Every CSV cell srmap writes: control and invisible characters made visible (domain/visible-text:
 * `\u{200B}`, `\u{0000}`; TAB, CR and LF are kept, quoted), then formula-neutralised.
 */
export function toSafeCell(value: string): string {
  return neutraliseCell(toVisibleText(value));
}

/** The first characters csv-stringify's `escape_formulas` prefixes with `'`. */
const STRINGIFY_ESCAPED = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * A cell of a CSV srmap wrote, without the `'` that neutralised a would-be formula: for a typed
 * text cell (the workbook), which cannot be a formula and needs no prefix. Everything else as
 * written. (A value that itself began with `'` and then one of those characters cannot be told
 * apart from a neutralised one: it loses its `'`.)
 */
export function restoreCell(cell: string): string {
  if (cell.charCodeAt(0) !== 39 /* ' */) return cell;
  const rest = cell.slice(1);
  return STRINGIFY_ESCAPED.has(rest.charAt(0)) || MISSED.test(rest) ? rest : cell;
}
