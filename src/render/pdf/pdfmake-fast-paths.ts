/**
 * Fast paths in pdfmake 0.3 and pdfkit 0.19, installed once per thread by write-pdf.ts.
 * Measured on the demo's five PDFs laid out in one worker lane (16 MB young generation, 256 MB
 * heap, as write-pdf-in-worker starts them): 19.1 s of CPU without them, 13.5 s with them, and
 * files about a third smaller. What a page shows and what a reader extracts from it is unchanged.
 *
 * 1. One text run per line of like-styled words. pdfmake draws each word as a text object of its
 *    own (save, matrix, BT, font, TJ, ET, restore, fill colour and opacity every time; its
 *    Renderer notes "lines without differently styled inlines should be written to pdf as one
 *    stream" as a to-do). Words of one line set edge to edge in the same font, size, colour and
 *    opacity, with no character spacing, link, page reference, decoration or background, are drawn
 *    as one run: pdfkit shapes a run space by space, as pdfmake measured its words, so the same
 *    glyphs land at the same places (a word is joined to the next only after a space or tab).
 * 2. The same runs joined as each line is set on its page ('layout-runs'), so the laid-out pages
 *    hold a run where they held each word: pdfmake keeps every page until the last is laid out,
 *    and its one object per word was the largest part of a PDF thread's peak heap (PCI DSS: 98 MB
 *    live at the end of layout before, 80 MB after). Same bytes.
 * 3. Compact words ('compact-words'). pdfmake's measure adds some twenty-five properties to each
 *    word's object one by one (about 340 bytes a word, in a properties array grown three slots at a
 *    time); each word is now made by one constructor, holding what words differ in (text, font,
 *    alignment, size, colour, width, height, cuts, x) and reading the fourteen styles a word almost
 *    always has at their default from its prototype. PCI DSS: 55 -> 44 MB live once measured, the
 *    thread's CPU a little lower. Same bytes.
 * 4. Style lookup without allocation. pdfmake resolves about twenty style properties for every
 *    word by walking the node's style stack, and allocates a closure and a Set per lookup; this
 *    gives the same answer (it defers to the original for a named style that `extends` another,
 *    which the pack does not use) with no allocation. Same bytes.
 * 5. One shaping cache per font file and thread. pdfkit shapes each distinct word once per
 *    document (fontkit layout) and drops that cache with the document; the pack's PDFs share most
 *    words (rule identifiers, control texts, resource ids), so a lane laying out several PDFs
 *    shapes each word once. A word's glyphs and advances depend only on the font file, so the
 *    bytes are the same whatever was laid out before. The cache keeps a word's glyphs, positions
 *    (one object per distinct position, shared) and width, not fontkit's whole run (PCI DSS's
 *    words: about 1 MB instead of 17 MB). And a run's words are joined without copying its glyph
 *    arrays once per word (same glyphs, same bytes).
 *
 * Each patch checks that the function it wraps exists and is installed once; if a pdfmake release
 * moves one, that path is left out (installedFastPaths says which are in) and output stays correct.
 * Because they read pdfmake's and pdfkit's internals, package.json pins both exactly (pdfmake 0.3.11,
 * pdfkit 0.19.1, which pdfmake's own range dedupes to): an upgrade is a deliberate change, made with
 * this file's test (which fails when a path is left out) and a look at the pages.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type FastPath = 'line-runs' | 'layout-runs' | 'compact-words' | 'style-lookup' | 'shaping-cache';

const installed = new Set<FastPath>();
/** How to put each installed function back (removePdfmakeFastPaths). */
const undo: (() => void)[] = [];

/** Which fast paths are in place in this thread. */
export function installedFastPaths(): FastPath[] {
  return [...installed];
}

interface Inline {
  text: string;
  x: number;
  width: number;
  font: unknown;
  fontSize: number;
  color: unknown;
  opacity?: number;
  characterSpacing?: number;
  fontFeatures?: unknown;
  link?: unknown;
  linkToDestination?: unknown;
  linkToPage?: unknown;
  _pageNodeRef?: unknown;
  decoration?: unknown;
  background?: unknown;
  sup?: boolean;
  sub?: boolean;
  justifyShift?: number;
}

interface Line {
  inlines: Inline[];
  _pageNodeRef?: unknown;
}

/** A word that can share a text run: nothing drawn around it or tied to its own box. */
function plain(a: Inline): boolean {
  return (
    !a.characterSpacing &&
    !a.fontFeatures &&
    !a.link &&
    !a.linkToDestination &&
    !a.linkToPage &&
    !a._pageNodeRef &&
    !a.decoration &&
    !a.background &&
    !a.sup &&
    !a.sub &&
    !a.justifyShift &&
    !a.text.includes('\n')
  );
}

function sameLook(a: Inline, b: Inline): boolean {
  return a.font === b.font && a.fontSize === b.fontSize && a.color === b.color && a.opacity === b.opacity;
}

/**
 * pdfkit shapes a run in pieces that end at a space or tab, as pdfmake measured its words: a word
 * joined only after one of those keeps every piece, so its glyphs and their advances, as measured
 * (a word pdfmake broke after a hyphen or inside a long token is not joined to what follows).
 */
function endsWord(a: Inline): boolean {
  const last = a.text.charAt(a.text.length - 1);
  return last === ' ' || last === '\t';
}

/** Closer than this (in points), two words touch. */
const EDGE = 1e-6;

/** The line's words with each stretch of like-styled touching words joined into one (new objects; the line's own are untouched). */
export function toLineRuns(inlines: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  let run: Inline | undefined;
  let joined = false;
  for (const inline of inlines) {
    if (run && endsWord(run) && plain(run) && plain(inline) && sameLook(run, inline) && Math.abs(run.x + run.width - inline.x) < EDGE) {
      if (!joined) {
        run = copyWord(run);
        out[out.length - 1] = run;
        joined = true;
      }
      run.text += inline.text;
      run.width += inline.width;
    } else {
      run = inline;
      joined = false;
      out.push(inline);
    }
  }
  return out;
}

function installLineRuns(): void {
  const Renderer = (require('pdfmake/js/Renderer.js') as { default?: { prototype: Record<string, unknown> } }).default;
  const proto = Renderer?.prototype;
  const original = proto?.renderLine;
  if (!proto || typeof original !== 'function' || proto.__srmapLineRuns) return;
  proto.renderLine = function renderLineRuns(this: unknown, line: Line, x: number, y: number): unknown {
    const words = line.inlines;
    // A line that carries a page reference has its first word replaced by the page number.
    if (line._pageNodeRef || words.length < 2) return original.call(this, line, x, y);
    const runs = toLineRuns(words);
    if (runs.length === words.length) return original.call(this, line, x, y);
    line.inlines = runs;
    try {
      return original.call(this, line, x, y);
    } finally {
      line.inlines = words;
    }
  };
  proto.__srmapLineRuns = true;
  installed.add('line-runs');
  undo.push(() => {
    proto.renderLine = original;
    delete proto.__srmapLineRuns;
  });
}

/**
 * The same runs, joined as soon as a line is set on its page (after its alignment), so that from
 * then on the page holds one object per run instead of one per word: a PDF's words otherwise all
 * stay alive until the last page is laid out, which is the layout's peak memory. The renderer then
 * finds the runs already joined (joining them again changes nothing), and draws what it drew.
 * A line that carries a page reference is left as it is, as renderLineRuns leaves it.
 */
function installLayoutRuns(): void {
  const Writer = (require('pdfmake/js/ElementWriter.js') as { default?: { prototype: Record<string, unknown> } }).default;
  const proto = Writer?.prototype;
  const original = proto?.addLine as ((this: unknown, line: Line, dontUpdateContextPosition?: unknown, index?: unknown) => unknown) | undefined;
  if (!proto || typeof original !== 'function' || proto.__srmapLayoutRuns) return;
  proto.addLine = function addLineRuns(this: unknown, line: Line, dontUpdateContextPosition?: unknown, index?: unknown): unknown {
    const position = original.call(this, line, dontUpdateContextPosition, index);
    if (position && !line._pageNodeRef && line.inlines.length > 1) {
      const runs = toLineRuns(line.inlines);
      if (runs.length < line.inlines.length) line.inlines = runs;
    }
    return position;
  };
  proto.__srmapLayoutRuns = true;
  installed.add('layout-runs');
  undo.push(() => {
    proto.addLine = original;
    delete proto.__srmapLayoutRuns;
  });
}

interface StyleStack {
  styleDictionary: Record<string, Record<string, unknown> | undefined> | null;
  defaultStyle?: Record<string, unknown>;
  styleOverrides?: unknown[];
  autopush(item: unknown): number;
  pop(n?: number): void;
  getProperty(property: string): unknown;
}

const isValue = (v: unknown): boolean => v !== undefined && v !== null;

function installStyleLookup(): void {
  const Stack = (require('pdfmake/js/StyleContextStack.js') as { default?: { prototype: Record<string, unknown>; getStyleProperty?: unknown } & Record<string, unknown> }).default;
  const proto = Stack?.prototype;
  const original = proto?.getProperty as ((this: StyleStack, property: string) => unknown) | undefined;
  const originalStatic = Stack?.getStyleProperty;
  if (!Stack || !proto || typeof original !== 'function' || typeof originalStatic !== 'function' || typeof proto.autopush !== 'function' || proto.__srmapStyleLookup) return;
  proto.getProperty = function getProperty(this: StyleStack, property: string): unknown {
    const overrides = this.styleOverrides;
    if (overrides) {
      for (let i = overrides.length - 1; i >= 0; i -= 1) {
        const item = overrides[i];
        if (typeof item === 'string' || item instanceof String) {
          const style = this.styleDictionary?.[String(item)];
          if (!style) continue;
          if (style.extends) return original.call(this, property);
          const v = style[property];
          if (isValue(v)) return v;
        } else if (item && typeof item === 'object') {
          const v = (item as Record<string, unknown>)[property];
          if (isValue(v)) return v;
        }
      }
    }
    return this.defaultStyle && this.defaultStyle[property];
  };
  // The same steps as pdfmake's (the item's own value, else the stack with the item pushed), without a closure.
  Stack.getStyleProperty = function getStyleProperty(item: Record<string, unknown>, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
    const own = item[property];
    if (isValue(own)) return own;
    if (!stack) return defaultValue;
    const pushed = stack.autopush(item);
    const value = stack.getProperty(property);
    if (pushed > 0) stack.pop(pushed);
    return isValue(value) ? value : defaultValue;
  };
  proto.__srmapStyleLookup = true;
  installed.add('style-lookup');
  undo.push(() => {
    proto.getProperty = original;
    Stack.getStyleProperty = originalStatic;
    delete proto.__srmapStyleLookup;
  });
}

interface PdfkitFont {
  lineHeight(fontSize: number): number;
}

interface MeasuredWord extends Record<string, unknown> {
  text: string;
  font: PdfkitFont;
  fontSize: number;
  fontFeatures?: unknown;
  characterSpacing?: number;
  width: number;
  height: number;
  leadingCut: number;
  trailingCut: number;
}

interface TextInlinesLike {
  pdfDocument: { provideFont(family: unknown, bold: unknown, italics: unknown): PdfkitFont };
  widthOfText(text: string, inline: MeasuredWord): number;
}

type GetStyleProperty = (item: Record<string, unknown>, stack: unknown, property: string, defaultValue: unknown) => unknown;

/**
 * The styles pdfmake's measure sets on every word, with the value it gives when no style says
 * otherwise. A compact word holds them on its prototype and has its own only where it differs.
 */
const WORD_DEFAULTS: Record<string, unknown> = {
  fontFeatures: null,
  characterSpacing: 0,
  decoration: null,
  decorationColor: null,
  decorationStyle: null,
  decorationThickness: null,
  background: null,
  link: null,
  linkToPage: null,
  linkToDestination: null,
  noWrap: null,
  opacity: 1,
  sup: false,
  sub: false,
};
const DEFAULTED = Object.keys(WORD_DEFAULTS);
/** What measure computes for a word: the word's own copy of any of these (from its text object's style) is replaced. */
const MEASURED = new Set(['text', 'font', 'alignment', 'fontSize', 'color', 'width', 'height', 'leadingCut', 'trailingCut', ...DEFAULTED]);

const LEADING = /^(\s)+/g;
const TRAILING = /(\s)+$/g;

/**
 * A measured word: the styles every word differs in held in the object (one shape for all), the
 * rest on the prototype (WORD_DEFAULTS). A function rather than a class: pdfmake's cloneInline
 * calls `inline.constructor()` without `new`, and the prototype answers it with Object.
 */
const CompactWord = function CompactWord(this: Record<string, unknown>, text: string, font: unknown, alignment: unknown, fontSize: number, color: unknown): void {
  this.text = text;
  this.font = font;
  this.alignment = alignment;
  this.fontSize = fontSize;
  this.color = color;
  this.width = 0;
  this.height = 0;
  this.leadingCut = 0;
  this.trailingCut = 0;
  this.x = 0;
} as unknown as new (text: string, font: unknown, alignment: unknown, fontSize: number, color: unknown) => Record<string, unknown>;
CompactWord.prototype = WORD_DEFAULTS;

/** A copy of a word, of its own shape: a compact word stays one (its defaults on the prototype), any other word is copied as it is. */
function copyWord<T extends object>(word: T): T {
  if (Object.getPrototypeOf(word) !== WORD_DEFAULTS) return { ...word };
  const w = word as unknown as Record<string, unknown>;
  return Object.assign(new CompactWord(w.text as string, w.font, w.alignment, w.fontSize as number, w.color), word) as unknown as T;
}

/**
 * pdfmake's TextInlines.measure, step for step (the same style lookups in the same order, the same
 * font, widths, height and cuts), giving each word as a new object of one shape: its text, font,
 * alignment, size, colour, width, height, cuts and x held in the object, the fourteen other styles
 * read from WORD_DEFAULTS unless a style sets them, and whatever else the word carried (bold, a line
 * end, a page reference, ...) copied as it was. pdfmake's words gained their twenty-odd properties
 * one by one (about 340 bytes each, with a properties array grown three slots at a time); these
 * take about 200. The word's prototype answers `constructor` with Object, so pdfmake's cloneInline
 * (which calls `inline.constructor()` and copies every enumerable key) still gives a plain copy.
 */
function measureCompact(this: TextInlinesLike, array: Record<string, unknown>[], stack: unknown, get: () => GetStyleProperty): MeasuredWord[] {
  const style = get();
  const first = array[0];
  if (first) {
    const leadingIndent = style(first, stack, 'leadingIndent', 0) as number;
    if (leadingIndent) {
      first.leadingCut = -leadingIndent;
      first.leadingIndent = leadingIndent;
    }
  }
  const words: MeasuredWord[] = new Array<MeasuredWord>(array.length);
  for (let i = 0; i < array.length; i += 1) {
    const item = array[i] as Record<string, unknown> & { text: string; leadingCut?: number };
    const fontName = style(item, stack, 'font', 'Roboto');
    const bold = style(item, stack, 'bold', false);
    const italics = style(item, stack, 'italics', false);
    const font = this.pdfDocument.provideFont(fontName, bold, italics);
    const alignment = style(item, stack, 'alignment', 'left');
    let fontSize = style(item, stack, 'fontSize', 12) as number;
    const own: Record<string, unknown> = {};
    let differs = false;
    for (const key of DEFAULTED) {
      const value = style(item, stack, key, WORD_DEFAULTS[key]);
      if (value !== WORD_DEFAULTS[key]) {
        own[key] = value;
        differs = true;
      }
    }
    const color = style(item, stack, 'color', 'black');
    if (own.sup || own.sub) fontSize *= 0.58;
    const lineHeight = style(item, stack, 'lineHeight', 1) as number;
    const word = new CompactWord(item.text, font, alignment, fontSize, color) as unknown as MeasuredWord;
    if (differs) Object.assign(word, own);
    for (const key in item) {
      if (Object.prototype.hasOwnProperty.call(item, key) && !MEASURED.has(key)) word[key] = item[key];
    }
    word.width = this.widthOfText(word.text, word);
    word.height = font.lineHeight(fontSize) * lineHeight;
    word.leadingCut = item.leadingCut ? item.leadingCut : 0;
    if (!style(item, stack, 'preserveLeadingSpaces', false)) {
      const leadingSpaces = word.text.match(LEADING);
      if (leadingSpaces) word.leadingCut += this.widthOfText(leadingSpaces[0], word);
    }
    if (!style(item, stack, 'preserveTrailingSpaces', false)) {
      const trailingSpaces = word.text.match(TRAILING);
      if (trailingSpaces) word.trailingCut = this.widthOfText(trailingSpaces[0], word);
    }
    words[i] = word;
  }
  return words;
}

function installCompactWords(): void {
  const TextInlines = (require('pdfmake/js/TextInlines.js') as { default?: { prototype: Record<string, unknown> } }).default;
  const Stack = (require('pdfmake/js/StyleContextStack.js') as { default?: { getStyleProperty?: unknown } }).default;
  const proto = TextInlines?.prototype;
  const original = proto?.measure;
  if (!proto || !Stack || typeof original !== 'function' || typeof proto.widthOfText !== 'function' || typeof Stack.getStyleProperty !== 'function' || proto.__srmapCompactWords) return;
  // Looked up per call: the style-lookup fast path may be put in or taken out after this one.
  const get = () => Stack.getStyleProperty as GetStyleProperty;
  proto.measure = function measure(this: TextInlinesLike, array: Record<string, unknown>[], stack: unknown): MeasuredWord[] {
    return measureCompact.call(this, array, stack, get);
  };
  proto.__srmapCompactWords = true;
  installed.add('compact-words');
  undo.push(() => {
    proto.measure = original;
    delete proto.__srmapCompactWords;
  });
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

interface Run {
  glyphs: unknown[];
  positions: Position[];
  advanceWidth: number;
}

interface FontProto {
  layout?: (this: FontProto, text: string, features?: unknown, onlyWidth?: boolean) => Run;
  layoutRun?: (this: FontProto, text: string, features?: unknown) => Run;
  layoutCached?: (this: FontProto, text: string) => Run;
  layoutCache?: Record<string, Run>;
  __srmapJoinRuns?: boolean;
}

/**
 * Glyph positions by value, shared by every cached word of this thread: a shaped word's positions
 * are read, never written, after pdfkit scales them (its word-spacing path copies one before
 * changing it), and most glyphs of a font sit at one of a few thousand distinct positions.
 */
const positionsByValue = new Map<string, Position>();

/** Distinct positions kept (the demo's five PDFs: a few thousand). */
const MAX_POSITIONS = 100_000;

function sharedPosition(p: Position): Position {
  const key = `${p.xAdvance} ${p.yAdvance} ${p.xOffset} ${p.yOffset} ${p.advanceWidth}`;
  const known = positionsByValue.get(key);
  if (known) return known;
  if (positionsByValue.size >= MAX_POSITIONS) positionsByValue.clear();
  const own = { xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset, advanceWidth: p.advanceWidth };
  positionsByValue.set(key, own);
  return own;
}

/**
 * What the shaping cache keeps of a shaped word: its glyphs (fontkit's, one object per glyph of
 * the font), its positions (shared by value) and its width, summed as fontkit's GlyphRun sums it.
 * fontkit's run also carries its script, language, direction and a table of the features it
 * applied, which pdfkit never reads from the cache; a PCI DSS pack's words held about 15 MB that way.
 */
function toCachedRun(run: Run): Run {
  const positions = run.positions.map(sharedPosition);
  let advanceWidth = 0;
  for (const position of positions) advanceWidth += position.xAdvance;
  return { glyphs: run.glyphs, positions, advanceWidth };
}

/**
 * pdfkit's EmbeddedFont.layout, with each word's glyphs appended to one array instead of copied
 * into a new one per word (a line of n words copied its glyphs n times over): the same glyphs,
 * positions and width. And its layoutCached, keeping each word as toCachedRun does. The class is
 * not exported, so it is reached through a font pdfmake made.
 */
function joinRunsInPlace(proto: FontProto): void {
  const original = proto.layout;
  const layoutRun = proto.layoutRun;
  const originalCached = proto.layoutCached;
  if (proto.__srmapJoinRuns || typeof original !== 'function' || typeof layoutRun !== 'function' || typeof originalCached !== 'function') return;
  const layoutCached = function layoutCached(this: FontProto, text: string): Run {
    const cache = this.layoutCache;
    if (!cache) return layoutRun.call(this, text);
    const cached = cache[text];
    if (cached) return cached;
    const run = toCachedRun(layoutRun.call(this, text));
    cache[text] = run;
    return run;
  };
  proto.layoutCached = layoutCached;
  proto.layout = function layout(this: FontProto, text: string, features?: unknown, onlyWidth?: boolean): Run {
    if (features) return layoutRun.call(this, text, features);
    const glyphs: unknown[] | null = onlyWidth ? null : [];
    const positions: Position[] | null = onlyWidth ? null : [];
    let advanceWidth = 0;
    let last = 0;
    let index = 0;
    while (index <= text.length) {
      const c = text.charAt(index);
      if ((index === text.length && last < index) || c === ' ' || c === '\t') {
        index += 1;
        const run = layoutCached.call(this, text.slice(last, index));
        if (glyphs && positions) {
          for (const g of run.glyphs) glyphs.push(g);
          for (const p of run.positions) positions.push(p);
        }
        advanceWidth += run.advanceWidth;
        last = index;
      } else {
        index += 1;
      }
    }
    return { glyphs: glyphs as unknown[], positions: positions as Position[], advanceWidth };
  };
  proto.__srmapJoinRuns = true;
  undo.push(() => {
    proto.layout = original;
    proto.layoutCached = originalCached;
    delete proto.__srmapJoinRuns;
    positionsByValue.clear();
  });
}

interface PdfmakeDocument {
  fonts: Record<string, Record<string, unknown> | undefined>;
  getFontType(bold: boolean, italics: boolean): string;
}

/** Distinct words kept per font file (the demo's five PDFs in one thread: 8,432 in Roboto Regular, 4,186 in Medium). */
const MAX_SHAPED_WORDS = 200_000;

/** Font file (as pdfmake was given it) and style -> the shaped words of that font, shared by this thread's documents. */
const shapedWords = new Map<string, Record<string, unknown>>();

function installShapingCache(): void {
  const Doc = (require('pdfmake/js/PDFDocument.js') as { default?: { prototype: Record<string, unknown> } }).default;
  const proto = Doc?.prototype;
  const original = proto?.provideFont as ((this: PdfmakeDocument, family: string, bold: boolean, italics: boolean) => unknown) | undefined;
  if (!proto || typeof original !== 'function' || typeof proto.getFontType !== 'function' || proto.__srmapShapingCache) return;
  proto.provideFont = function provideFont(this: PdfmakeDocument, family: string, bold: boolean, italics: boolean): unknown {
    const font = original.call(this, family, bold, italics) as { layoutCache?: Record<string, unknown>; __srmapShared?: boolean } | undefined;
    const file = this.fonts[family]?.[this.getFontType(bold, italics)];
    if (font && typeof font === 'object') joinRunsInPlace(Object.getPrototypeOf(font) as FontProto);
    if (font && font.layoutCache && !font.__srmapShared && typeof file === 'string') {
      const shared = shapedWords.get(file);
      // Bounded: a thread that lays out PDFs for long starts afresh past this many distinct words.
      if (shared && Object.keys(shared).length < MAX_SHAPED_WORDS) font.layoutCache = shared;
      else shapedWords.set(file, font.layoutCache);
      font.__srmapShared = true;
    }
    return font;
  };
  proto.__srmapShapingCache = true;
  installed.add('shaping-cache');
  undo.push(() => {
    proto.provideFont = original;
    delete proto.__srmapShapingCache;
    shapedWords.clear();
  });
}

const INSTALLERS: Record<FastPath, () => void> = { 'line-runs': installLineRuns, 'layout-runs': installLayoutRuns, 'compact-words': installCompactWords, 'style-lookup': installStyleLookup, 'shaping-cache': installShapingCache };

/** Installs the fast paths (all of them unless told which), each once per thread. */
export function installPdfmakeFastPaths(paths: readonly FastPath[] = ['line-runs', 'layout-runs', 'compact-words', 'style-lookup', 'shaping-cache']): void {
  for (const p of paths) INSTALLERS[p]();
}

/** Puts pdfmake's own functions back and forgets the shaped words (tests compare the output with and without). */
export function removePdfmakeFastPaths(): void {
  for (const step of undo.splice(0).reverse()) step();
  installed.clear();
}
