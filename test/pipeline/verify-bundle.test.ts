/**
 * verify FILE.zip on a bundle that was unpacked and re-zipped (`zip -r`, a file manager's "compress"):
 * the re-zip adds one directory entry per folder. Those are folded into one warning line (count and
 * examples), and the bundle still verifies, since they hold nothing and every file is as listed; a
 * real unlisted file is still named on its own line and fails it, and a directory entry that is not
 * the folder of a listed file is one folded error line. A small hand-made bundle keeps this cheap:
 * the full bundle as srmap bundle writes it is covered by test/cli/bundle.test.ts.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerifyBundle } from '../../src/cli/commands/verify.js';
import { SrmapError } from '../../src/domain/errors.js';
import { BUNDLE_FORMAT } from '../../src/pipeline/bundle-pack.js';
import { PACK_FORMAT } from '../../src/pipeline/build-packs.js';
import { verifyBundle } from '../../src/pipeline/verify-bundle.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const entry = (path: string, data: Buffer) => ({ path, sha256: sha(data), bytes: data.length });

let work: string;
/** The bundle's files, manifest.json first, as srmap bundle lays them out (no directory entries). */
let files: [string, Buffer][];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-verify-bundle-'));
  const requirements = Buffer.from('requirement_id,status\r\n164.312(a)(1),COMPLIANT\r\n');
  const snapshot = Buffer.from(JSON.stringify({ id: 'sample-2026-09-30' }));
  const pack = Buffer.from(JSON.stringify({ format: PACK_FORMAT, files: [entry('hipaa-security/requirements.csv', requirements)], snapshot: { manifestSha256: sha(snapshot) } }));
  const policy = Buffer.from('# Access policy\n');
  const listed: [string, Buffer][] = [
    ['pack/manifest.json', pack],
    ['pack/hipaa-security/requirements.csv', requirements],
    ['snapshot/manifest.json', snapshot],
    ['working-folder/documents/policies/access.md', policy],
  ];
  const manifest = { format: BUNDLE_FORMAT, files: listed.map(([p, d]) => entry(p, d)), pack: { asOf: '2026-09-30', frameworks: ['hipaa-security'] }, snapshot: { id: 'sample-2026-09-30' }, documents: [], cited: [] };
  files = [['manifest.json', Buffer.from(JSON.stringify(manifest))], ...listed];
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The bundle's files zipped as `zip -r` does it from the unpacked folder: each folder's entry before its files. */
async function zipOf(name: string, options: { folders: boolean; extra?: [string, Buffer][]; extraFolders?: string[] }): Promise<string> {
  const out = join(work, name);
  const zip = new ZipFile();
  const seen = new Set<string>();
  for (const [path, data] of [...files, ...(options.extra ?? [])]) {
    if (options.folders) {
      for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
        const folder = path.slice(0, i + 1);
        if (!seen.has(folder)) zip.addEmptyDirectory(folder);
        seen.add(folder);
      }
    }
    zip.addBuffer(data, path);
  }
  for (const folder of options.extraFolders ?? []) zip.addEmptyDirectory(folder);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(out)).on('close', resolve).on('error', reject);
  });
  return out;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('verify FILE.zip: directory entries', () => {
  it('a bundle as srmap bundle lays it out: intact, no warning', async () => {
    const v = await verifyBundle(await zipOf('as-written.zip', { folders: false }), undefined);
    expect(v.problems).toEqual([]);
    expect(v.warnings).toEqual([]);
    expect(v.intact).toBe(true);
  });

  it('re-zipped: the folders it added are one warning line with a count and examples, and the bundle still checks', async () => {
    const file = await zipOf('rezipped.zip', { folders: true });
    const v = await verifyBundle(file, undefined);
    expect(v.problems).toEqual([]);
    expect(v.intact).toBe(true);
    expect(v.warnings).toHaveLength(1);
    expect(v.warnings[0]?.message).toMatch(/^6 directory entries srmap bundle does not write \(e\.g\. pack\/, pack\/hipaa-security\/ and 4 more\): the bundle was re-zipped/);
    const c = capture();
    expect(await runVerifyBundle({ file, json: false }, c.io)).toBe(0);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/^warning: rezipped\.zip: 6 directory entries/);
    expect(c.out[0]).toMatch(/^bundle UNSIGNED: .*every sha256 and size as listed, no unlisted file \(empty folder entries aside: see the warning\)/);
  });

  it('re-zipped with a file and a folder added: the file named on its own line, the added folder one line, the re-zip folders one warning; exit 2', async () => {
    const file = await zipOf('added.zip', { folders: true, extra: [['pack/hipaa-security/notes.txt', Buffer.from('added later\n')]], extraFolders: ['extra/', 'extra/more/'] });
    const v = await verifyBundle(file, undefined);
    expect(v.intact).toBe(false);
    expect(v.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      'pack/hipaa-security/notes.txt: not listed in the bundle manifest: added after the bundle was written',
      'added.zip: 2 directory entries not listed in the bundle manifest (extra/, extra/more/), and not the empty folder of a listed file: added after the bundle was written',
    ]);
    expect(v.warnings).toHaveLength(1);
    const c = capture();
    const thrown = await runVerifyBundle({ file, json: false }, c.io).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(SrmapError);
    expect((thrown as SrmapError).problems).toHaveLength(2);
  });
});
