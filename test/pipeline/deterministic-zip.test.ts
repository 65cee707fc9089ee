/** The bundle's zip: same entries, same bytes (whatever the time zone); a file that changes while zipped fails the write. */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dosTimeOf, writeDeterministicZip } from '../../src/pipeline/deterministic-zip.js';
import { readZipEntries } from '../../src/pipeline/read-zip-entries.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srmap-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('writeDeterministicZip', () => {
  it('writes the entries in order, the first stored, and the same bytes twice; reads back every entry with its sha256', async () => {
    const file = join(dir, 'a.csv');
    await writeFile(file, 'id,status\n1,met\n'.repeat(100));
    const text = await readFile(file);
    const entries = [
      { path: 'manifest.json', data: Buffer.from('{"format":"srmap-bundle/1"}\n'), store: true },
      { path: 'pack/a.csv', file, sha256: sha(text), bytes: text.length },
      { path: 'snapshot/manifest.json', data: Buffer.from('{}') },
    ];
    await writeDeterministicZip(join(dir, 'one.zip'), entries, '2026-09-30T00:00:00Z');
    await writeDeterministicZip(join(dir, 'two.zip'), entries, '2026-09-30T00:00:00Z');
    const one = await readFile(join(dir, 'one.zip'));
    expect(sha(one)).toBe(sha(await readFile(join(dir, 'two.zip'))));
    // Stored first entry: its JSON is readable at the head of the file.
    expect(one.subarray(0, 200).toString('latin1')).toContain('{"format":"srmap-bundle/1"}');
    const read = await readZipEntries(join(dir, 'one.zip'), (n) => n === 'manifest.json');
    expect(read.map((e) => [e.path, e.sha256])).toEqual([
      ['manifest.json', sha('{"format":"srmap-bundle/1"}\n')],
      ['pack/a.csv', sha(text)],
      ['snapshot/manifest.json', sha('{}')],
    ]);
    expect(read[0]?.data?.toString()).toBe('{"format":"srmap-bundle/1"}\n');
  });

  it('fixes the DOS time to the UTC time given, whatever the time zone', () => {
    const d = dosTimeOf('2026-09-30T23:30:00Z');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2026, 8, 30, 23, 30]);
  });

  it('fails when a file is not the one planned (changed between the plan and the zip)', async () => {
    const file = join(dir, 'b.csv');
    await writeFile(file, 'planned');
    await writeFile(file, 'changed');
    await expect(writeDeterministicZip(join(dir, 'changed.zip'), [{ path: 'b.csv', file, sha256: sha('planned'), bytes: 7 }], '2026-09-30T00:00:00Z')).rejects.toThrow(/b\.csv changed while the bundle was written/);
  });

  it('reading: a file that is not a zip is BUNDLE_INVALID; a damaged entry is named, not thrown', async () => {
    await writeFile(join(dir, 'not.zip'), 'not a zip');
    const notZip = await readZipEntries(join(dir, 'not.zip'), () => false).catch((e: unknown) => e as Error);
    // One full stop: the library's own (yauzl ends its messages with one) is dropped before ours.
    expect((notZip as Error).message).toMatch(/ is not a zip srmap can read: \S.*[^.]\.$/);
    const data = Buffer.from('x'.repeat(5000));
    await writeDeterministicZip(join(dir, 'c.zip'), [{ path: 'c.txt', data }], '2026-09-30T00:00:00Z');
    const zip = await readFile(join(dir, 'c.zip'));
    // Flip a byte inside the deflated data (after the 30-byte local header and the 5-byte name).
    zip[40] = (zip[40] as number) ^ 0xff;
    await writeFile(join(dir, 'c-damaged.zip'), zip);
    const [entry] = await readZipEntries(join(dir, 'c-damaged.zip'), () => false);
    expect(entry?.path).toBe('c.txt');
    expect(entry?.damaged !== undefined || entry?.sha256 !== sha(data)).toBe(true);
  });
});
