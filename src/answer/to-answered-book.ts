/**
 * The answered copy of the customer's questionnaire. For a workbook: their file loaded again with
 * exceljs, their cells and formatting kept, answers written into their empty answer and comment
 * cells, srmap's columns added after their last column (header styled apart), dates fixed to the
 * snapshot and the zip normalised so the same inputs give the same bytes. For CSV and TSV: their
 * rows with the same cells filled and srmap's columns appended. Pure (bytes in, bytes or rows out).
 */
import type { Worksheet } from 'exceljs';
import { toVisibleText } from '../domain/visible-text.js';
import { loadWorkbook } from './parse-xlsx.js';
import { normaliseZip } from './normalise-zip.js';
import type { QuestionnaireSheet } from './questionnaire-book.js';
import { SRMAP_COLUMNS, type AnsweredSheet } from './to-answered-rows.js';

/** In the workbook's keywords, so a later run knows the file as its own output and may replace it. */
export const ANSWERED_WORKBOOK_MARK = 'srmap answered questionnaire';

const WIDTHS: Record<string, number> = { srmap_answer: 18, srmap_response: 60, srmap_confidence: 12, srmap_kind: 14, srmap_citations: 36, srmap_review: 50, srmap_internal: 80 };

function writeSheet(ws: Worksheet, answered: AnsweredSheet): void {
  const { layout, firstColumn } = answered;
  const headerRow = ws.getRow(layout.headerRow + layout.headerRows);
  SRMAP_COLUMNS.forEach((name, i) => {
    const col = firstColumn + i + 1;
    const cell = headerRow.getCell(col);
    cell.value = name;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    ws.getColumn(col).width = WIDTHS[name] ?? 20;
  });
  for (const r of answered.rows) {
    const row = ws.getRow(r.row + 1);
    const set = (col: number, value: string) => {
      const cell = row.getCell(col + 1);
      // Text from AWS and from the customer's files is untrusted: control and invisible characters made visible.
      cell.value = toVisibleText(value);
      cell.alignment = { ...(cell.alignment ?? {}), wrapText: true, vertical: 'top' };
    };
    if (r.theirAnswer !== undefined && layout.answerColumn !== undefined) set(layout.answerColumn, r.theirAnswer);
    if (r.theirComment !== undefined && layout.commentColumn !== undefined) set(layout.commentColumn, r.theirComment);
    SRMAP_COLUMNS.forEach((name, i) => {
      const v = r.srmap[name];
      if (v !== '') {
        set(firstColumn + i, v);
        if (name === 'srmap_confidence') row.getCell(firstColumn + i + 1).numFmt = '@';
      }
    });
  }
}

export async function toAnsweredXlsx(original: Uint8Array, file: string, sheets: readonly AnsweredSheet[], date: Date): Promise<Uint8Array> {
  const wb = await loadWorkbook(original, file);
  wb.modified = date;
  if (!wb.created) wb.created = date;
  if (!(wb.keywords ?? '').includes(ANSWERED_WORKBOOK_MARK)) wb.keywords = wb.keywords ? `${wb.keywords}; ${ANSWERED_WORKBOOK_MARK}` : ANSWERED_WORKBOOK_MARK;
  for (const s of sheets) {
    const ws = wb.getWorksheet(s.sheet);
    if (ws) writeSheet(ws, s);
  }
  return normaliseZip(new Uint8Array(await wb.xlsx.writeBuffer()), date, ['docProps/core.xml']);
}

/** Their rows, padded to their width, their cells filled, srmap's columns appended. */
export function toAnsweredDelimited(sheet: QuestionnaireSheet, answered: AnsweredSheet): string[][] {
  const { layout, firstColumn } = answered;
  const byRow = new Map(answered.rows.map((r) => [r.row, r]));
  const headerAt = layout.headerRow + layout.headerRows - 1;
  return sheet.rows.map((cells, i) => {
    const row = [...cells, ...Array<string>(Math.max(0, firstColumn - cells.length)).fill('')];
    if (i === headerAt) return [...row, ...SRMAP_COLUMNS];
    const r = byRow.get(i);
    if (!r) return [...row, ...SRMAP_COLUMNS.map(() => '')];
    if (r.theirAnswer !== undefined && layout.answerColumn !== undefined) row[layout.answerColumn] = r.theirAnswer;
    if (r.theirComment !== undefined && layout.commentColumn !== undefined) row[layout.commentColumn] = r.theirComment;
    return [...row, ...SRMAP_COLUMNS.map((c) => r.srmap[c])];
  });
}

/** One row per question across every sheet: what a workbook's answers look like as one CSV. */
export const FLAT_COLUMNS = ['sheet', 'row', 'id', 'question', ...SRMAP_COLUMNS] as const;

export function toFlatRows(sheets: readonly { answered: AnsweredSheet; questions: readonly { row: number; id: string; text: string }[] }[]): string[][] {
  return sheets.flatMap(({ answered, questions }) => {
    const byRow = new Map(questions.map((q) => [q.row, q]));
    return answered.rows.map((r) => [answered.sheet, String(r.row + 1), byRow.get(r.row)?.id ?? '', byRow.get(r.row)?.text ?? '', ...SRMAP_COLUMNS.map((c) => r.srmap[c])]);
  });
}
