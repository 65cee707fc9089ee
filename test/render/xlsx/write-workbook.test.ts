import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import type { PackInput } from '../../../src/domain/result.js';
import { STATUS_VOCABULARY } from '../../../src/domain/status.js';
import { ATTESTATIONS_COLUMNS, toAttestationRows } from '../../../src/render/csv/to-attestation-rows.js';
import {
  EVIDENCE_COLUMNS,
  EXCEPTIONS_COLUMNS,
  GAPS_COLUMNS,
  MANUAL_EVIDENCE_COLUMNS,
  MATRIX_COLUMNS,
  REQUIREMENTS_COLUMNS,
  toExceptionRows,
  toGapRows,
  toManualEvidenceRows,
  toMatrixRows,
  toRequirementRows,
} from '../../../src/render/csv/to-csv-tables.js';
import { EVIDENCE_INDEX_COLUMNS, toEvidenceIndexRows } from '../../../src/render/to-evidence-index-rows.js';
import { addToTally, type EvidenceTally } from '../../../src/domain/evidence-refs.js';
import { toIndexSheet, toWorkbookPlan, type PackTables } from '../../../src/render/xlsx/to-workbook-sheets.js';
import { SHEET_NAMES, toColumns } from '../../../src/render/xlsx/workbook-model.js';
import { ZIP_WAITING_BYTES, openWorkbook, toCellText } from '../../../src/render/xlsx/write-workbook.js';
import { HOSTILE, makePackInput, PROD } from '../../fixtures/pack-input.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function tablesOf(input: PackInput): PackTables {
  return {
    'requirements.csv': { columns: REQUIREMENTS_COLUMNS, rows: toRequirementRows(input) },
    'responsibility-matrix.csv': { columns: MATRIX_COLUMNS, rows: toMatrixRows(input) },
    'gaps.csv': { columns: GAPS_COLUMNS, rows: toGapRows(input) },
    'exceptions.csv': { columns: EXCEPTIONS_COLUMNS, rows: toExceptionRows(input) },
    'attestations.csv': { columns: ATTESTATIONS_COLUMNS, rows: toAttestationRows(input) },
    'manual-evidence.csv': { columns: MANUAL_EVIDENCE_COLUMNS, rows: toManualEvidenceRows(input) },
    'evidence.csv': { columns: EVIDENCE_COLUMNS, rows: [] },
  };
}

/** Writes the fixture's workbook with two evidence rows (one of them hostile); returns its path. */
async function writeFixtureWorkbook(input: PackInput = makePackInput()): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'srmap-xlsx-'));
  dirs.push(dir);
  const path = join(dir, 'hipaa-security-workbook.xlsx');
  const tables = tablesOf(input);
  const plan = toWorkbookPlan(input, tables, 'srmap test', { rows: 2, shown: 2, failing: 1, frameworkId: 'hipaa-security' });
  const wb = openWorkbook(path, { createdAt: new Date(input.evidence.manifest.createdAt), title: 't', subject: 's', creator: 'srmap test' });
  for (const sheet of plan.before) wb.addSheet(sheet);
  const rule = input.evidence.configRules[0];
  const ref = input.refs.byDeployment.get(`${PROD}|eu-west-1|${rule?.ruleName}`) as string;
  const rows = [
    ['hipaa-security', PROD, 'eu-west-1', rule?.ruleName ?? '', rule?.sourceIdentifier ?? '', 'AWS::S3::Bucket', '012345678901', 'COMPLIANT', '', '2026-03-30T09:00:00.000Z', '', '164.312(a)(2)(iv)', 'true', '', ref],
    ['hipaa-security', PROD, 'eu-west-1', rule?.ruleName ?? '', rule?.sourceIdentifier ?? '', 'AWS::S3::Bucket', HOSTILE.controlChars, 'NON_COMPLIANT', HOSTILE.formula, '2026-03-30T09:00:00.000Z', '', '164.312(a)(2)(iv)', 'true', '', ref],
  ];
  const evidence = wb.openStream(SHEET_NAMES.evidence, toColumns(EVIDENCE_COLUMNS, rows));
  const tally: EvidenceTally = new Map();
  rows.forEach((r, i) => {
    addToTally(tally, ref, r[7] as 'COMPLIANT', true, false, i + 1);
    evidence.write(r);
  });
  evidence.end();
  const indexRows = toEvidenceIndexRows(input, tally);
  wb.addSheet(toIndexSheet(input, { columns: EVIDENCE_INDEX_COLUMNS, rows: indexRows }, tables, new Map([...tally].map(([r, t]) => [r, t.firstRow]))));
  await wb.close();
  return path;
}

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

describe('the workbook', () => {
  it('has the pack\'s sheets, in order, with typed cells', async () => {
    const input = makePackInput();
    const path = await writeFixtureWorkbook(input);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'About', 'Requirements', 'How each status was computed', 'Responsibility matrix', 'Gaps', 'Exceptions', 'Attestations', 'Manual evidence', 'Evidence', 'Evidence index',
    ]);
    const req = wb.getWorksheet('Requirements') as ExcelJS.Worksheet;
    const header = (req.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...REQUIREMENTS_COLUMNS]);
    const idCell = req.getRow(2).getCell(REQUIREMENTS_COLUMNS.indexOf('requirement_id') + 1);
    expect(idCell.type).toBe(ExcelJS.ValueType.String);
    expect(idCell.numFmt).toBe('@');
    const asOf = req.getRow(2).getCell(REQUIREMENTS_COLUMNS.indexOf('as_of') + 1);
    expect(asOf.type).toBe(ExcelJS.ValueType.Date);
    expect((asOf.value as Date).toISOString()).toBe('2026-03-31T00:00:00.000Z');
    const ev = wb.getWorksheet('Evidence') as ExcelJS.Worksheet;
    const account = ev.getRow(2).getCell(EVIDENCE_COLUMNS.indexOf('account') + 1);
    expect([account.type, account.value]).toEqual([ExcelJS.ValueType.String, PROD]);
    expect(ev.getRow(2).getCell(EVIDENCE_COLUMNS.indexOf('resource_id') + 1).value).toBe('012345678901');
    expect(ev.getRow(2).getCell(EVIDENCE_COLUMNS.indexOf('recorded_at') + 1).type).toBe(ExcelJS.ValueType.Date);
    // Coloured by value from the one status vocabulary (cells of one look share one style): compliant as met, non-compliant as not met.
    const badge = (s: 'met' | 'not-met') => `FF${STATUS_VOCABULARY[s].badge.background.slice(1).toUpperCase()}`;
    const compliance = [2, 3].map((r) => ev.getRow(r).getCell(EVIDENCE_COLUMNS.indexOf('compliance_type') + 1));
    expect(compliance.map((c) => [c.value, (c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb, c.font?.bold, c.numFmt])).toEqual([
      ['COMPLIANT', badge('met'), true, '@'],
      ['NON_COMPLIANT', badge('not-met'), true, '@'],
    ]);
    const index = wb.getWorksheet('Evidence index') as ExcelJS.Worksheet;
    const ruleRow = [...Array(index.rowCount).keys()].map((i) => index.getRow(i + 1)).find((r) => r.getCell(EVIDENCE_INDEX_COLUMNS.indexOf('identifier') + 1).value === input.evidence.configRules[0]?.sourceIdentifier);
    const results = ruleRow?.getCell(EVIDENCE_INDEX_COLUMNS.indexOf('results') + 1);
    expect([results?.type, results?.value]).toEqual([ExcelJS.ValueType.Number, 2]);
    // Header frozen, filter on.
    expect(req.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(req.autoFilter).toBeTruthy();
  });

  it('keeps hostile text as text: a formula stays a string, control characters become visible', async () => {
    const path = await writeFixtureWorkbook();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ev = wb.getWorksheet('Evidence') as ExcelJS.Worksheet;
    const annotation = ev.getRow(3).getCell(EVIDENCE_COLUMNS.indexOf('annotation') + 1);
    expect([annotation.type, annotation.value]).toEqual([ExcelJS.ValueType.String, HOSTILE.formula]);
    const resource = ev.getRow(3).getCell(EVIDENCE_COLUMNS.indexOf('resource_id') + 1).value as string;
    expect(resource).toContain('\\u{0000}');
    expect(resource).toContain('\\u{001B}');
    expect(resource).toContain('\\u{202E}evil\\u{202C}');
    expect(['\u0000', '\u001b', '\u0007', '\u202e'].filter((c) => resource.includes(c))).toEqual([]);
  });

  it('keeps a text cell\'s leading and trailing spaces for every reader (xml:space="preserve"), other text as plain cells', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-xlsx-'));
    dirs.push(dir);
    const path = join(dir, 'spaces.xlsx');
    const wb = openWorkbook(path, { createdAt: new Date('2026-09-30T00:00:00Z'), title: 't', subject: 's', creator: 'srmap test' });
    const values = [' =1+1', 'trailing ', '  both  ', 'inner  spaces', 'plain'];
    wb.addSheet({ name: 'Texts', columns: values.map((_, i) => ({ header: `c${i}`, kind: 'text' as const, width: 12 })), rows: [{ cells: values }] });
    await wb.close();
    const xml = (await (await JSZip.loadAsync(await readFile(path))).file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    // LibreOffice drops the edge spaces of <v> text; an inline string's <t xml:space="preserve"> keeps them.
    for (const v of values.slice(0, 3)) expect(xml).toContain(`<t xml:space="preserve">${v}</t>`);
    expect(xml).not.toMatch(/<v>\s|\s<\/v>/);
    expect(xml).toContain('<v>inner  spaces</v>');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const row = (book.getWorksheet('Texts') as ExcelJS.Worksheet).getRow(2);
    expect(values.map((_, i) => row.getCell(i + 1).text)).toEqual(values);
    expect(row.getCell(1).numFmt).toBe('@');
  });

  it('links a requirement to how it was computed, and a ref to its place in the evidence index (internal links)', async () => {
    const path = await writeFixtureWorkbook();
    const zip = await JSZip.loadAsync(await readFile(path));
    const workbookXml = await zip.file('xl/workbook.xml')?.async('string');
    const sheetFile = (name: string) => {
      const i = [...(workbookXml ?? '').matchAll(/<sheet [^>]*name="([^"]+)"/g)].findIndex((m) => m[1] === name);
      return `xl/worksheets/sheet${i + 1}.xml`;
    };
    const requirements = (await zip.file(sheetFile('Requirements'))?.async('string')) ?? '';
    expect(requirements).toContain('location="&apos;How each status was computed&apos;!A2"');
    expect(requirements).not.toContain('r:id="rId');
    const index = (await zip.file(sheetFile('Evidence index'))?.async('string')) ?? '';
    expect(index).toMatch(/location="&apos;Evidence&apos;!A2"/);
    expect(Object.keys(zip.files).filter((f) => f.includes('_rels/sheet'))).toEqual([]);
  });

  it('streams a large sheet with backpressure: after each settle the zip has at most ZIP_WAITING_BYTES of it waiting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srmap-xlsx-'));
    dirs.push(dir);
    const path = join(dir, 'big.xlsx');
    const wb = openWorkbook(path, { createdAt: new Date('2026-09-30T00:00:00Z'), title: 't', subject: 's', creator: 'srmap test' });
    const columns = toColumns(EVIDENCE_COLUMNS, []);
    const sheet = wb.openStream(SHEET_NAMES.evidence, columns);
    const rows = 30_000;
    let most = 0;
    let known = 0;
    for (let i = 1; i <= rows; i += 1) {
      sheet.write(EVIDENCE_COLUMNS.map((c, k) => `${c}-${i}-${'x'.repeat(k * 3)}`));
      if (i % 100 === 0) {
        await sheet.settle();
        const waiting = sheet.waiting();
        if (waiting !== undefined) known += 1;
        most = Math.max(most, waiting ?? 0);
      }
    }
    sheet.end();
    await wb.close();
    // exceljs 4.4 says how much waits: without backpressure this reaches tens of MB.
    expect(known).toBe(rows / 100);
    expect(most).toBeLessThanOrEqual(ZIP_WAITING_BYTES);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const ev = book.getWorksheet(SHEET_NAMES.evidence) as ExcelJS.Worksheet;
    expect(ev.rowCount).toBe(rows + 1);
    expect(ev.getRow(rows + 1).getCell(1).value).toBe(`framework-${rows}-`);
  });

  it('is the same bytes for the same input, whatever the clock or the time zone', async () => {
    const a = await writeFixtureWorkbook();
    const tz = process.env.TZ;
    process.env.TZ = 'Pacific/Chatham';
    try {
      await new Promise((r) => setTimeout(r, 2100));
      const b = await writeFixtureWorkbook();
      expect(await sha256(b)).toBe(await sha256(a));
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    const zip = await JSZip.loadAsync(await readFile(a));
    for (const f of Object.values(zip.files)) expect(f.date.toISOString(), f.name).toBe('2026-03-31T14:05:08.000Z');
  });

  it('cuts a cell longer than Excel allows and says where the whole text is', () => {
    const cut = toCellText('x'.repeat(40_000), 'Evidence');
    expect(cut.length).toBe(32_767);
    expect(cut).toContain('the CSV behind the sheet Evidence holds it whole');
    expect(toCellText('\uD800 lone \uFFFE', 'X')).toBe('\\u{D800} lone \\u{FFFE}');
  });
});
