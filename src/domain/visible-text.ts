/**
 * All text that came from AWS (resource ids, annotations, tags, report names) or from a user's
 * files is untrusted. Control and invisible characters in it are made visible, never passed on and
 * never silently dropped: a resource id with a right-to-left override or a zero-width space can be
 * made to look like another one, a NUL or ESC can upset a spreadsheet or a terminal. Every writer
 * (CSV, PDF, narratives, console, and any later one: workbook, HTML) puts untrusted text through
 * `toVisibleText`. Pure.
 *
 * What is escaped, as `\u{XXXX}` (the code point in hex, at least four digits):
 * - C0 and C1 controls (NUL, BEL, ESC, DEL, U+0080-009F ...), except TAB, LF and CR, which a
 *   writer handles itself (CSV quotes them, the PDF turns them into spaces or line breaks);
 * - format characters (Unicode category Cf): zero-width space, joiners and non-joiner
 *   (U+200B-200D), LRM/RLM, bidirectional embeddings, overrides and isolates (U+202A-202E,
 *   U+2066-2069), word joiner and invisible operators (U+2060-2064), BOM / zero-width no-break
 *   space (U+FEFF), soft hyphen, Arabic letter mark, tag characters (U+E0001, U+E0020-E007F);
 * - line and paragraph separators (U+2028, U+2029);
 * - lone UTF-16 surrogates (not text);
 * - the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), letters that draw as nothing.
 */

const HIDDEN = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115F\u1160\u3164\uFFA0]/gu;

/** `\u{200B}` for U+200B: the visible form of one hidden character. */
export function toEscape(char: string): string {
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`;
}

/** Does `text` hold a character toVisibleText would escape? */
export function hasHiddenCharacters(text: string): boolean {
  HIDDEN.lastIndex = 0;
  const found = HIDDEN.test(text);
  HIDDEN.lastIndex = 0;
  return found;
}

/** Printable ASCII, TAB, LF and CR only: nothing to escape (most text, decided without HIDDEN's Unicode classes). */
const PLAIN = /^[\x20-\x7e\t\n\r]*$/;

/** `text` with every control and invisible character (but TAB, LF, CR) written as `\u{XXXX}`. */
export function toVisibleText(text: string): string {
  return PLAIN.test(text) ? text : text.replace(HIDDEN, toEscape);
}

/**
 * JSON for a console or file: the same characters escaped the JSON way (`\u200b`, which any JSON
 * reader turns back into the character), so the output is valid JSON and shows nothing hidden.
 */
export function toVisibleJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(HIDDEN, (c) => {
    let out = '';
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}
