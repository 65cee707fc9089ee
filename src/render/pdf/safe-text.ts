/**
 * Untrusted text (everything that came from AWS or a register: resource ids, annotations, rule
 * names, organisation and report names) goes into the PDF only through these functions, and only
 * ever as the `text` of a node. Pure.
 */

/**
 * C0/C1 controls except tab and line feeds, zero-width and bidirectional formatting characters
 * (a right-to-left override can make `evil-name` read as something else), and BOMs.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** Unpaired UTF-16 surrogates: not text, and they upset font subsetting. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Longest untrusted string the PDF shows; the CSV has it all. */
export const MAX_TEXT_LENGTH = 2_000;

export interface SafeTextOptions {
  /** Keep line breaks (narratives, multi-line annotations); otherwise they become spaces. */
  multiline?: boolean;
  maxLength?: number;
}

/**
 * Plain, printable text for a pdfmake `text` node: control, zero-width and bidi characters
 * removed, tabs and (unless multiline) line breaks made spaces, capped in length. Values that are
 * not strings (undefined, numbers) are shown as their string form; null and undefined as ''.
 */
export function toSafeText(value: unknown, options: SafeTextOptions = {}): string {
  if (value === undefined || value === null) return '';
  let s = typeof value === 'string' ? value : String(value);
  s = s.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  s = s.replace(INVISIBLE, '').replace(LONE_SURROGATE, '\uFFFD');
  s = options.multiline ? s.replace(/\n{3,}/g, '\n\n') : s.replace(/\s*\n\s*/g, ' ');
  const max = options.maxLength ?? MAX_TEXT_LENGTH;
  if (s.length > max) s = `${s.slice(0, max)}… (truncated; see the CSV)`;
  return s;
}

/**
 * Text for the PDF information dictionary (and the XMP of PDF/A, which pdfkit does not escape):
 * single line, no `& < >`.
 */
export function toSafeMetadata(value: unknown): string {
  return toSafeText(value, { maxLength: 500 }).replace(/[&<>]/g, ' ').replace(/\s{2,}/g, ' ').trim();
}
