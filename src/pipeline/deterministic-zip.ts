/**
 * Writes a zip whose bytes depend on its entries alone (yazl): entries in the order given, each
 * with one fixed time (as its local DOS fields, whatever the machine's time zone), mode 0644, no
 * extended timestamp, deflate at a fixed level (the first entry, the manifest, stored so that it
 * can be read at the head of the file). Each file is hashed as it is zipped: a file that changes
 * between the plan and the zip (its sha256 or size) fails the write.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { SrmapError } from '../domain/errors.js';

export type ZipEntry =
  | { path: string; data: Buffer; store?: boolean }
  | { path: string; file: string; sha256: string; bytes: number };

/** The Date whose local time reads as `iso`'s UTC time: DOS times have no zone, so every machine writes the same bytes. */
export function dosTimeOf(iso: string): Date {
  const t = new Date(iso);
  return new Date(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
}

function hashing(path: string, entry: { sha256: string; bytes: number }, failures: Error[]): Transform {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      const sha256 = hash.digest('hex');
      // yazl does not listen for an entry stream's errors: the failure is kept and thrown once the zip ends.
      if (sha256 !== entry.sha256 || bytes !== entry.bytes) {
        failures.push(new SrmapError('BUNDLE_INPUT_CHANGED', `${path} changed while the bundle was written (sha256 ${sha256}, ${bytes} bytes; it was ${entry.sha256}, ${entry.bytes} bytes).`, { hint: 'Run srmap bundle again once nothing writes to the pack or the working folder.' }));
      }
      cb();
    },
  });
}

/** Writes `entries` as a zip to `out` (a file that must not exist: the caller's temporary name). */
export async function writeDeterministicZip(out: string, entries: readonly ZipEntry[], time: string): Promise<void> {
  const zip = new ZipFile();
  const mtime = dosTimeOf(time);
  const common = { mtime, mode: 0o100644, forceDosTimestamp: true };
  const failures: Error[] = [];
  for (const e of entries) {
    if ('data' in e) {
      zip.addBuffer(e.data, e.path, { ...common, compressionLevel: e.store === true ? 0 : 9 });
    } else {
      zip.addReadStreamLazy(e.path, { ...common, compressionLevel: 9, size: e.bytes }, (cb) => {
        const source = createReadStream(e.file);
        const check = hashing(e.path, e, failures);
        // A file that cannot be read ends its entry short: yazl then fails the zip on the size.
        source.on('error', (err) => {
          failures.push(new SrmapError('BUNDLE_INPUT_CHANGED', `${e.path} could not be read while the bundle was written: ${err.message}.`, { cause: err }));
          check.end();
        });
        cb(null, source.pipe(check));
      });
    }
  }
  zip.end();
  const written = pipeline(zip.outputStream as Readable, createWriteStream(out, { flags: 'wx', mode: 0o644 }));
  const failed = new Promise<never>((_resolve, reject) => zip.on('error', reject));
  // Whichever settles second is settled for nobody: keep it from being an unhandled rejection.
  written.catch(() => undefined);
  failed.catch(() => undefined);
  try {
    await Promise.race([written, failed]);
  } catch (err) {
    throw failures[0] ?? err;
  }
  const first = failures[0];
  if (first) throw first;
}
