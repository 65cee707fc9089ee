/**
 * Reads every entry of a zip (yauzl) and hashes it as it streams: name, sha256, size, and the bytes
 * of the few small entries asked for (the manifests). An entry that cannot be inflated, or whose
 * size is not the one its header gives, is reported with why, not thrown; a file that is not a zip
 * at all, or names a path outside it, throws BUNDLE_INVALID.
 */
import { createHash } from 'node:crypto';
import { open, type Entry, type ZipFile } from 'yauzl';
import { SrmapError } from '../domain/errors.js';

export interface ZipEntryRead {
  path: string;
  directory: boolean;
  sha256?: string;
  bytes?: number;
  /** Why it could not be read in full (damaged compressed data, a wrong size). */
  damaged?: string;
  /** The content, for the entries asked for. */
  data?: Buffer;
}

/** Largest entry kept in memory (a manifest). */
const MAX_KEPT_BYTES = 64 * 1024 * 1024;

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: true }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });
}

function readEntry(zip: ZipFile, entry: Entry, keep: boolean): Promise<Omit<ZipEntryRead, 'path' | 'directory'>> {
  return new Promise((resolve) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) {
        resolve({ damaged: err.message });
        return;
      }
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        if (keep && bytes <= MAX_KEPT_BYTES) chunks.push(chunk);
      });
      stream.on('error', (e: Error) => resolve({ damaged: e.message }));
      stream.on('end', () => resolve({ sha256: hash.digest('hex'), bytes, ...(keep && bytes <= MAX_KEPT_BYTES ? { data: Buffer.concat(chunks) } : {}) }));
    });
  });
}

/** A library's message as a clause of ours, which ends the sentence itself (yauzl's end with a full stop). */
function clause(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).trim().replace(/\.+$/, '');
}

export async function readZipEntries(path: string, keep: (name: string) => boolean): Promise<ZipEntryRead[]> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SrmapError('BUNDLE_NOT_FOUND', `No bundle at ${path}: the file does not exist.`, { hint: 'Give the FILE.zip that srmap bundle wrote (`srmap bundle --pack DIR --out FILE.zip`).', cause: err });
    }
    throw new SrmapError('BUNDLE_INVALID', `${path} is not a zip srmap can read: ${clause(err)}.`, { hint: 'Give the FILE.zip that srmap bundle wrote.', cause: err });
  }
  return new Promise((resolve, reject) => {
    const out: ZipEntryRead[] = [];
    zip.on('error', (err: Error) => reject(new SrmapError('BUNDLE_INVALID', `${path} is damaged or not a bundle: ${clause(err)}.`, { hint: 'Ask for the bundle again: it was altered or damaged in transfer.', cause: err })));
    zip.on('end', () => resolve(out));
    zip.on('entry', (entry: Entry) => {
      const directory = entry.fileName.endsWith('/');
      if (directory) {
        // Not read: a directory entry holds no file. Its size is kept, so that one which carries data anyway is seen.
        out.push({ path: entry.fileName, directory, bytes: entry.uncompressedSize });
        zip.readEntry();
        return;
      }
      void readEntry(zip, entry, keep(entry.fileName)).then((r) => {
        out.push({ path: entry.fileName, directory, ...r });
        zip.readEntry();
      });
    });
    zip.readEntry();
  });
}
