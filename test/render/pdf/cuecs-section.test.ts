/** The PDF section "Complementary user entity controls", read back from the rendered PDF, against cuecs.csv's rows. */
import { describe, expect, it } from 'vitest';
import type { Cuec } from '../../../src/domain/cuec.js';
import type { PackInput } from '../../../src/domain/result.js';
import { STATUS_LABELS, type Status } from '../../../src/domain/status.js';
import { evaluateCuecs } from '../../../src/evaluate/evaluate-cuecs.js';
import { CUECS_COLUMNS, toCuecRows } from '../../../src/render/csv/to-cuec-rows.js';
import { toPdfContext } from '../../../src/render/pdf/pdf-blocks.js';
import { toCuecsSection } from '../../../src/render/pdf/cuecs-section.js';
import { PDF_SECTIONS, toPdfDocument } from '../../../src/render/pdf/to-pdf-document.js';
import { toAttestationsSection } from '../../../src/render/pdf/attestations-section.js';
import { renderPdfBuffer } from '../../../src/render/pdf/write-pdf.js';
import { makePackInput } from '../../fixtures/pack-input.js';
import { readPdf, squash } from '../../helpers/read-pdf.js';

const DEFS: Cuec[] = [
  { id: 'CUEC-01', area: 'Risk', topic: 'Assess the risks of what the customer runs in AWS.', controls: ['assess-risk'], attestation: 'aws-soc2-type2' },
  { id: 'CUEC-02', area: 'Backup and recovery', topic: 'Back up the customer\'s content and test that it restores.', controls: ['back-up-data', 'assess-risk'], attestation: 'aws-soc2-type2' },
  { id: 'CUEC-03', area: 'Encryption', topic: 'Turn encryption at rest on for the services that hold the content.', controls: ['encrypt-data-at-rest'], attestation: 'aws-soc2-type2' },
  { id: 'CUEC-04', area: 'Logging', topic: 'Log the accounts\' API activity and review it.', controls: ['log-api-activity', 'outside-framework'], attestation: 'aws-soc2-type2' },
];

function withCuecs(): PackInput {
  const input = makePackInput();
  const outside = { ...[...input.result.controls.values()][0]!, controlId: 'outside-framework', title: 'A control no requirement names', status: 'met' as Status };
  return { ...input, cuecs: evaluateCuecs(DEFS, input.result, (id) => (id === 'outside-framework' ? outside : undefined)) };
}

function texts(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) texts(n, out);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== 'style' && k !== 'id' && k !== 'color') texts(v, out);
  return out;
}

describe('Complementary user entity controls', () => {
  it('the rendered PDF holds the section with cuecs.csv\'s figures: the counts per status and each CUEC\'s status and controls', async () => {
    const input = withCuecs();
    const rows = toCuecRows(input).map((r) => Object.fromEntries(CUECS_COLUMNS.map((c, i) => [c, r[i] ?? ''])));
    expect(rows.map((r) => [r.cuec_id, r.status, r.control_statuses, r.controls_not_in_framework])).toEqual([
      ['CUEC-01', 'met', 'assess-risk=met', ''],
      ['CUEC-02', 'partial', 'back-up-data=partial;assess-risk=met', ''],
      ['CUEC-03', 'not-met', 'encrypt-data-at-rest=not-met', ''],
      ['CUEC-04', 'partial', 'log-api-activity=needs-evidence;outside-framework=met', 'outside-framework'],
    ]);
    const pdf = await readPdf(new Uint8Array(await renderPdfBuffer(toPdfDocument(input))));
    const start = pdf.pages.findIndex((p) => p.includes('Complementary user entity controls\n'));
    expect(start).toBeGreaterThan(0);
    const section = pdf.pages.slice(start, pdf.pages.findIndex((p, i) => i > start && p.includes('Exceptions (risk acceptance)\n'))).join('\n');
    // The counts line, from the CSV's statuses.
    const byStatus = new Map<string, number>();
    for (const r of rows) byStatus.set(r.status ?? '', (byStatus.get(r.status ?? '') ?? 0) + 1);
    expect(section).toContain(`${rows.length} CUECs: ${byStatus.get('met')} Met, ${byStatus.get('partial')} Partial, ${byStatus.get('not-met')} Not met.`);
    // Each CUEC's row: id, area, topic and status in srmap's words, then each control with its status.
    const flat = squash(section);
    for (const r of rows) {
      const label = STATUS_LABELS[r.status as Status];
      expect(flat, r.cuec_id).toContain(squash(`${r.cuec_id}${r.area}${r.topic}${label}`));
      for (const pair of (r.control_statuses ?? '').split(';')) {
        const [control, status] = pair.split('=') as [string, Status];
        const star = (r.controls_not_in_framework ?? '').split(';').includes(control) ? '*' : '';
        expect(flat, `${r.cuec_id} ${control}`).toContain(squash(`(${control})${star}: ${STATUS_LABELS[status]}`));
      }
    }
    expect(section).toMatch(/\* No HIPAA Security Rule requirement names this control/);
    expect(section).toContain('cuecs.csv');
    // The report the CUECs come from, as the pack found it.
    expect(flat).toContain(squash('AWS SOC 2 Type 2 report:'));
  }, 60_000);

  it('follows the attestations in the document, and says so when the catalog lists none', () => {
    expect(PDF_SECTIONS.indexOf(toCuecsSection)).toBe(PDF_SECTIONS.indexOf(toAttestationsSection) + 1);
    const none = texts(toCuecsSection(toPdfContext(makePackInput()))).join('\n');
    expect(none).toContain('Complementary user entity controls');
    expect(none).toContain('The catalog this pack was built with lists no complementary user entity controls');
    expect(none).toContain('or in an overlay folder');
    expect(none).not.toContain('CUECs:');
  });
});
