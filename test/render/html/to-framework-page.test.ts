import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CollectionLimit } from '../../../src/domain/snapshot.js';
import { STATUS_DISPLAY_ORDER, STATUS_VOCABULARY } from '../../../src/domain/status.js';
import { hasHiddenCharacters } from '../../../src/domain/visible-text.js';
import { EVIDENCE_COLUMNS } from '../../../src/render/csv/to-csv-tables.js';
import { createEvidenceDigest } from '../../../src/render/evidence-digest.js';
import type { PageData } from '../../../src/render/html/page-data.js';
import { toFrameworkPage } from '../../../src/render/html/to-framework-page.js';
import { toPageData } from '../../../src/render/html/to-page-data.js';
import { HOSTILE, makePackInput } from '../../fixtures/pack-input.js';

const SCRIPT = 'document.body.dataset.ok="1";';

function page(input = makePackInput()): { html: string; data: PageData } {
  const evidence = createEvidenceDigest(EVIDENCE_COLUMNS);
  evidence.add(EVIDENCE_COLUMNS.map((c) => ({ rule_identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', resource_id: HOSTILE.controlChars, annotation: HOSTILE.script, compliance_type: 'NON_COMPLIANT', in_scope: 'true' })[c as string] ?? ''));
  const html = toFrameworkPage(toPageData(input, evidence.result(), { generatedBy: 'srmap test' }), SCRIPT);
  const json = /<script type="application\/json" id="srmap-data">([^<]*)<\/script>/.exec(html)?.[1] ?? '';
  return { html, data: JSON.parse(json) as PageData };
}

const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

describe('toFrameworkPage', () => {
  it('allows only its own inline script and style by hash, and nothing to load', () => {
    const { html } = page();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${sha(SCRIPT)}`);
    expect(csp).toContain(`style-src ${sha(style)}`);
    expect(csp).toContain("connect-src 'none'");
    expect(html).toContain(`<script>${SCRIPT}</script>`);
    expect(html).not.toMatch(/\s(src|href)=/);
  });

  it('embeds the pack data so it reads back, with AWS markup as data and hidden characters made visible', () => {
    const { html, data } = page();
    expect(hasHiddenCharacters(html)).toBe(false);
    expect(html).not.toContain(HOSTILE.script);
    expect(data.requirements.length).toBe(makePackInput().result.requirements.filter((r) => r.assessable).length);
    expect(data.counts).toEqual(makePackInput().result.counts);
    expect(hasHiddenCharacters(JSON.stringify(data))).toBe(false);
    expect(data.failing[0]?.[4]).toBe('bucket\\u{0000}\\u{001B}[31m\\u{0007}-\\u{202E}evil\\u{202C}-name');
    expect(data.failing[0]?.[5]).toBe(HOSTILE.script);
  });

  it('states the collection route\'s limits as the snapshot gives them, each effect in words, their text made visible', () => {
    expect(page().data.limits).toEqual([]);
    const base = makePackInput();
    const limits: CollectionLimit[] = [
      { source: 'aws-config', route: 'aggregator', code: 'AggregateComplianceTypes', effect: 'not-collected', complianceTypes: ['NOT_APPLICABLE'], message: `Not given ${HOSTILE.controlChars}` },
      { source: 'aws-config', route: 'aggregator', code: 'NoCountOfCompliant', effect: 'not-checked', complianceTypes: ['COMPLIANT'], message: 'No count.' },
    ];
    const { data } = page({ ...base, evidence: { ...base.evidence, manifest: { ...base.evidence.manifest, limits } } });
    expect(data.limits).toEqual([
      { source: 'aws-config', route: 'aggregator', code: 'AggregateComplianceTypes', effect: 'not-collected', effectLabel: 'not collected', leavesOut: true, complianceTypes: ['NOT_APPLICABLE'], message: 'Not given bucket\\u{0000}\\u{001B}[31m\\u{0007}-\\u{202E}evil\\u{202C}-name' },
      { source: 'aws-config', route: 'aggregator', code: 'NoCountOfCompliant', effect: 'not-checked', effectLabel: 'collected, count not checkable', leavesOut: false, complianceTypes: ['COMPLIANT'], message: 'No count.' },
    ]);
  });

  it('says and colours each status as the status vocabulary does, in its display order', () => {
    const { html, data } = page();
    expect(data.statuses.map((s) => s.id)).toEqual(STATUS_DISPLAY_ORDER);
    for (const s of data.statuses) {
      const term = STATUS_VOCABULARY[s.id];
      expect(s.label).toBe(term.label);
      expect(html).toContain(`.s-${s.id} { background: ${term.badge.background}; color: ${term.badge.text}; border-color: ${term.badge.border}; }`);
    }
  });

  it('is the same bytes for the same pack', () => {
    expect(page().html).toBe(page().html);
  });

  it('without JavaScript, names the files beside it that hold the same figures: only those the pack has (report --format)', () => {
    const data = toPageData(makePackInput(), createEvidenceDigest(EVIDENCE_COLUMNS).result(), { generatedBy: 'srmap test' });
    const noscript = (html: string) => /<noscript><p>([^<]*)<\/p><\/noscript>/.exec(html)?.[1] ?? '';
    expect(noscript(toFrameworkPage(data, SCRIPT))).toMatch(/\(requirements\.csv, evidence\.csv, gaps\.csv\) and in the workbook and the PDF\.$/);
    expect(noscript(toFrameworkPage(data, SCRIPT, ['csv', 'html']))).toMatch(/\(requirements\.csv, evidence\.csv, gaps\.csv\)\.$/);
    expect(noscript(toFrameworkPage(data, SCRIPT, ['pdf', 'csv', 'html']))).toMatch(/gaps\.csv\) and in the PDF\.$/);
  });
});
