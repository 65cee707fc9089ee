/**
 * The workbook's Evidence sheet comes from the evidence.csv the evaluation's pass wrote, read back:
 * every row, each cell as the value the CSV neutralised (a formula stays a string), the row count
 * checked against what was written; a failure leaves no workbook behind. Past the cap it holds every
 * in-scope failing row first (from the failing rows' file), then the first others, and says so.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
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

const col = (name: string) => EVIDENCE_COLUMNS.indexOf(name as (typeof EVIDENCE_COLUMNS)[number]);

/**
 * An evidence.csv of `n` rows (the second one hostile and failing; `failing(i)` says which others
 * fail, and whether in scope), the file of its in-scope failing rows, and the job that turns them
 * into a workbook.
 */
async function jobFor(input: PackInput, n: number, failing: (i: number) => 'in' | 'out' | undefined = () => undefined): Promise<{ job: WorkbookJob; rows: string[][]; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'srmap-workbooks-'));
  dirs.push(dir);
  const rule = input.evidence.configRules[0];
  const ref = input.refs.byDeployment.get(`${PROD}|eu-west-1|${rule?.ruleName}`) as string;
  const rows = Array.from({ length: n }, (_, i) => [
    'hipaa-security', PROD, 'eu-west-1', rule?.ruleName ?? '', rule?.sourceIdentifier ?? '', 'AWS::S3::Bucket', i === 1 ? HOSTILE.controlChars : `00000000000${i}`,
    i === 1 || failing(i) ? 'NON_COMPLIANT' : 'COMPLIANT', i === 1 ? HOSTILE.formula : i === 2 ? '-2+3' : '', '2026-03-30T09:00:00.000Z', '', '164.312(a)(2)(iv)', failing(i) === 'out' ? 'false' : 'true', '', ref,
  ]);
  await writeCsv(join(dir, 'evidence.csv'), EVIDENCE_COLUMNS, rows);
  await writeCsv(join(dir, 'failing.csv'), EVIDENCE_COLUMNS, rows.filter((r) => r[col('compliance_type')] === 'NON_COMPLIANT' && r[col('in_scope')] === 'true'));
  const tally: EvidenceTally = new Map();
  rows.forEach((r, i) => addToTally(tally, ref, r[7] as 'COMPLIANT', r[col('in_scope')] === 'true', false, i + 1));
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
    failingCsv: join(dir, 'failing.csv'),
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
    const cell = (row: number, name: string) => ev.getRow(row).getCell(col(name) + 1);
    expect(cell(3, 'annotation').value).toBe(HOSTILE.formula);
    expect(cell(4, 'annotation').value).toBe('-2+3');
    expect(cell(3, 'resource_id').value).toBe('bucket\\u{0000}\\u{001B}[31m\\u{0007}-\\u{202E}evil\\u{202C}-name');
    expect(cell(701, 'resource_id').value).toBe(rows[699]?.[6]);
    expect(cell(701, 'evidence_ref').value).toBe(rows[0]?.[14]);
    expect(cell(2, 'recorded_at').type).toBe(ExcelJS.ValueType.Date);
  });

  it('holds at most the cap: every in-scope failing row first, then the first others in order; says what was cut and where every row is', async () => {
    const input = makePackInput();
    // Row 1 and every 7th row fail in scope (101 rows); every 10th that does not fail in scope fails out of scope.
    const { job, rows } = await jobFor(input, 700, (i) => (i % 7 === 0 ? 'in' : i % 10 === 0 ? 'out' : undefined));
    await writeWorkbook({ ...job, evidenceCap: 500 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(job.file);
    const ev = wb.getWorksheet('Evidence') as ExcelJS.Worksheet;
    const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => String(ev.getRow(from + k).getCell(col('resource_id') + 1).value));
    const failingIds = rows.filter((_, i) => i === 1 || i % 7 === 0).map((r) => r[6] as string);
    expect(failingIds.length).toBe(101);
    const shownIds = ids(2, 501);
    // The failing rows in evidence.csv's order (the hostile one shown as the sheet shows it), then the others from the top.
    expect(shownIds.slice(0, 101).filter((_, k) => k !== 1)).toEqual(failingIds.filter((_, k) => k !== 1));
    const others = rows.filter((_, i) => !(i === 1 || i % 7 === 0)).slice(0, 399).map((r) => r[6] as string);
    expect(shownIds.slice(101)).toEqual(others);
    expect(others).toContain('0000000000010');
    // An empty row, then the note: what was cut, and where every row is.
    expect(ev.getRow(502).hasValues).toBe(false);
    const note = String(ev.getRow(503).getCell(1).value);
    expect(note).toBe(
      "This sheet holds 500 of 700 rows of evidence.csv: every in-scope failing (NON_COMPLIANT) row first (101), then the first 399 other rows in evidence.csv's order. " +
        "200 rows are cut here to keep the workbook's size and cost bounded: passing, not applicable, insufficient-data or out-of-scope rows, never a failing one. " +
        'evidence.csv, in the same folder as this workbook (hipaa-security/evidence.csv in the pack), holds every row; the evidence index counts them all.',
    );
    const about = wb.getWorksheet('About') as ExcelJS.Worksheet;
    expect(about.getColumn(2).values).toContain(note.replace('This sheet holds ', ''));
    // The index links the piece to its first row in the sheet (the first failing row, at the top).
    const zip = await JSZip.loadAsync(await readFile(job.file));
    const sheets = [...((await zip.file('xl/workbook.xml')?.async('string')) ?? '').matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    const indexXml = (await zip.file(`xl/worksheets/sheet${sheets.indexOf('Evidence index') + 1}.xml`)?.async('string')) ?? '';
    expect([...indexXml.matchAll(/location="(&apos;Evidence&apos;[^"]+)"/g)].map((m) => m[1])).toEqual(['&apos;Evidence&apos;!A2']);
  });

  it('past the cap with more failing rows than it holds: the first failing rows only, and says how many failing rows are cut', async () => {
    const { job, rows } = await jobFor(makePackInput(), 300, (i) => (i % 2 === 0 ? 'in' : undefined));
    await writeWorkbook({ ...job, evidenceCap: 100 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(job.file);
    const ev = wb.getWorksheet('Evidence') as ExcelJS.Worksheet;
    const failingIds = rows.filter((_, i) => i === 1 || i % 2 === 0).map((r) => r[6] as string);
    expect(failingIds.length).toBe(151);
    expect(ev.getRow(101).getCell(col('resource_id') + 1).value).toBe(failingIds[99]);
    expect(String(ev.getRow(103).getCell(1).value)).toMatch(
      /^This sheet holds 100 of 300 rows of evidence\.csv: the first 100 of its 151 in-scope failing \(NON_COMPLIANT\) rows, in its order\. 200 rows are cut here .*: the other 51 failing rows and every passing/,
    );
  });

  it('without the cap reached, the rows in evidence.csv\'s order and no note', async () => {
    const { job, rows } = await jobFor(makePackInput(), 50, (i) => (i % 3 === 0 ? 'in' : undefined));
    await writeWorkbook({ ...job, evidenceCap: 50 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(job.file);
    const ev = wb.getWorksheet('Evidence') as ExcelJS.Worksheet;
    expect(ev.rowCount).toBe(51);
    expect(ev.getRow(51).getCell(col('resource_id') + 1).value).toBe(rows[49]?.[6]);
    const about = wb.getWorksheet('About') as ExcelJS.Worksheet;
    expect(about.getColumn(2).values).toContain('All 50 rows of evidence.csv.');
  });

  it('fails when evidence.csv holds other than the rows written, and leaves no workbook', async () => {
    const { job, dir } = await jobFor(makePackInput(), 3);
    await expect(writeWorkbook({ ...job, evidenceRows: 4 })).rejects.toThrow(/3 rows read back, 4 written/);
    expect((await readdir(dir)).sort()).toEqual(['evidence.csv', 'failing.csv']);
  });
});
