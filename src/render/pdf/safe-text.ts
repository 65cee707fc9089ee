/**
 * Untrusted text (everything that came from AWS or a register: resource ids, annotations, rule
 * names, organisation and report names) goes into the PDF only through these functions, and only
 * ever as the `text` of a node. Pure.
 */
import { toVisibleText } from '../../domain/visible-text.js';

/** Longest untrusted string the PDF shows; the CSV has it all. */
export const MAX_TEXT_LENGTH = 2_000;

export interface SafeTextOptions {
  /** Keep line breaks (narratives, multi-line annotations); otherwise they become spaces. */
  multiline?: boolean;
  maxLength?: number;
}

/**
 * Plain, printable text for a pdfmake `text` node: control, zero-width and bidi characters made
 * visible as `\u{XXXX}` (domain/visible-text: a right-to-left override can make `evil-name` read
 * as something else, so it is shown, not obeyed nor silently dropped), lone surrogates likewise,
 * tabs and (unless multiline) line breaks made spaces, capped in length. Values that are
 * not strings (undefined, numbers) are shown as their string form; null and undefined as ''.
 */
export function toSafeText(value: unknown, options: SafeTextOptions = {}): string {
  if (value === undefined || value === null) return '';
  let s = typeof value === 'string' ? value : String(value);
  s = s.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  s = toVisibleText(s);
  s = options.multiline ? s.replace(/\n{3,}/g, '\n\n') : s.replace(/\s*\n\s*/g, ' ');
  const max = options.maxLength ?? MAX_TEXT_LENGTH;
  if (s.length > max) {
    // Never cut a surrogate pair in two (a lone half upsets font subsetting).
    const cut = /[\uD800-\uDBFF]/.test(s.charAt(max - 1)) ? max - 1 : max;
    s = `${s.slice(0, cut)}… (truncated; see the CSV)`;
  }
  return s;
}

/**
 * Text for the PDF information dictionary (and the XMP of PDF/A, which pdfkit does not escape):
 * single line, no `& < >`.
 */
export function toSafeMetadata(value: unknown): string {
  return toSafeText(value, { maxLength: 500 }).replace(/[&<>]/g, ' ').replace(/\s{2,}/g, ' ').trim();
}
