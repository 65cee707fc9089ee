/**
 * Sets every entry's modification date in a zip file to one fixed time, in place. exceljs's
 * streaming writer stamps each entry with the current time (some before any option can change it),
 * so two runs over the same snapshot would differ in those bytes alone; the DOS date and time of
 * each local header and central directory entry are the only fields written from the clock. The
 * entries' data and checksums are untouched. Zip64 archives and timestamp extra fields are refused
 * (exceljs writes neither): better an error than a file that differs from run to run.
 */
import { open } from 'node:fs/promises';
import { SrmapError } from '../../domain/errors.js';

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

function bad(path: string, why: string): SrmapError {
  return new SrmapError('ZIP_UNEXPECTED', `Cannot fix the dates of ${path}: ${why}`, { kind: 'internal' });
}

function checkExtras(path: string, buf: Buffer, start: number, length: number): void {
  for (let p = start; p + 4 <= start + length; ) {
    const id = buf.readUInt16LE(p);
    if (TIME_EXTRAS.has(id)) throw bad(path, `an entry carries a timestamp extra field (0x${id.toString(16)})`);
    p += 4 + buf.readUInt16LE(p + 2);
  }
}

export async function normaliseZipDates(path: string, at: Date): Promise<void> {
  const { time, date } = toDosDateTime(at);
  const handle = await open(path, 'r+');
  try {
    const size = (await handle.stat()).size;
    const tailSize = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let p = tailSize - 22; p >= 0; p--) {
      if (tail.readUInt32LE(p) === EOCD) {
        eocd = p;
        break;
      }
    }
    if (eocd < 0) throw bad(path, 'no end of central directory');
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw bad(path, 'a Zip64 archive');
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const local = Buffer.alloc(30);
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE(time, 0);
    stamp.writeUInt16LE(date, 2);
    let p = 0;
    for (let i = 0; i < entries; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw bad(path, `central directory entry ${i + 1} is malformed`);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const offset = cd.readUInt32LE(p + 42);
      checkExtras(path, cd, p + 46 + nameLength, extraLength);
      stamp.copy(cd, p + 12);
      await handle.read(local, 0, 30, offset);
      if (local.readUInt32LE(0) !== LOCAL) throw bad(path, `local header of entry ${i + 1} not found`);
      const localExtra = Buffer.alloc(local.readUInt16LE(28));
      await handle.read(localExtra, 0, localExtra.length, offset + 30 + local.readUInt16LE(26));
      checkExtras(path, localExtra, 0, localExtra.length);
      await handle.write(stamp, 0, 4, offset + 10);
      p += 46 + nameLength + extraLength + commentLength;
    }
    await handle.write(cd, 0, cdSize, cdOffset);
  } finally {
    await handle.close();
  }
}
