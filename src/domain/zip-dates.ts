/**
 * Sets every entry's modification date in a zip archive to one fixed time, in place: what makes an
 * exceljs workbook reproducible. exceljs (its streaming writer, and JSZip under its buffer writer)
 * stamps each entry with the current time, so two runs over the same input would differ in those
 * bytes alone; the DOS date and time of each local header and central directory entry are the only
 * fields written from the clock. The entries' data, order, compression and checksums are untouched.
 * Zip64 archives and timestamp extra fields are refused (exceljs and JSZip write neither): better an
 * error than a file that differs from run to run. Pure: bytes in, the same bytes patched.
 */
import { SrmapError } from './errors.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Extra fields that carry times: extended timestamp (UT), NTFS, Info-ZIP Unix. */
const TIME_EXTRAS = new Set([0x5455, 0x000a, 0x5855, 0x7855]);

/** MS-DOS time and date (2-second resolution) of a UTC instant, as zip stores them. */
export function toDosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, d.getUTCFullYear()));
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function bad(name: string, why: string): SrmapError {
  return new SrmapError('ZIP_UNEXPECTED', `Cannot fix the dates of ${name}: ${why}`, { kind: 'internal' });
}

function checkExtras(name: string, view: DataView, start: number, length: number): void {
  if (start + length > view.byteLength) throw bad(name, 'an extra field runs past the end of the archive');
  for (let p = start; p + 4 <= start + length; ) {
    const id = view.getUint16(p, true);
    if (TIME_EXTRAS.has(id)) throw bad(name, `an entry carries a timestamp extra field (0x${id.toString(16)})`);
    p += 4 + view.getUint16(p + 2, true);
  }
}

/** Every entry of `zip` dated `at` (UTC), in place; returns `zip`. `name` says which file in an error. */
export function setZipDates(zip: Uint8Array, at: Date, name: string): Uint8Array {
  const { time, date } = toDosDateTime(at);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const size = zip.byteLength;
  let eocd = -1;
  for (let p = size - 22; p >= Math.max(0, size - 22 - 0xffff); p--) {
    if (view.getUint32(p, true) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw bad(name, 'no end of central directory');
  const entries = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw bad(name, 'a Zip64 archive');
  if (cdOffset + cdSize > size) throw bad(name, 'the central directory runs past the end of the archive');
  let p = cdOffset;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > cdOffset + cdSize || view.getUint32(p, true) !== CENTRAL) throw bad(name, `central directory entry ${i + 1} is malformed`);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const offset = view.getUint32(p + 42, true);
    checkExtras(name, view, p + 46 + nameLength, extraLength);
    if (offset + 30 > size || view.getUint32(offset, true) !== LOCAL) throw bad(name, `local header of entry ${i + 1} not found`);
    checkExtras(name, view, offset + 30 + view.getUint16(offset + 26, true), view.getUint16(offset + 28, true));
    view.setUint16(p + 12, time, true);
    view.setUint16(p + 14, date, true);
    view.setUint16(offset + 10, time, true);
    view.setUint16(offset + 12, date, true);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return zip;
}
