/**
 * Writes a snapshot directory. Everything goes to a temporary sibling `.<name>.partial-<pid>` and
 * is renamed into place by commit(), after manifest.json, so a directory that looks like a
 * snapshot (has a manifest.json) is always complete. Bytes are deterministic: records as the
 * caller gives them, '\n' line ends, gzip level 9 with mtime 0 and a fixed OS byte.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { makeDirectory, removeMadeFolders } from './make-directory.js';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants as zlibConstants } from 'node:zlib';
import { SrmapError } from '../domain/errors.js';
import { RECORD_FILES, SNAPSHOT_FORMAT } from '../domain/snapshot.js';
import type {
  AccountRef,
  CollectionLimit,
  Gap,
  RecordKind,
  RecordTypes,
  SnapshotFile,
  SnapshotManifest,
  SourceStatus,
} from '../domain/snapshot.js';
import { SnapshotManifestSchema } from '../domain/snapshot.js';
import { MANIFEST_FILE, MAX_RECORD_BYTES, REQUIRED_RECORD_KINDS, isGzipFile, toManifestText, toRecordLine } from './snapshot-format.js';
import { pushAll } from '../domain/arrays.js';

export interface SnapshotMeta {
  id: string;
  /** ISO-8601 UTC: the "as of" of every pack built from the snapshot. */
  createdAt: string;
  organisation: SnapshotManifest['organisation'];
  scope: { accounts: AccountRef[]; regions: string[] };
  toolVersion: string;
}

export interface OpenSnapshotOptions {
  /** Directory name under parentDir; defaults to the snapshot id. */
  dirName?: string;
}

export interface CommitOptions {
  /**
   * Replace an existing snapshot directory at the target. The old one is moved aside, the new one
   * renamed into place, then the old one removed: the target is never half-written.
   */
  replace?: boolean;
  /**
   * Signs the manifest (src/sign/manifest-signature.ts, given by the caller: the store does not
   * sign): called with the complete manifest, returns it with its `signature`.
   */
  sign?: (manifest: SnapshotManifest) => SnapshotManifest;
}

/** Names addFile accepts: what the manifest schema allows for a file path. */
const EXTRA_FILE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Buffer this many characters of NDJSON before handing them to the stream. */
const FLUSH_AT = 64 * 1024;

/** Gzip header byte 9 (OS). zlib sets it per platform; fix it to "Unix" so bytes match everywhere. */
const GZIP_OS_UNIX = 3;

class RecordFileWriter {
  readonly path: string;
  records = 0;
  bytes = 0;
  private readonly hash: Hash = createHash('sha256');
  private readonly head: Writable;
  private readonly done: Promise<void>;
  private pending: string[] = [];
  private pendingChars = 0;
  private failure: unknown;
  private drained: Promise<void> | undefined;

  constructor(dir: string, fileName: string) {
    this.path = fileName;
    const file = createWriteStream(join(dir, fileName), { flags: 'wx' });
    let first = true;
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        if (first && isGzipFile(fileName) && chunk.length >= 10) {
          chunk[9] = GZIP_OS_UNIX;
        }
        first = false;
        this.hash.update(chunk);
        this.bytes += chunk.length;
        cb(null, chunk);
      },
    });
    if (isGzipFile(fileName)) {
      const gzip = createGzip({ level: 9, memLevel: 8, strategy: zlibConstants.Z_DEFAULT_STRATEGY });
      this.head = gzip;
      this.done = pipeline(gzip, counter, file);
    } else {
      this.head = counter;
      this.done = pipeline(counter, file);
    }
    this.done.catch((err: unknown) => {
      this.failure = err;
    });
  }

  async write(line: string): Promise<void> {
    this.records++;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    // Many collectors write to one file at once: they share one wait for 'drain' (one listener per
    // stream, not one per writer, which overflowed the stream's listener limit on large collects).
    while (this.drained) await this.drained;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (!this.head.write(text, 'utf8')) {
      this.drained = Promise.race([once(this.head, 'drain'), this.done])
        .then(() => undefined, () => undefined)
        .finally(() => {
          this.drained = undefined;
        });
      await this.drained;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  async close(): Promise<SnapshotFile> {
    await this.flush();
    this.head.end();
    await this.done;
    return { path: this.path, sha256: this.hash.digest('hex'), bytes: this.bytes, records: this.records };
  }

  /** Stop writing; resolves once every stream of this file has closed. */
  async destroy(): Promise<void> {
    this.head.destroy();
    await this.done.catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export class SnapshotWriter {
  /** Final directory of the snapshot. */
  readonly dir: string;
  /** Temporary directory written to until commit(). */
  readonly tempDir: string;
  private readonly files = new Map<RecordKind, RecordFileWriter>();
  /** Other files (addFile): listed in the manifest with sha256 and bytes, records 0. */
  private readonly extraFiles = new Map<string, SnapshotFile>();
  private readonly sources: SourceStatus[] = [];
  private readonly gaps: Gap[] = [];
  private readonly limits: CollectionLimit[] = [];
  private meta: SnapshotMeta;
  private state: 'open' | 'committed' | 'aborted' = 'open';
  /** The outermost folder open() created to hold the snapshot (none when the parent existed): abort() takes back what it leaves empty. */
  private createdParent: string | undefined;

  private constructor(dir: string, tempDir: string, meta: SnapshotMeta) {
    this.dir = dir;
    this.tempDir = tempDir;
    this.meta = meta;
  }

  /** Use openSnapshot(). */
  static async open(parentDir: string, meta: SnapshotMeta, options: OpenSnapshotOptions = {}): Promise<SnapshotWriter> {
    const name = options.dirName ?? meta.id;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      throw new SrmapError('SNAPSHOT_ID_INVALID', `Snapshot directory name "${name}" is not allowed`, {
        hint: 'use letters, digits, ".", "_" and "-" only, starting with a letter or digit',
      });
    }
    const parent = resolve(parentDir);
    const dir = join(parent, name);
    const tempDir = join(parent, `.${name}.partial-${process.pid}`);
    const createdParent = await makeDirectory(parent);
    await rm(tempDir, { recursive: true, force: true });
    await mkdir(tempDir);
    const writer = new SnapshotWriter(dir, tempDir, meta);
    writer.createdParent = createdParent;
    try {
      for (const kind of REQUIRED_RECORD_KINDS) writer.files.set(kind, new RecordFileWriter(tempDir, RECORD_FILES[kind]));
    } catch (err) {
      await writer.abort();
      throw err;
    }
    return writer;
  }

  private file(kind: RecordKind): RecordFileWriter {
    if (this.state !== 'open') {
      throw new SrmapError('SNAPSHOT_WRITER_CLOSED', `The snapshot writer for ${this.dir} is already ${this.state}`, {
        kind: 'internal',
      });
    }
    let f = this.files.get(kind);
    if (!f) {
      if (!(kind in RECORD_FILES)) throw new SrmapError('SNAPSHOT_KIND_UNKNOWN', `Unknown record kind ${String(kind)}`, { kind: 'internal' });
      // An optional kind (OPTIONAL_RECORD_KINDS): its file exists once a source writes or includes it.
      f = new RecordFileWriter(this.tempDir, RECORD_FILES[kind]);
      this.files.set(kind, f);
    }
    return f;
  }

  /**
   * Say that a record kind was collected even if no record of it follows, so the snapshot lists its
   * (possibly empty) file: for the optional kinds, an absent file means "not collected".
   */
  include(kind: RecordKind): void {
    this.file(kind);
  }

  /** Append one record; resolves when the stream can take more (backpressure). */
  async write<K extends RecordKind>(kind: K, record: RecordTypes[K]): Promise<void> {
    const file = this.file(kind);
    const line = toRecordLine(record);
    // Readers stop at a longer line (MAX_RECORD_BYTES): never write a snapshot that cannot be read.
    if (line.length > MAX_RECORD_BYTES / 3 && Buffer.byteLength(line, 'utf8') - 1 > MAX_RECORD_BYTES) {
      throw new SrmapError('SNAPSHOT_RECORD_TOO_LONG', `A ${kind} record of ${Buffer.byteLength(line, 'utf8').toLocaleString('en-US')} bytes is longer than a snapshot record may be (${MAX_RECORD_BYTES.toLocaleString('en-US')} bytes); nothing was written`, {
        hint: 'no AWS API returns a record this large: check what the source returned (an endpoint override, a hand-made import file)',
      });
    }
    await file.write(line);
  }

  /**
   * Store a file that is not a record file (e.g. a downloaded document) in the snapshot. It is
   * hashed as it is written and listed in manifest.files with its sha256 and size (records 0), so
   * verifySnapshot checks it like every other file. `name` is a bare lower-case file name.
   */
  async addFile(name: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<SnapshotFile> {
    this.file('owners'); // state check
    const reserved = name === MANIFEST_FILE || (Object.values(RECORD_FILES) as string[]).includes(name);
    if (!EXTRA_FILE_NAME.test(name) || reserved || this.extraFiles.has(name)) {
      const why = reserved || this.extraFiles.has(name) ? 'the name is already taken' : 'not a bare lower-case file name';
      throw new SrmapError('SNAPSHOT_FILE_NAME_INVALID', `Cannot add "${name}" to the snapshot ${this.dir}: ${why}`, {
        kind: 'internal',
        hint: 'use an unused bare lower-case file name: letters, digits, ".", "_" and "-"',
      });
    }
    const hash = createHash('sha256');
    let bytes = 0;
    const source = data instanceof Uint8Array ? [data] : data;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    }
    const path = join(this.tempDir, name);
    try {
      await pipeline(counted(), createWriteStream(path, { flags: 'wx' }));
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    const entry: SnapshotFile = { path: name, sha256: hash.digest('hex'), bytes, records: 0 };
    this.extraFiles.set(name, entry);
    return entry;
  }

  addSource(source: SourceStatus): void {
    this.sources.push(source);
  }

  addGap(gap: Gap): void {
    this.gaps.push(gap);
  }

  /** A limit of the route a source was collected by; the same code twice is kept once. */
  addLimit(limit: CollectionLimit): void {
    if (!this.limits.some((l) => l.source === limit.source && l.code === limit.code)) this.limits.push(limit);
  }

  /**
   * Set what is known only once collection is planned (who the organisation is, which accounts and
   * regions), for a writer opened first so that an unwritable folder is found before any AWS call.
   */
  describe(meta: Pick<SnapshotMeta, 'organisation' | 'scope'>): void {
    this.file('owners'); // state check
    this.meta = { ...this.meta, organisation: meta.organisation, scope: meta.scope };
  }

  /**
   * Finish every file, write manifest.json, and rename the directory into place. Fails with
   * SNAPSHOT_EXISTS if the target exists (unless `replace`); the temporary directory is removed
   * on any failure.
   */
  async commit(options: CommitOptions = {}): Promise<SnapshotManifest> {
    this.file('owners'); // state check
    try {
      const files: SnapshotFile[] = [];
      for (const f of this.files.values()) files.push(await f.close());
      pushAll(files, this.extraFiles.values());
      files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const manifest: SnapshotManifest = {
        format: SNAPSHOT_FORMAT,
        id: this.meta.id,
        createdAt: this.meta.createdAt,
        tool: { name: 'srmap', version: this.meta.toolVersion },
        organisation: this.meta.organisation,
        scope: this.meta.scope,
        sources: this.sources,
        gaps: this.gaps,
        ...(this.limits.length > 0 ? { limits: this.limits } : {}),
        files,
      };
      const checked = SnapshotManifestSchema.safeParse(manifest);
      if (!checked.success) {
        throw new SrmapError('SNAPSHOT_MANIFEST_INVALID', `The manifest for ${this.dir} would not be valid`, {
          kind: 'internal',
          problems: checked.error.issues.map((i) => ({ file: MANIFEST_FILE, path: i.path.join('.'), message: i.message })),
        });
      }
      const written = options.sign ? options.sign(manifest) : manifest;
      await writeFile(join(this.tempDir, MANIFEST_FILE), toManifestText(written), { flag: 'wx' });
      await this.moveIntoPlace(options.replace === true);
      this.state = 'committed';
      return written;
    } catch (err) {
      await this.abort();
      throw err;
    }
  }

  private async moveIntoPlace(replace: boolean): Promise<void> {
    const targetExists = await exists(this.dir);
    if (targetExists && !replace) throw this.existsError();
    if (!targetExists) {
      try {
        await rename(this.tempDir, this.dir);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') throw this.existsError(err);
        throw err;
      }
      return;
    }
    const old = join(dirname(this.dir), `.${basename(this.dir)}.old-${process.pid}`);
    await rm(old, { recursive: true, force: true });
    await rename(this.dir, old);
    try {
      await rename(this.tempDir, this.dir);
    } catch (err) {
      await rename(old, this.dir);
      throw err;
    }
    await rm(old, { recursive: true, force: true });
  }

  private existsError(cause?: unknown): SrmapError {
    return new SrmapError('SNAPSHOT_EXISTS', `A snapshot already exists at ${this.dir}`, {
      hint: 'snapshots are never overwritten: choose another id or remove the old one first',
      cause,
    });
  }

  /** Drop everything written so far. Safe to call more than once. */
  async abort(): Promise<void> {
    if (this.state === 'committed') return;
    this.state = 'aborted';
    await Promise.all([...this.files.values()].map((f) => f.destroy()));
    await rm(this.tempDir, { recursive: true, force: true });
    // A failed collect leaves no folder behind: the ones open() made, innermost first, while empty (rmdir never removes content).
    await removeMadeFolders(dirname(this.tempDir), this.createdParent);
  }
}

/** Start a snapshot at `<parentDir>/<id>` (or `options.dirName`). */
export function openSnapshot(parentDir: string, meta: SnapshotMeta, options: OpenSnapshotOptions = {}): Promise<SnapshotWriter> {
  return SnapshotWriter.open(parentDir, meta, options);
}
