/**
 * Writes the labelled questionnaires (evidence/questionnaires/*.xlsx|csv|txt) from their sources, as
 * a customer would send them: title rows, merged sections, drop-downs, a two-row header, UTF-16 text.
 * Deterministic bytes (fixed workbook dates, normalised zip), so a test can check the files are current.
 *   npx tsx src/tools/questionnaires/build-questionnaires.ts
 */
import { rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Worksheet } from 'exceljs';
import { normaliseZip } from '../../answer/normalise-zip.js';
import { isQuestion, readQuestionnaireSources, type QuestionnaireSource } from './questionnaire-source.js';

const FIXED = new Date('2026-01-05T09:00:00Z');

/** The rows of one sheet as text, in order, with what each row is. */
function sheetRows(source: QuestionnaireSource, sheet: QuestionnaireSource['sheets'][number]): { kind: 'title' | 'header' | 'subheader' | 'section' | 'text' | 'question'; cells: string[] }[] {
  const l = source.layout;
  const width = l.header.length;
  const col = (name: string) => {
    const i = (l.subheader ?? l.header).indexOf(name);
    return i >= 0 ? i : l.header.indexOf(name);
  };
  const q = col(l.question);
  const out: ReturnType<typeof sheetRows> = l.title.map((t) => ({ kind: 'title' as const, cells: [t] }));
  if (l.title.length > 0) out.push({ kind: 'title', cells: [] });
  out.push({ kind: 'header', cells: [...l.header] });
  if (l.subheader) out.push({ kind: 'subheader', cells: [...l.subheader] });
  for (const row of sheet.rows) {
    const cells = Array<string>(width).fill('');
    if ('section' in row) {
      if (l.sections === 'none') continue;
      cells[0] = row.section;
      out.push({ kind: 'section', cells });
    } else if ('text' in row) {
      cells[q] = row.text;
      out.push({ kind: 'text', cells });
    } else if (isQuestion(row)) {
      cells[0] = row.id;
      cells[q] = row.q;
      for (const [h, v] of Object.entries(l.extra ?? {})) cells[l.header.indexOf(h)] = v;
      out.push({ kind: 'question', cells });
    }
  }
  return out;
}

function styleSheet(ws: Worksheet, source: QuestionnaireSource, rows: ReturnType<typeof sheetRows>): void {
  const l = source.layout;
  const width = l.header.length;
  const q = l.header.indexOf(l.question);
  ws.columns = l.header.map((_, i) => ({ width: i === q ? 70 : i === 0 ? 12 : 28 }));
  const answer = (l.subheader ?? l.header).indexOf(l.answer);
  rows.forEach((r, i) => {
    const n = i + 1;
    const row = ws.getRow(n);
    r.cells.forEach((c, j) => {
      if (c !== '') {
        const cell = row.getCell(j + 1);
        cell.value = c;
        cell.numFmt = '@';
      }
    });
    const border = { top: { style: 'thin' as const }, left: { style: 'thin' as const }, bottom: { style: 'thin' as const }, right: { style: 'thin' as const } };
    if (r.kind === 'title' && r.cells.length > 0) {
      ws.mergeCells(n, 1, n, width);
      row.getCell(1).font = { bold: true, size: i === 0 ? 14 : 10, italic: i > 0 };
    } else if (r.kind === 'header' || r.kind === 'subheader') {
      for (let c = 1; c <= width; c += 1) {
        const cell = row.getCell(c);
        cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
        cell.border = border;
      }
    } else if (r.kind === 'section') {
      if (l.sections === 'merged') ws.mergeCells(n, 1, n, width);
      row.getCell(1).font = { bold: true };
      row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    } else if (r.kind === 'question') {
      for (let c = 1; c <= width; c += 1) {
        const cell = row.getCell(c);
        cell.border = border;
        cell.alignment = { wrapText: true, vertical: 'top' };
      }
      if (l.dropdown && answer >= 0) row.getCell(answer + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${l.dropdown.join(',')}"`] };
    }
  });
  if (l.subheader) {
    // "No." and "Question" span both header rows; the group label spans its sub-labels.
    const h = rows.findIndex((r) => r.kind === 'header') + 1;
    let c = 0;
    while (c < width) {
      let end = c;
      while (end + 1 < width && l.header[end + 1] === l.header[c]) end += 1;
      if (end > c) ws.mergeCells(h, c + 1, h, end + 1);
      else if ((l.subheader[c] ?? '') === '') ws.mergeCells(h, c + 1, h + 1, c + 1);
      c = end + 1;
    }
  }
  ws.views = [{ state: 'frozen', ySplit: rows.findIndex((r) => r.kind === 'question') }];
}

export async function toQuestionnaireBytes(source: QuestionnaireSource): Promise<Uint8Array> {
  if (source.file.endsWith('.xlsx')) {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.creator = 'srmap test data';
    wb.created = FIXED;
    wb.modified = FIXED;
    for (const sheet of source.sheets) {
      const ws = wb.addWorksheet(sheet.name);
      const hasQuestions = sheet.rows.some(isQuestion);
      if (!hasQuestions) {
        sheet.rows.forEach((r, i) => {
          if ('text' in r) ws.getCell(i + 1, 1).value = r.text;
        });
        ws.getColumn(1).width = 110;
        continue;
      }
      styleSheet(ws, source, sheetRows(source, sheet));
    }
    return normaliseZip(new Uint8Array(await wb.xlsx.writeBuffer()), FIXED);
  }
  const sheet = source.sheets[0];
  if (!sheet || source.sheets.length > 1) throw new Error(`${source.name}: a CSV or text file holds exactly one sheet`);
  const rows = sheetRows(source, sheet).map((r) => [...r.cells, ...Array<string>(source.layout.header.length - r.cells.length).fill('')]);
  if (source.file.endsWith('.csv')) return new TextEncoder().encode(stringify(rows, { bom: true, record_delimiter: 'windows' }));
  // Excel's "Unicode text": UTF-16 LE with BOM, tab-separated, CRLF.
  const text = stringify(rows, { delimiter: '\t', record_delimiter: 'windows', quoted_match: /[\t"\r\n]/ });
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  for (const source of await readQuestionnaireSources(root)) {
    const path = join(root, 'evidence', 'questionnaires', source.file);
    await writeFile(`${path}.tmp`, await toQuestionnaireBytes(source));
    await rename(`${path}.tmp`, path);
    console.log(path);
  }
}
