/** The pack section "AWS attestations relied upon" and attestations.csv, from a real evaluation. */
import { describe, expect, it } from 'vitest';
import { toEvidenceRefs } from '../../../src/domain/evidence-refs.js';
import type { Control } from '../../../src/domain/catalog.js';
import type { PackInput } from '../../../src/domain/result.js';
import { evaluateFramework } from '../../../src/evaluate/evaluate-framework.js';
import { toAttestationReliance } from '../../../src/render/attestation-reliance.js';
import { ATTESTATIONS_COLUMNS, toAttestationRows } from '../../../src/render/csv/to-attestation-rows.js';
import { toPdfContext } from '../../../src/render/pdf/pdf-blocks.js';
import { toAttestationsSection } from '../../../src/render/pdf/attestations-section.js';
import { toPdfDocument } from '../../../src/render/pdf/to-pdf-document.js';
import { catalogOf, control, evidenceOf, framework } from '../../evaluate/fixtures.js';

const sha = 'ab'.repeat(32);
const controls: Control[] = [
  control('phys', { model: 'inherited', attestations: ['aws-soc2-type2'] }),
  control('baa', { model: 'shared', attestations: ['aws-hipaa-baa'] }),
  control('policy', { model: 'customer', manual: ['policy'] }),
  control('orphan', { model: 'shared', manual: ['training'] }),
];
const fw = framework([
  { id: '1', title: 'Heading', assessable: false, controls: [] },
  { id: '1.1', parent: '1', title: 'Facilities', assessable: true, controls: ['phys'] },
  { id: '1.2', parent: '1', title: 'Business associates', assessable: true, controls: ['baa', 'phys'] },
  { id: '1.3', parent: '1', title: 'Policy', assessable: true, controls: ['policy'] },
  { id: '1.4', parent: '1', title: 'Shared, nothing named', assessable: true, controls: ['orphan'] },
]);

function input(reportEnd: string, withBaa: boolean): PackInput {
  const evidence = evidenceOf([], {
    artifactReports: [{ id: 'report-Soc2X', name: 'AWS SOC 2 Type 2 Report =HYPERLINK("x")', category: 'Certifications and Attestations', series: 'SOC', version: 4, periodStart: '2024-10-01T00:00:00Z', periodEnd: reportEnd, documentSha256: sha, documentFile: `artifact-${sha}.pdf`, downloadedAt: '2026-09-29T10:00:00Z', downloadedBy: 'arn:aws:sts::111111111111:assumed-role/Auditor/jane', origin: 'api' }],
    artifactAgreements: withBaa ? [{ id: 'agreement-baa', name: 'AWS Business Associate Addendum', type: 'STANDARD', state: 'ACTIVE', effectiveStart: '2024-02-12T00:00:00Z' }] : [],
  });
  const result = evaluateFramework(fw, catalogOf(controls, fw), evidence);
  return { result, evidence, narratives: new Map(), failingCap: 5, refs: toEvidenceRefs(evidence) };
}

function texts(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) texts(n, out);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== 'style' && k !== 'id' && k !== 'color') texts(v, out);
  return out;
}

describe('AWS attestations relied upon', () => {
  it('lists each attestation with the requirements that rely on it, and the requirements that name none', () => {
    const s = toAttestationReliance(input('2026-06-30T23:59:59Z', true));
    expect(s.attestations.map((a) => [a.kind, a.status, a.requirements])).toEqual([
      ['aws-soc2-type2', 'current', ['1.1', '1.2']],
      ['aws-hipaa-baa', 'current', ['1.2']],
    ]);
    expect(s.uncited).toEqual(['1.4']);
    expect(s.relying).toBe(2);
  });

  it('the PDF section cites report, id, version, period and sha256, says it never embeds, and closes with the counts', () => {
    const text = texts(toAttestationsSection(toPdfContext(input('2026-06-30T23:59:59Z', false)))).join('\n');
    expect(text).toContain('AWS attestations relied upon');
    expect(text).toContain('report-Soc2X');
    expect(text).toContain('v4');
    expect(text).toContain('2024-10-01 to 2026-06-30');
    expect(text).toContain(sha);
    expect(text).toContain('by arn:aws:sts::111111111111:assumed-role/Auditor/jane');
    expect(text).toMatch(/never includes them/);
    expect(text).toContain('2: 1.1, 1.2');
    // The missing BAA is named, with what relies on it.
    expect(text).toMatch(/AWS BAA: No AWS BAA found among the AWS Artifact agreements\. 1 requirement\(s\) rely on it\./);
    expect(text).toContain('2 Test requirements rely on AWS attestations for the AWS side: 2 on the AWS SOC 2 Type 2 report (current); 1 on the AWS BAA (missing). 1 requirement(s) with an AWS side name no attestation: 1.4.');
  });

  it('a stale report is flagged in the section and the CSV', () => {
    const stale = input('2025-03-31T23:59:59Z', true);
    expect(texts(toAttestationsSection(toPdfContext(stale))).join('\n')).toMatch(/stale: needs evidence/);
    const rows = toAttestationRows(stale).map((r) => Object.fromEntries(ATTESTATIONS_COLUMNS.map((c, i) => [c, r[i]])));
    expect(rows[0]).toMatchObject({
      framework: 'test-fw',
      attestation_kind: 'aws-soc2-type2',
      standing: 'stale',
      source_type: 'report',
      id: 'report-Soc2X',
      version_or_state: '4',
      period_start: '2024-10-01',
      period_end: '2025-03-31',
      document_sha256: sha,
      requirement_count: '2',
      requirement_ids: '1.1;1.2',
      as_of: '2026-09-30',
    });
    expect(rows[1]).toMatchObject({ attestation_kind: 'aws-hipaa-baa', standing: 'current', source_type: 'agreement', version_or_state: 'ACTIVE', period_end: '' });
  });

  it('asks for the bridge letter when the report relied on ended more than three months before the as-of date, and only then', () => {
    // The fixture's as-of date is 2026-09-30 (18:00 UTC).
    const note = (reportEnd: string) => {
      const text = texts(toAttestationsSection(toPdfContext(input(reportEnd, true)))).join('\n');
      return { heading: text.includes('\nBridge letter\n'), line: text.split('\n').find((l) => l.includes('bridge letter')) };
    };
    // Ended 3 months and 1 day before: the note names the report, its end, the days and the as-of date.
    const late = note('2026-06-29T23:59:59Z');
    expect(late.heading).toBe(true);
    expect(late.line).toBe(
      'AWS SOC 2 Type 2 Report =HYPERLINK("x") covers up to 2026-06-29, 93 days before the as-of date 2026-09-30. For the months between, obtain AWS\'s bridge letter (a letter from AWS stating that its controls did not change materially since the report\'s period ended) from AWS Artifact, or rely on the next report once it is issued; record it in the evidence register.',
    );
    expect(note('2025-11-30T00:00:00Z').line).toMatch(/covers up to 2025-11-30, 304 days before/);
    // Ended at the as-of time exactly three months before, or later: no note.
    for (const end of ['2026-06-30T18:00:00Z', '2026-06-30T23:59:59Z', '2026-09-15T00:00:00Z']) expect(note(end), end).toEqual({ heading: false, line: undefined });
    // A stale report (ended more than 12 months before) is not relied on: it is flagged as stale, not given a bridge.
    const stale = note('2025-03-31T23:59:59Z');
    expect(stale).toEqual({ heading: false, line: undefined });
  });

  it('is part of the pack document, after the gaps', () => {
    const doc = toPdfDocument(input('2026-06-30T23:59:59Z', true));
    const headings = (doc.content as { text?: unknown; tocItem?: boolean }[]).filter((c) => c.tocItem).map((c) => c.text);
    expect(headings.indexOf('AWS attestations relied upon')).toBe(headings.indexOf('Gaps and remediation') + 1);
  });
});
