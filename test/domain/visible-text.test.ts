import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, toVisibleJson, toVisibleText } from '../../src/domain/visible-text.js';

describe('toVisibleText', () => {
  it.each([
    ['NUL, BEL, ESC', 'a\u0000b\u0007c\u001b[31m', 'a\\u{0000}b\\u{0007}c\\u{001B}[31m'],
    ['DEL and C1', 'x\u007Fy\u0085z\u009B', 'x\\u{007F}y\\u{0085}z\\u{009B}'],
    ['bidi overrides and isolates', '\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069', '\\u{202A}a\\u{202B}b\\u{202C}c\\u{202D}d\\u{202E}e\\u{2066}f\\u{2067}g\\u{2068}h\\u{2069}'],
    ['zero-width characters and BOM', 'i-0\u200Babc\u200C\u200D\uFEFF', 'i-0\\u{200B}abc\\u{200C}\\u{200D}\\u{FEFF}'],
    ['LRM, RLM, word joiner, soft hyphen', '\u200E\u200F\u2060\u00AD', '\\u{200E}\\u{200F}\\u{2060}\\u{00AD}'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u{2028}b\\u{2029}c'],
    ['tag characters (hidden ASCII)', 'ok\u{E0041}\u{E0042}', 'ok\\u{E0041}\\u{E0042}'],
    ['lone surrogates', '\uD800x\uDC00', '\\u{D800}x\\u{DC00}'],
    ['Hangul fillers', 'a\u3164b\u115F', 'a\\u{3164}b\\u{115F}'],
  ])('%s', (_name, input, expected) => {
    expect(toVisibleText(input)).toBe(expected);
    expect(hasHiddenCharacters(input)).toBe(true);
    expect(hasHiddenCharacters(toVisibleText(input))).toBe(false);
  });

  it('leaves ordinary text alone: TAB, LF, CR, accents, CJK, emoji, an escape already written', () => {
    for (const s of ['plain', 'tab\there\r\nnext', 'café 東京 😀', 'arn:aws:s3:::bucket/key', '\\u{200B} literal', '=HYPERLINK("x")']) {
      expect(toVisibleText(s)).toBe(s);
      expect(hasHiddenCharacters(s)).toBe(false);
    }
  });

  it('escapes exactly the characters hasHiddenCharacters finds, for every code point of the BMP (the plain-ASCII shortcut included)', () => {
    for (let cp = 0; cp <= 0xffff; cp++) {
      const c = String.fromCharCode(cp);
      for (const s of [c, `a${c}b`]) expect(toVisibleText(s) !== s, `U+${cp.toString(16)}`).toBe(hasHiddenCharacters(s));
    }
  });

  it('toVisibleJson: valid JSON that reads back to the same text, with nothing hidden in it', () => {
    const value = { id: 'vol-\u202Eevil\u200B', note: 'nul\u0000' };
    const json = toVisibleJson(value, 2);
    expect(hasHiddenCharacters(json)).toBe(false);
    expect(json).toContain('vol-\\u202eevil\\u200b');
    expect(JSON.parse(json)).toEqual(value);
  });
});
