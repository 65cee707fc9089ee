/**
 * Reproducible .xlsx bytes: exceljs stamps every zip entry with the current time, so two runs of the
 * same input differ. This rewrites the archive with every entry dated `date` (entries in their
 * original order, folders dropped, deflated). Entries named in `storedFirst` come first and are
 * stored uncompressed, so their text can be recognised in the file's first bytes. Pure.
 */
import JSZip from 'jszip';

export async function normaliseZip(bytes: Uint8Array, date: Date, storedFirst: readonly string[] = []): Promise<Uint8Array> {
  const source = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  const files: JSZip.JSZipObject[] = [];
  source.forEach((_, f) => {
    if (!f.dir) files.push(f);
  });
  const first = files.filter((f) => storedFirst.includes(f.name));
  for (const f of first) out.file(f.name, await f.async('uint8array'), { date, createFolders: false, compression: 'STORE' });
  for (const f of files.filter((x) => !storedFirst.includes(x.name))) out.file(f.name, await f.async('uint8array'), { date, createFolders: false });
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}
