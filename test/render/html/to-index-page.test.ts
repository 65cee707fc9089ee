import { describe, expect, it } from 'vitest';
import type { FrameworkResult } from '../../../src/domain/result.js';
import { STATUS_DISPLAY_ORDER } from '../../../src/domain/status.js';
import { toIndexPage } from '../../../src/render/html/to-index-page.js';
import { HOSTILE, makePackInput } from '../../fixtures/pack-input.js';

function frameworks(): FrameworkResult[] {
  const hipaa = makePackInput().result;
  const csf: FrameworkResult = { ...hipaa, framework: { ...hipaa.framework, id: 'nist-csf-2.0', name: 'NIST Cybersecurity Framework', version: '2.0' } };
  return [hipaa, csf];
}

const rowOf = (html: string, id: string) => new RegExp(`<tr><th scope="row"><a href="${id.replace(/\./g, '\\.')}/index\\.html">.*?</tr>`).exec(html)?.[0] ?? '';

describe('toIndexPage', () => {
  it('lists every framework of the pack with its version and its counts by status, linking to its page', () => {
    const fws = frameworks();
    const html = toIndexPage({ organisation: 'Northwind', asOf: '2026-03-31', snapshotId: 's1', generatedBy: 'srmap test', frameworks: fws });
    for (const f of fws) {
      const row = rowOf(html, f.framework.id);
      expect(row, f.framework.id).toContain(`>${f.framework.name}</a>`);
      expect(row).toContain(`<td>${f.framework.version}</td>`);
      const cells = [...row.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
      expect(cells).toEqual([f.counts.assessable, ...STATUS_DISPLAY_ORDER.map((s) => f.counts.byStatus[s])]);
    }
  });

  it('shows the organisation\'s name as text and has no script', () => {
    const html = toIndexPage({ organisation: HOSTILE.script, asOf: '2026-03-31', snapshotId: 's1', generatedBy: 'srmap test', frameworks: frameworks() });
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('names the other files that hold the same figures only when the pack has them (report --format)', () => {
    const input = { organisation: 'Northwind', asOf: '2026-03-31', snapshotId: 's1', generatedBy: 'srmap test', frameworks: frameworks() };
    const note = (html: string) => /<p class="note">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
    expect(note(toIndexPage(input))).toMatch(/in the CSV files beside each page and in the workbook and the PDF\.$/);
    expect(note(toIndexPage({ ...input, formats: ['pdf', 'csv', 'xlsx', 'html'] }))).toBe(note(toIndexPage(input)));
    expect(note(toIndexPage({ ...input, formats: ['csv', 'html'] }))).toMatch(/in the CSV files beside each page\.$/);
    expect(note(toIndexPage({ ...input, formats: ['pdf', 'csv', 'html'] }))).toMatch(/in the CSV files beside each page and in the PDF\.$/);
    expect(note(toIndexPage({ ...input, formats: ['csv', 'xlsx', 'html'] }))).toMatch(/in the CSV files beside each page and in the workbook\.$/);
  });
});
