/**
 * JSON that can sit inside `<script type="application/json">`: `<`, `>` and `&` are written as
 * `\u003c`, `\u003e`, `\u0026` (so no AWS text can close the tag or open a comment), and U+2028 /
 * U+2029 escaped too. JSON.parse reads it back unchanged. Pure.
 */
const UNSAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function toEmbeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => UNSAFE[c] ?? c);
}
