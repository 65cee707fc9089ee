import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPdfDocument } from '../../../src/render/pdf/to-pdf-document.js';
import { renderPdfBuffer } from '../../../src/render/pdf/write-pdf.js';
import { installPdfmakeFastPaths, installedFastPaths, removePdfmakeFastPaths, toLineRuns } from '../../../src/render/pdf/pdfmake-fast-paths.js';
import { HOSTILE, makePackInput } from '../../fixtures/pack-input.js';
import { readPdf, type ReadPdf } from '../../helpers/read-pdf.js';

const render = (input = makePackInput()) => renderPdfBuffer(toPdfDocument(input, { generatedBy: 'srmap test' }));

/** A pack with hostile text and wider fonts in play: another framework's words, some unlike the first's. */
function otherPack() {
  const input = makePackInput();
  input.evidence.manifest.organisation.name = `${HOSTILE} Ünïcødé 北京 ﬁ`;
  return input;
}

let fast: Buffer;
let plain: Buffer;
let fastPdf: ReadPdf;
let plainPdf: ReadPdf;

beforeAll(async () => {
  fast = await render();
  removePdfmakeFastPaths();
  plain = await render();
  installPdfmakeFastPaths();
  [fastPdf, plainPdf] = await Promise.all([readPdf(fast), readPdf(plain)]);
});

afterAll(() => {
  installPdfmakeFastPaths();
});

describe('pdfmake fast paths', () => {
  it('are all in place once a PDF is rendered (a pdfmake upgrade that moves one shows here)', () => {
    expect(installedFastPaths().sort()).toEqual(['compact-words', 'layout-runs', 'line-runs', 'shaping-cache', 'style-lookup']);
  });

  it('leave every page reading the same, line by line, in a smaller file', () => {
    expect(fastPdf.pages.length).toBe(plainPdf.pages.length);
    const lines = (p: string) => p.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l.length > 0);
    for (let i = 0; i < plainPdf.pages.length; i += 1) expect(lines(fastPdf.pages[i] ?? '')).toEqual(lines(plainPdf.pages[i] ?? ''));
    expect(fastPdf.outline).toEqual(plainPdf.outline);
    expect(fastPdf.info).toEqual(plainPdf.info);
    expect(fast.length).toBeLessThan(plain.length * 0.85);
  });

  it('give the same bytes whatever this thread laid out before (the shared shaping cache)', async () => {
    removePdfmakeFastPaths();
    installPdfmakeFastPaths();
    const first = await render(otherPack());
    await render();
    const after = await render(otherPack());
    removePdfmakeFastPaths();
    installPdfmakeFastPaths();
    await render();
    const afterOther = await render(otherPack());
    expect(after.equals(first)).toBe(true);
    expect(afterOther.equals(first)).toBe(true);
    expect((await render()).equals(fast)).toBe(true);
  });

  it('change the bytes only by the line runs: the style lookup, the shaping cache and the compact words alone leave them as they were', async () => {
    removePdfmakeFastPaths();
    installPdfmakeFastPaths(['style-lookup', 'shaping-cache']);
    await render(otherPack());
    const without = await render();
    removePdfmakeFastPaths();
    installPdfmakeFastPaths(['compact-words']);
    const compact = await render();
    removePdfmakeFastPaths();
    installPdfmakeFastPaths();
    expect(without.equals(plain)).toBe(true);
    expect(compact.equals(plain)).toBe(true);
  });

  it('join the runs as each line is laid out, drawing what joining them at drawing time drew', async () => {
    removePdfmakeFastPaths();
    installPdfmakeFastPaths(['line-runs', 'style-lookup', 'shaping-cache']);
    const drawingTime = await render();
    removePdfmakeFastPaths();
    installPdfmakeFastPaths(['layout-runs', 'style-lookup', 'shaping-cache']);
    const layoutTime = await render();
    removePdfmakeFastPaths();
    installPdfmakeFastPaths();
    expect(drawingTime.equals(fast)).toBe(true);
    expect(layoutTime.equals(fast)).toBe(true);
  });
});

describe('toLineRuns', () => {
  const font = {};
  const word = (text: string, x: number, width: number, extra: Record<string, unknown> = {}) => ({ text, x, width, font, fontSize: 8, color: '#000', opacity: 1, ...extra });

  it('joins like words set edge to edge, and leaves the line it was given as it was', () => {
    const line = [word('Deciding ', 0, 30), word('evidence ', 30, 31), word('here', 61, 15)];
    const copy = structuredClone(line);
    const runs = toLineRuns(line);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ text: 'Deciding evidence here', x: 0, width: 76 });
    expect(line).toEqual(copy);
  });

  it('keeps apart what a run would draw differently: colour, size, font, a gap, a link, spacing, a line break', () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{}, { color: '#f00' }],
      [{}, { fontSize: 9 }],
      [{}, { font: {} }],
      [{}, { opacity: 0.5 }],
      [{}, { link: 'https://example.com' }],
      [{}, { linkToDestination: 'n1' }],
      [{}, { linkToPage: 3 }],
      [{}, { _pageNodeRef: {} }],
      [{}, { characterSpacing: 1 }],
      [{}, { decoration: 'underline' }],
      [{}, { background: '#eee' }],
      [{}, { sup: true }],
      [{}, { justifyShift: 2 }],
      [{ text: 'a\n' }, {}],
    ];
    for (const [a, b] of cases) {
      const first = word('a ', 0, 10, a);
      const runs = toLineRuns([first, word('b', 10, 5, b)]);
      expect(runs, JSON.stringify([a, b])).toHaveLength(2);
    }
    expect(toLineRuns([word('a ', 0, 10), word('b', 12, 5)])).toHaveLength(2);
    // pdfmake broke these without a space (after a hyphen, inside a long token): shaped apart, kept apart.
    expect(toLineRuns([word('network-', 0, 30), word('security ', 30, 30)])).toHaveLength(2);
    expect(toLineRuns([word('arn:aws:s3:::bucket/', 0, 80), word('key', 80, 15)])).toHaveLength(2);
  });

  it('keeps a measured word compact when it joins it: the styles it reads from its prototype read the same', () => {
    installPdfmakeFastPaths();
    type Measurer = { measure(items: object[], stack: unknown): Record<string, unknown>[] };
    const TextInlines = (createRequire(import.meta.url)('pdfmake/js/TextInlines.js') as { default: new (doc: unknown) => Measurer }).default;
    const font = { lineHeight: (size: number) => size * 1.2, widthOfString: (text: string, size: number) => text.length * size * 0.5 };
    const [a, b] = new TextInlines({ provideFont: () => font }).measure([{ text: 'Deciding ' }, { text: 'evidence', bold: true }], undefined);
    if (!a || !b) throw new Error('two words measured');
    expect(a).toMatchObject({ text: 'Deciding ', font, fontSize: 12, color: 'black', width: 54, trailingCut: 6, opacity: 1, decoration: null, link: null, characterSpacing: 0, sup: false });
    expect(Object.keys(a)).not.toContain('opacity');
    expect(b).toMatchObject({ text: 'evidence', bold: true, width: 48, trailingCut: 0 });
    a.x = 0;
    b.x = 54;
    const runs = toLineRuns([a, b] as unknown as Parameters<typeof toLineRuns>[0]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ text: 'Deciding evidence', width: 102, opacity: 1, decoration: null, characterSpacing: 0 });
    expect(Object.getPrototypeOf(runs[0])).toBe(Object.getPrototypeOf(a));
    expect(a).toMatchObject({ text: 'Deciding ', width: 54 });
  });

  it('joins each stretch on its own', () => {
    const runs = toLineRuns([word('a ', 0, 10), word('b ', 10, 10), word('c ', 20, 10, { bold: true, color: '#f00' }), word('d ', 30, 10, { color: '#f00' }), word('e', 40, 5)]);
    expect(runs.map((r) => r.text)).toEqual(['a b ', 'c d ', 'e']);
  });
});
