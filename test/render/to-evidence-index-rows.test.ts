import { describe, expect, it } from 'vitest';
import { EVIDENCE_INDEX_COLUMNS, toEvidenceIndexRows } from '../../src/render/to-evidence-index-rows.js';
import { addToTally, type EvidenceTally } from '../../src/domain/evidence-refs.js';
import { ATTESTATIONS_COLUMNS, toAttestationRows } from '../../src/render/csv/to-attestation-rows.js';
import { GAPS_COLUMNS, MANUAL_EVIDENCE_COLUMNS, REQUIREMENTS_COLUMNS, toGapRows, toManualEvidenceRows, toRequirementRows } from '../../src/render/csv/to-csv-tables.js';
import { makePackInput, PROD } from '../fixtures/pack-input.js';
import { toFrameworkScope } from '../../src/domain/scope.js';

const col = (columns: readonly string[], name: string) => columns.indexOf(name);

function indexOf(input = makePackInput(), tally: EvidenceTally = new Map()) {
  const rows = toEvidenceIndexRows(input, tally);
  return new Map(rows.map((r) => [r[col(EVIDENCE_INDEX_COLUMNS, 'evidence_ref')] as string, Object.fromEntries(EVIDENCE_INDEX_COLUMNS.map((c, i) => [c, r[i] ?? '']))]));
}

describe('evidence references in the CSVs and the evidence index', () => {
  it('lists every ref the requirements, gaps, manual evidence and attestations cite', () => {
    const input = makePackInput();
    const index = indexOf(input);
    const cited = new Set<string>();
    const take = (columns: readonly string[], rows: string[][], name: string) => {
      for (const r of rows) for (const ref of (r[col(columns, name)] ?? '').split(';').filter(Boolean)) cited.add(ref);
    };
    take(REQUIREMENTS_COLUMNS, toRequirementRows(input), 'deciding_evidence_refs');
    take(REQUIREMENTS_COLUMNS, toRequirementRows(input), 'supporting_evidence_refs');
    take(GAPS_COLUMNS, toGapRows(input), 'evidence_refs');
    take(MANUAL_EVIDENCE_COLUMNS, toManualEvidenceRows(input), 'evidence_ref');
    take(ATTESTATIONS_COLUMNS, toAttestationRows(input), 'evidence_ref');
    expect(cited.size).toBeGreaterThan(3);
    for (const ref of cited) expect(index.has(ref), ref).toBe(true);
  });

  it('says which requirements each piece decides, as requirements.csv does', () => {
    const input = makePackInput();
    const index = indexOf(input);
    const decidedBy = new Map<string, string[]>();
    for (const r of toRequirementRows(input)) {
      for (const ref of (r[col(REQUIREMENTS_COLUMNS, 'deciding_evidence_refs')] ?? '').split(';').filter(Boolean)) {
        decidedBy.set(ref, [...(decidedBy.get(ref) ?? []), r[col(REQUIREMENTS_COLUMNS, 'requirement_id')] as string]);
      }
    }
    for (const [ref, reqs] of decidedBy) expect(index.get(ref)?.decides_requirement_ids?.split(';'), ref).toEqual(reqs);
  });

  it('gives a register record its sha256 and location, and a downloaded Artifact report its document hash', () => {
    const index = indexOf();
    const risk = [...index.values()].find((r) => r.record_id === 'ME-001');
    expect(risk).toMatchObject({ kind: 'manual-evidence', sha256: '1'.repeat(64), location: 'https://intranet.example/grc/risk-analysis-2026.pdf', source: 'evidence register: link' });
    const soc2 = [...index.values()].find((r) => r.record_id === 'report-soc2-2025h2 v3');
    expect(soc2).toMatchObject({ kind: 'aws-attestation', sha256: '9'.repeat(64), source: 'AWS Artifact report (cited, never bundled)', source_file: 'snapshot:artifact-reports.ndjson', source_file_sha256: 'c'.repeat(64) });
  });

  it('counts each rule piece from the rows written to evidence.csv, and a piece outside the scope decides nothing', () => {
    const input = makePackInput();
    const s3 = input.refs.byDeployment.get(`${PROD}|eu-west-1|${input.evidence.configRules[0]?.ruleName}`) as string;
    const tally: EvidenceTally = new Map();
    addToTally(tally, s3, 'COMPLIANT', true, false, 1);
    addToTally(tally, s3, 'NON_COMPLIANT', true, true, 2);
    addToTally(tally, s3, 'NON_COMPLIANT', false, false, 3);
    const row = indexOf(input, tally).get(s3);
    expect(row).toMatchObject({ kind: 'config-rule-results', account: PROD, region: 'eu-west-1', in_scope: 'true', results: '2', compliant: '1', non_compliant: '1', excepted: '1', results_out_of_scope: '1', source_file: 'snapshot:evaluations.ndjson.gz' });
    expect(row?.decides_requirement_ids).not.toBe('');

    const elsewhere = makePackInput();
    const scoped = { ...elsewhere, evidence: { ...elsewhere.evidence, scope: toFrameworkScope({ accounts: ['999999999999'] }) } };
    const outside = indexOf(scoped, tally).get(s3);
    expect(outside).toMatchObject({ in_scope: 'false', decides_requirement_ids: '', supports_requirement_ids: '' });
    expect(outside?.status).toContain('decides nothing');
  });
});
