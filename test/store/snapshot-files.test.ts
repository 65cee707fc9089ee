import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SrmapError } from '../../src/domain/errors.js';
import { readManifest } from '../../src/store/read-snapshot.js';
import { verifySnapshot } from '../../src/store/verify-snapshot.js';
import { openSnapshot } from '../../src/store/write-snapshot.js';
import type { SnapshotMeta } from '../../src/store/write-snapshot.js';
import { tempDir } from './helpers.js';

const meta: SnapshotMeta = {
  id: 'snap-files',
  createdAt: '2026-09-30T18:00:00Z',
  organisation: { name: 'Test Org (fictional)', fictional: true },
  scope: { accounts: [], regions: [] },
  toolVersion: '0.1.0',
};

// Binary content with newlines and invalid UTF-8: a stored file is hashed as bytes, never read as lines.
const pdfBytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x0a, 0xff, 0xfe, 0x0a, 0x00, 0x0a, 0xc3]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function* chunks(...parts: Buffer[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield p;
}

describe('snapshot writer addFile', () => {
  it('stores a file with its sha256 in the manifest, and verifySnapshot checks it', async () => {
    const parent = await tempDir();
    const w = await openSnapshot(parent, meta);
    const entry = await w.addFile('artifact-document-a.pdf', pdfBytes);
    const streamed = await w.addFile('artifact-document-b.pdf', chunks(pdfBytes.subarray(0, 4), pdfBytes.subarray(4)));
    expect(entry).toEqual({ path: 'artifact-document-a.pdf', sha256: sha(pdfBytes), bytes: pdfBytes.length, records: 0 });
    expect(streamed.sha256).toBe(sha(pdfBytes));
    await w.commit();
    const dir = join(parent, meta.id);
    const manifest = await readManifest(dir);
    expect(manifest.files.map((f) => f.path)).toContain('artifact-document-a.pdf');
    expect(await readFile(join(dir, 'artifact-document-a.pdf'))).toEqual(pdfBytes);
    const ok = await verifySnapshot(dir);
    expect(ok.problems).toEqual([]);
    expect(ok.counts.filesOk).toBe(ok.counts.files);

    await writeFile(join(dir, 'artifact-document-b.pdf'), Buffer.concat([pdfBytes, Buffer.from('x')]));
    const bad = await verifySnapshot(dir);
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p) => p.file)).toEqual(['artifact-document-b.pdf']);
    // The size the manifest lists is checked first: a file of another size is not read at all.
    expect(bad.problems[0]?.message).toMatch(/expected 11 bytes, found 12; its contents were not read/);

    const sameSize = Buffer.from(pdfBytes);
    sameSize[0] = 0x26;
    await writeFile(join(dir, 'artifact-document-b.pdf'), sameSize);
    const changed = await verifySnapshot(dir);
    expect(changed.problems[0]?.message).toMatch(/tampered: expected sha256 [0-9a-f]{64}, found [0-9a-f]{64}/);
  });

  it('refuses names that are not bare lower-case file names or that are taken', async () => {
    const parent = await tempDir();
    const w = await openSnapshot(parent, meta);
    for (const name of ['../escape.pdf', 'Upper.pdf', 'manifest.json', 'artifact-reports.ndjson', 'dir/x.pdf']) {
      await expect(w.addFile(name, pdfBytes)).rejects.toBeInstanceOf(SrmapError);
    }
    await w.addFile('a.pdf', pdfBytes);
    await expect(w.addFile('a.pdf', pdfBytes)).rejects.toThrow(/already taken/);
    await w.abort();
  });
});
