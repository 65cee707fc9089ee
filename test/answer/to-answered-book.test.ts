import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../src/answer/detect-layout.js';
import { normaliseZip } from '../../src/answer/normalise-zip.js';
import { parseXlsx } from '../../src/answer/parse-xlsx.js';
import { ANSWERED_WORKBOOK_MARK, toAnsweredXlsx } from '../../src/answer/to-answered-book.js';
import { isAnsweredWorkbook } from '../../src/pipeline/answer-questionnaire.js';
import { SRMAP_COLUMNS, toAnsweredSheet } from '../../src/answer/to-answered-rows.js';

async function customerWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Security');
  ws.getCell('A1').value = 'Vendor review';
  ws.mergeCells('A1:D1');
  ws.getRow(2).values = ['Ref', 'Question', 'Response', 'Comments'];
  ws.getCell('B2').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
  ws.getRow(3).values = ['1', 'Is MFA enforced?', '', ''];
  ws.getColumn(2).width = 64;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the answered workbook', () => {
  it('keeps their layout and formatting, fills their answer cells, adds srmap columns beside, same bytes every run', async () => {
    const original = await customerWorkbook();
    const book = await parseXlsx(original, 'q.xlsx');
    const sheet = book.sheets[0];
    const layout = sheet && detectLayout(sheet);
    if (!sheet || !layout) throw new Error('no layout');
    const answered = toAnsweredSheet(sheet, layout, [{ row: 2, answer: 'Yes', answered: true, response: 'Yes. Every login.', confidence: 0.8, kind: 'control', citations: ['soc2-2017:CC6.1'], review: '', internal: 'bucket evil\u202Egnp.exe' }]);
    const date = new Date('2026-09-30T00:00:00Z');
    const first = await toAnsweredXlsx(original, 'q.xlsx', [answered], date);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await toAnsweredXlsx(original, 'q.xlsx', [answered], date);
    expect(sha(first)).toBe(sha(second));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(first.buffer.slice(first.byteOffset, first.byteOffset + first.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('Security');
    expect(ws?.getCell('A1').isMerged).toBe(true);
    expect(ws?.getColumn(2).width).toBe(64);
    expect((ws?.getCell('B2').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FF1F4E79');
    expect(ws?.getCell('C3').value).toBe('Yes');
    expect(ws?.getCell('D3').value).toBe('Yes. Every login.');
    expect(ws?.getRow(2).values).toEqual([undefined, 'Ref', 'Question', 'Response', 'Comments', ...SRMAP_COLUMNS]);
    expect(ws?.getCell('E3').value).toBe('Yes');
    expect(ws?.getCell('K3').value).toBe('bucket evil\\u{202E}gnp.exe');
    expect(wb.keywords).toBe(ANSWERED_WORKBOOK_MARK);
    // A later run knows the file as its own from its first bytes; the customer's own workbook is not.
    expect(isAnsweredWorkbook(Buffer.from(first.subarray(0, 64 * 1024)).toString('utf8'))).toBe(true);
    expect(isAnsweredWorkbook(Buffer.from(original.subarray(0, 64 * 1024)).toString('utf8'))).toBe(false);
    const zip = await JSZip.loadAsync(first);
    zip.forEach((_, f) => expect(f.date.toISOString()).toBe('2026-09-30T00:00:00.000Z'));
  });

  it('normaliseZip gives the same bytes for archives written at different times', async () => {
    const a = new JSZip().file('x.txt', 'hello', { date: new Date('2020-01-01T00:00:00Z') });
    const b = new JSZip().file('x.txt', 'hello', { date: new Date('2024-06-01T12:34:56Z') });
    const d = new Date('2026-01-01T00:00:00Z');
    expect(sha(await normaliseZip(await a.generateAsync({ type: 'uint8array' }), d))).toBe(sha(await normaliseZip(await b.generateAsync({ type: 'uint8array' }), d)));
  });
});
