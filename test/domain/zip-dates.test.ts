/**
 * The one zip-date fixer (the workbooks and the answered questionnaire both use it): archives that
 * differ only in when they were written come out byte for byte the same, every entry dated as asked
 * in its local header and its central directory entry, the data untouched; an archive it cannot
 * make reproducible (a timestamp extra field, no central directory) is refused, not half-fixed.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { ZipFile } from 'yazl';
import { describe, expect, it } from 'vitest';
import { setZipDates, toDosDateTime } from '../../src/domain/zip-dates.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const AT = new Date('2026-09-30T13:45:58Z');

async function exceljsBook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.created = AT;
  wb.modified = AT;
  wb.addWorksheet('Sheet').getCell('A1').value = 'same content';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function yazlZip(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from('hello'), 'x.txt', { mtime: AT });
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

describe('setZipDates', () => {
  it('gives the same bytes for exceljs workbooks written at different times, every entry dated as asked', async () => {
    const a = await exceljsBook();
    await new Promise((r) => setTimeout(r, 2100));
    const b = await exceljsBook();
    expect(sha(a)).not.toBe(sha(b)); // exceljs dates its entries from the clock
    const before = Buffer.from(a);
    expect(sha(setZipDates(a, AT, 'a.xlsx'))).toBe(sha(setZipDates(b, AT, 'b.xlsx')));
    // Only the date fields changed: every other byte as exceljs wrote it.
    let changed = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== before[i]) changed += 1;
    const zip = await JSZip.loadAsync(a);
    const entries = Object.values(zip.files);
    expect(changed).toBeLessThanOrEqual(entries.length * 8);
    for (const f of entries) expect(f.date.toISOString(), f.name).toBe('2026-09-30T13:45:58.000Z');
    expect(await zip.file('xl/sharedStrings.xml')?.async('string')).toContain('same content');
  });

  it('stores a UTC instant as DOS time and date (two-second resolution, 1980 at the earliest)', () => {
    expect(toDosDateTime(AT)).toEqual({ time: (13 << 11) | (45 << 5) | 29, date: (46 << 9) | (9 << 5) | 30 });
    expect(toDosDateTime(new Date('1970-01-01T00:00:00Z')).date >> 9).toBe(0);
  });

  it('refuses an archive whose entries carry a timestamp extra field, or that is not a zip', async () => {
    const withExtra = new Uint8Array(await yazlZip());
    expect(() => setZipDates(withExtra, AT, 'x.zip')).toThrow(/x\.zip: an entry carries a timestamp extra field/);
    expect(() => setZipDates(new TextEncoder().encode('not a zip at all, just some text here'), AT, 'y.xlsx')).toThrow(/y\.xlsx: no end of central directory/);
  });
});
