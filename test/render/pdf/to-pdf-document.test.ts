import { describe, expect, it } from 'vitest';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { PDF_SECTIONS, toPdfDocument } from '../../../src/render/pdf/to-pdf-document.js';
import { toPdfContext } from '../../../src/render/pdf/pdf-blocks.js';
import { toSafeText } from '../../../src/render/pdf/safe-text.js';
import { HOSTILE, makePackInput } from '../../fixtures/pack-input.js';

/** Every (key, string value) pair in the content tree, with the path to it. */
function strings(node: unknown, at = '$', out: { path: string; key: string; value: string }[] = []) {
  if (Array.isArray(node)) {
    node.forEach((n, i) => strings(n, `${at}[${i}]`, out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') out.push({ path: `${at}.${k}`, key: k, value: v });
      else strings(v, `${at}.${k}`, out);
    }
  } else if (typeof node === 'string') {
    out.push({ path: at, key: '(string)', value: node });
  }
  return out;
}

function content(doc: TDocumentDefinitions): Content {
  return doc.content;
}

const MARKERS = ['HYPERLINK', '<script>', '{{evil}}', 'phi-archive', 'evil-name', 'northwind-claims', 'Northwind Health'];

describe('toPdfDocument', () => {
  it('puts untrusted text only in text nodes', () => {
    const doc = toPdfDocument(makePackInput());
    const found = strings(content(doc)).filter((s) => MARKERS.some((m) => s.value.includes(m)));
    expect(found.length).toBeGreaterThan(5);
    for (const s of found) expect(['text', 'outlineText'], s.path).toContain(s.key);
  });

  it('uses only its own style names and ids, and no links or images', () => {
    const doc = toPdfDocument(makePackInput());
    const styleNames = new Set(Object.keys(doc.styles ?? {}));
    for (const s of strings(content(doc))) {
      if (s.key === 'style') expect(styleNames, s.path).toContain(s.value);
      if (s.key === 'id' || s.key === 'outlineParentId' || s.key === 'pageReference') {
        expect(s.value, s.path).toMatch(/^(sec-[a-z-]+|n\d+)$/);
      }
      expect(['link', 'linkToPage', 'linkToDestination', 'image', 'svg', 'qr', 'font'], s.path).not.toContain(s.key);
    }
  });

  it('builds a fresh definition per call and does not touch its input', () => {
    const input = makePackInput();
    const before = JSON.stringify([...input.result.controls.values()]) + JSON.stringify(input.result.requirements);
    const a = toPdfDocument(input);
    const b = toPdfDocument(input);
    expect(a).not.toBe(b);
    expect(a.content).not.toBe(b.content);
    expect(JSON.stringify(a.content)).toBe(JSON.stringify(b.content));
    expect(JSON.stringify([...input.result.controls.values()]) + JSON.stringify(input.result.requirements)).toBe(before);
  });

  it('dates the document from the snapshot, never the clock', () => {
    const doc = toPdfDocument(makePackInput());
    expect(doc.info?.creationDate).toEqual(new Date('2026-03-31T14:05:09Z'));
    expect(doc.info).not.toHaveProperty('modDate');
  });

  it('keeps the organisation\'s name exactly in the title, markup characters included', () => {
    const input = makePackInput();
    input.evidence.manifest.organisation.name = 'Acme <b>&</b> Co';
    const doc = toPdfDocument(input);
    expect(doc.info?.title).toMatch(/: Acme <b>&<\/b> Co$/);
    expect(doc.info?.subject).not.toMatch(/[<>&]/);
  });

  it('is its sections in list order, each a file with one signature', () => {
    const input = makePackInput();
    const ctx = toPdfContext(input);
    const bySection = PDF_SECTIONS.map((section) => JSON.stringify(section(ctx)));
    // The document is exactly the concatenation of the sections, rendered in the same order.
    const doc = toPdfDocument(input);
    expect(JSON.stringify(doc.content)).toBe(`[${bySection.map((s) => s.slice(1, -1)).filter((s) => s.length > 0).join(',')}]`);
    const h1 = (doc.content as { style?: string; outlineText?: string }[]).filter((n) => n.style === 'h1' && n.outlineText).map((n) => n.outlineText);
    expect(h1.indexOf('Summary')).toBeLessThan(h1.indexOf('Scope'));
    expect(h1.indexOf('Scope')).toBeLessThan(h1.indexOf('Requirement detail'));
    expect(h1.indexOf('Requirement detail')).toBeLessThan(h1.indexOf('Gaps and remediation'));
    expect(h1.at(-1)).toBe('Appendix B. Evidence inventory');
  });

  it('caps failing resources at failingCap', () => {
    const doc = toPdfDocument(makePackInput({ failingCap: 2 }));
    const values = strings(content(doc)).map((s) => s.value);
    expect(values).toContain('northwind-claims-exports');
    expect(values).toContain(HOSTILE.longArn);
    expect(values).not.toContain('northwind-etl-scratch');
    expect(values).toContain('… and 10 more: see evidence.csv');
  });
});

describe('toSafeText', () => {
  it.each([
    ['plain', 'plain'],
    ['a\u0000b\u0007c', 'a\\u{0000}b\\u{0007}c'],
    ['\u202Eevil\u202C', '\\u{202E}evil\\u{202C}'],
    ['zero\u200Bwidth', 'zero\\u{200B}width'],
    ['line\nbreak\r\nagain', 'line break again'],
    ['tab\there', 'tab here'],
    ['\uD800lone', '\\u{D800}lone'],
    [HOSTILE.formula, HOSTILE.formula],
    [undefined, ''],
    [42, '42'],
  ])('%j -> %j', (input, expected) => {
    expect(toSafeText(input)).toBe(expected);
  });

  it('keeps line breaks when multiline', () => {
    expect(toSafeText('one\r\ntwo\n\n\n\nthree', { multiline: true })).toBe('one\ntwo\n\nthree');
  });

  it('caps very long text', () => {
    expect(toSafeText('x'.repeat(50), { maxLength: 10 })).toBe(`${'x'.repeat(10)}… (truncated; see the CSV)`);
  });
});
