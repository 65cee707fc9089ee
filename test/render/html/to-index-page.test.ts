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
});
