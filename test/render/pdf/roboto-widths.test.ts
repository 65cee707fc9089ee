import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROBOTO_MEDIUM, ROBOTO_REGULAR, textWidth } from '../../../src/render/pdf/roboto-widths.js';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { openSync(file: string): { unitsPerEm: number; glyphForCodePoint(c: number): { advanceWidth: number } } };
const dir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

describe('Roboto advance widths', () => {
  it.each([
    ['Roboto-Regular.ttf', ROBOTO_REGULAR],
    ['Roboto-Medium.ttf', ROBOTO_MEDIUM],
  ])('%s: the table is the font shipped in pdfmake', (file, table) => {
    const font = fontkit.openSync(path.join(dir, file));
    const widths = Array.from({ length: 95 }, (_, i) => Math.round((font.glyphForCodePoint(32 + i).advanceWidth / font.unitsPerEm) * 1000));
    expect(table).toEqual(widths);
  });

  it('measures a token as the font does', () => {
    expect(textWidth('MM', 10)).toBeCloseTo(17.46, 2);
    expect(textWidth('MM', 10, true)).toBeCloseTo(17.5, 2);
    expect(textWidth('é', 10)).toBe(9);
  });
});
