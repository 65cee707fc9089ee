/**
 * The workbook's Evidence sheet comes from the evidence.csv the evaluation's pass wrote, read back:
 * every row, each cell as the value the CSV neutralised (a formula stays a string), the row count
 * checked against what was written; a failure leaves no workbook behind.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { addToTally, type EvidenceTally } from '../../src/domain/evidence-refs.js';
import type { PackInput } from '../../src/domain/result.js';
import { ATTESTATIONS_COLUMNS, toAttestationRows } from '../../src/render/csv/to-attestation-rows.js';
import { EVIDENCE_COLUMNS, MANUAL_EVIDENCE_COLUMNS, REQUIREMENTS_COLUMNS, toManualEvidenceRows, toRequirementRows } from '../../src/render/csv/to-csv-tables.js';
import { writeCsv } from '../../src/render/csv/write-csv.js';
import { EVIDENCE_INDEX_COLUMNS, toEvidenceIndexRows } from '../../src/render/to-evidence-index-rows.js';
import { writeWorkbook, type WorkbookJob } from '../../src/pipeline/write-workbooks.js';
import { HOSTILE, makePackInput, PROD } from '../fixtures/pack-input.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** An evidence.csv of `n` rows (the second one hostile) and the job that turns it into a workbook. */
async function jobFor(input: PackInput, n: number): Promise<{ job: WorkbookJob; rows: string[][]; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'srmap-workbooks-'));
  dirs.push(dir);
  const rule = input.evidence.configRules[0];
  const ref = input.refs.byDeployment.get(`${PROD}|eu-west-1|${rule?.ruleName}`) as string;
  const rows = Array.from({ length: n }, (_, i) => [
    'hipaa-security', PROD, 'eu-west-1', rule?.ruleName ?? '', rule?.sourceIdentifier ?? '', 'AWS::S3::Bucket', i === 1 ? HOSTILE.controlChars : `00000000000${i}`,
    i === 1 ? 'NON_COMPLIANT' : 'COMPLIANT', i === 1 ? HOSTILE.formula : i === 2 ? '-2+3' : '', '2026-03-30T09:00:00.000Z', '', '164.312(a)(2)(iv)', 'true', '', ref,
  ]);
  await writeCsv(join(dir, 'evidence.csv'), EVIDENCE_COLUMNS, rows);
  const tally: EvidenceTally = new Map();
  rows.forEach((r, i) => addToTally(tally, ref, r[7] as 'COMPLIANT', true, false, i + 1));
  const job: WorkbookJob = {
    input,
    tables: {
      'requirements.csv': { columns: REQUIREMENTS_COLUMNS, rows: toRequirementRows(input) },
      'attestations.csv': { columns: ATTESTATIONS_COLUMNS, rows: toAttestationRows(input) },
      'manual-evidence.csv': { columns: MANUAL_EVIDENCE_COLUMNS, rows: toManualEvidenceRows(input) },
    },
    evidenceCsv: join(dir, 'evidence.csv'),
    evidenceRows: n,
    evidenceCap: 1000,
    tally,
    index: { columns: EVIDENCE_INDEX_COLUMNS, rows: toEvidenceIndexRows(input, tally) },
    file: join(dir, 'hipaa-security-workbook.xlsx'),
    meta: { createdAt: new Date(input.evidence.manifest.createdAt), title: 't', subject: 's', creator: 'srmap test' },
    generatedBy: 'srmap test',
  };
  return { job, rows, dir };
}

describe('writeWorkbook', () => {
  it('streams every evidence.csv row into the Evidence sheet, each cell the value the CSV neutralised', async () => {
    const input = makePackInput();
    const { job, rows } = await jobFor(input, 700);
    await writeWorkbook(job);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(job.file);
    const ev = wb.getWorksheet('Evidence') as ExcelJS.Worksheet;
    expect(ev.rowCount).toBe(701);
    const col = (name: string) => EVIDENCE_COLUMNS.indexOf(name as (typeof EVIDENCE_COLUMNS)[number]) + 1;
    expect(ev.getRow(3).getCell(col('annotation')).value).toBe(HOSTILE.formula);
    expect(ev.getRow(4).getCell(col('annotation')).value).toBe('-2+3');
    expect(ev.getRow(3).getCell(col('resource_id')).value).toBe('bucket\\u{0000}\\u{001B}[31m\\u{0007}-\\u{202E}evil\\u{202C}-name');
    expect(ev.getRow(701).getCell(col('resource_id')).value).toBe(rows[699]?.[6]);
    expect(ev.getRow(701).getCell(col('evidence_ref')).value).toBe(rows[0]?.[14]);
    expect(ev.getRow(2).getCell(col('recorded_at')).type).toBe(ExcelJS.ValueType.Date);
  });

  it('holds at most the cap: the first rows, said on the About sheet, no index link past them', async () => {
    const input = makePackInput();
    const { job, rows } = await jobFor(input, 700);
    await writeWorkbook({ ...job, evidenceCap: 500 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(job.file);
    const ev = wb.getWorksheet('Evidence') as ExcelJS.Worksheet;
    expect(ev.rowCount).toBe(501);
    expect(ev.getRow(501).getCell(EVIDENCE_COLUMNS.indexOf('resource_id') + 1).value).toBe(rows[499]?.[6]);
    const about = wb.getWorksheet('About') as ExcelJS.Worksheet;
    const said = about.getColumn(2).values.find((v) => typeof v === 'string' && v.startsWith('The first 500 of 700 rows of evidence.csv'));
    expect(said).toBeDefined();
  });

  it('fails when evidence.csv holds other than the rows written, and leaves no workbook', async () => {
    const { job, dir } = await jobFor(makePackInput(), 3);
    await expect(writeWorkbook({ ...job, evidenceRows: 4 })).rejects.toThrow(/3 rows read back, 4 written/);
    expect((await readdir(dir)).sort()).toEqual(['evidence.csv']);
  });
});
