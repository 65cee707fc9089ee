/**
 * Reproducible .xlsx bytes from exceljs's buffer writer, laid out so a later run can recognise the
 * file: the archive rewritten with the entries named in `storedFirst` first and stored uncompressed
 * (their text can be read in the file's first bytes), the others after them in their original
 * order, deflated; folders dropped. Every entry is then dated `date` by the one zip-date fixer
 * (src/domain/zip-dates.ts, which the workbooks use too): JSZip stamps the clock's time. Pure.
 */
import JSZip from 'jszip';
import { setZipDates } from '../domain/zip-dates.js';

export async function normaliseZip(bytes: Uint8Array, date: Date, storedFirst: readonly string[] = []): Promise<Uint8Array> {
  const source = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  const files: JSZip.JSZipObject[] = [];
  source.forEach((_, f) => {
    if (!f.dir) files.push(f);
  });
  const first = files.filter((f) => storedFirst.includes(f.name));
  for (const f of first) out.file(f.name, await f.async('uint8array'), { createFolders: false, compression: 'STORE' });
  for (const f of files.filter((x) => !storedFirst.includes(x.name))) out.file(f.name, await f.async('uint8array'), { createFolders: false });
  const zip = await out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
  return setZipDates(zip, date, 'the answered workbook');
}
