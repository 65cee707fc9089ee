/**
 * A questionnaire workbook (.xlsx) read with exceljs: every visible sheet as cell text (what Excel
 * shows: rich text joined, formula results, hyperlink text), merges listed with the covered cells
 * blanked, and the drop-down lists declared on cells. Pure: bytes in, a book out.
 */
import type { Cell, Workbook, Worksheet } from 'exceljs';
import { SrmapError } from '../domain/errors.js';
import type { MergedRange, QuestionnaireBook, QuestionnaireSheet } from './questionnaire-book.js';

/** The zip signature every .xlsx starts with. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Column letters to a 0-based index: A -> 0, AA -> 26. */
function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** `B3` or `$B$3` to 0-based row and column. */
export function decodeCell(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address.trim());
  return m ? { row: Number(m[2]) - 1, col: columnIndex(m[1] ?? 'A') } : undefined;
}

export function decodeRange(range: string): MergedRange | undefined {
  const [a, b] = range.split(':');
  const tl = decodeCell(a ?? '');
  const br = decodeCell(b ?? a ?? '');
  return tl && br ? { top: Math.min(tl.row, br.row), left: Math.min(tl.col, br.col), bottom: Math.max(tl.row, br.row), right: Math.max(tl.col, br.col) } : undefined;
}

export async function loadWorkbook(bytes: Uint8Array, file: string): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (cause) {
    throw new SrmapError('QUESTIONNAIRE_UNREADABLE', `${file}: not a readable Excel workbook (${(cause as Error).message}).`, {
      hint: 'Open it in Excel or LibreOffice and save it again as "Excel Workbook (.xlsx)"; an .xls or a password-protected file cannot be read.',
      cause,
    });
  }
  return wb;
}

function cellText(cell: Cell): string {
  try {
    return (cell.text ?? '').replace(/\r\n?/g, '\n');
  } catch {
    return '';
  }
}

/** The values of a list validation: an inline list ("Yes,No,N/A") or a range on a sheet. */
function listValues(formula: string, wb: Workbook, here: Worksheet): string[] | undefined {
  const inline = /^"(.*)"$/s.exec(formula.trim());
  if (inline) return (inline[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const m = /^(?:'?([^'!]+)'?!)?(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)$/i.exec(formula.trim());
  if (!m) return undefined;
  const ws = m[1] ? wb.getWorksheet(m[1]) : here;
  const range = decodeRange(m[2] ?? '');
  if (!ws || !range) return undefined;
  const out: string[] = [];
  for (let r = range.top; r <= range.bottom && out.length < 100; r += 1) {
    for (let c = range.left; c <= range.right; c += 1) {
      const t = cellText(ws.getCell(r + 1, c + 1)).trim();
      if (t) out.push(t);
    }
  }
  return out;
}

export function toSheet(ws: Worksheet, wb: Workbook): QuestionnaireSheet {
  const merges = (ws.model.merges ?? []).map(decodeRange).filter((m): m is MergedRange => m !== undefined);
  const covered = new Set<string>();
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom; r += 1) for (let c = m.left; c <= m.right; c += 1) if (r !== m.top || c !== m.left) covered.add(`${r}:${c}`);
  }
  const rows: string[][] = [];
  const choices = new Map<string, readonly string[]>();
  const lastRow = ws.actualRowCount === 0 ? 0 : ws.lastRow?.number ?? 0;
  for (let r = 1; r <= lastRow; r += 1) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    const width = row.cellCount;
    for (let c = 1; c <= width; c += 1) {
      const cell = row.getCell(c);
      cells.push(covered.has(`${r - 1}:${c - 1}`) ? '' : cellText(cell));
      const dv = cell.dataValidation;
      if (dv?.type === 'list' && dv.formulae?.[0] !== undefined) {
        const values = listValues(String(dv.formulae[0]), wb, ws);
        if (values && values.length > 0) choices.set(`${r - 1}:${c - 1}`, values);
      }
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    rows.push(cells);
  }
  return { name: ws.name, rows, merges, choices };
}

export async function parseXlsx(bytes: Uint8Array, file: string): Promise<QuestionnaireBook> {
  const wb = await loadWorkbook(bytes, file);
  const sheets = wb.worksheets.filter((ws) => ws.state === undefined || ws.state === 'visible').map((ws) => toSheet(ws, wb));
  return { format: 'xlsx', sheets };
}
