import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters } from '../../../src/domain/visible-text.js';
import { line } from '../../../src/render/oscal/oscal-text.js';

describe('line (an OSCAL string from untrusted text)', () => {
  it('shows every character the other outputs show, not a shorter list of its own', () => {
    // Soft hyphen, Arabic letter mark, a tag character, a Hangul filler, a lone surrogate: each slipped
    // through the OSCAL documents raw while the CSVs and the PDF showed them (found by the attack run).
    const hostile = 'bucket\u00AD-\u061C-\u{E0041}-\u3164-\uD800-\u200B-\u202Eevil\u202C\u0000';
    const out = line(hostile);
    expect(hasHiddenCharacters(out)).toBe(false);
    expect(out).toBe('bucket\\u{00AD}-\\u{061C}-\\u{E0041}-\\u{3164}-\\u{D800}-\\u{200B}-\\u{202E}evil\\u{202C}\\u{0000}');
  });

  it('is one line with its white space folded, never empty', () => {
    expect(line('  a\r\n\tb  ')).toBe('a b');
    expect(line('   ')).toBe('-');
    expect(line(undefined, 'none')).toBe('none');
  });
});
