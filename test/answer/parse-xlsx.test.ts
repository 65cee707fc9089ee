import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decodeRange, isZip, parseXlsx } from '../../src/answer/parse-xlsx.js';
import { SrmapError } from '../../src/domain/errors.js';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('parseXlsx', () => {
  it('reads every visible sheet as text: merged cells blanked but listed, rich text joined, drop-down lists kept', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Security');
      ws.getCell('A1').value = 'Vendor assessment';
      ws.mergeCells('A1:C1');
      ws.getRow(2).values = ['Ref', 'Question', 'Answer'];
      ws.getRow(3).values = ['1', { richText: [{ text: 'Is MFA ' }, { text: 'enforced', font: { bold: true } }, { text: '?' }] }, ''];
      ws.getCell('C3').dataValidation = { type: 'list', allowBlank: true, formulae: ['"Yes,No,N/A"'] };
      ws.getRow(4).values = ['2', 'Is data backed up?', ''];
      ws.getCell('C4').dataValidation = { type: 'list', allowBlank: true, formulae: ['Lists!$A$1:$A$2'] };
      const lists = wb.addWorksheet('Lists');
      lists.getCell('A1').value = 'Compliant';
      lists.getCell('A2').value = 'Not compliant';
      lists.state = 'hidden';
    });
    expect(isZip(bytes)).toBe(true);
    const book = await parseXlsx(bytes, 'q.xlsx');
    expect(book.sheets.map((s) => s.name)).toEqual(['Security']);
    const s = book.sheets[0];
    expect(s?.rows[0]).toEqual(['Vendor assessment']);
    expect(s?.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 2 }]);
    expect(s?.rows[2]?.[1]).toBe('Is MFA enforced?');
    expect(s?.choices.get('2:2')).toEqual(['Yes', 'No', 'N/A']);
    expect(s?.choices.get('3:2')).toEqual(['Compliant', 'Not compliant']);
  });

  it('decodes ranges; a zip that is no workbook is an input error that says how to fix it', async () => {
    expect(decodeRange('$B$3:D7')).toEqual({ top: 2, left: 1, bottom: 6, right: 3 });
    const bad = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expect(parseXlsx(bad, 'broken.xlsx')).rejects.toBeInstanceOf(SrmapError);
    await expect(parseXlsx(bad, 'broken.xlsx')).rejects.toMatchObject({ hint: expect.stringMatching(/save it again/) });
  });
});
