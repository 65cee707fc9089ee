import { describe, expect, it } from 'vitest';
import { toEmbeddedJson } from '../../../src/render/html/embed-json.js';

describe('toEmbeddedJson', () => {
  it('writes no character that could end the script element or open a comment, and reads back unchanged', () => {
    const value = { note: '</script><script>alert(1)</script><!-- & -->', sep: 'a\u2028b\u2029c', nested: ['<b>', '>'] };
    const json = toEmbeddedJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
