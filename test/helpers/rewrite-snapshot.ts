/**
 * A copy of a snapshot with some records changed, written by srmap's own writer, so it is a valid,
 * verifiable snapshot: for hostile-data tests (what AWS could return), not for tampering tests.
 */
import { RECORD_FILES } from '../../src/domain/snapshot.js';
import type { RecordKind, RecordTypes, SnapshotManifest } from '../../src/domain/snapshot.js';
import { readManifest, readRecords } from '../../src/store/read-snapshot.js';
import { openSnapshot } from '../../src/store/write-snapshot.js';

export type Rewrites = { [K in RecordKind]?: (record: RecordTypes[K], index: number) => RecordTypes[K] };

export async function rewriteSnapshot(sourceDir: string, parentDir: string, id: string, rewrites: Rewrites, manifestChange: (m: SnapshotManifest) => SnapshotManifest = (m) => m): Promise<string> {
  const source = manifestChange(await readManifest(sourceDir));
  const writer = await openSnapshot(parentDir, { id, createdAt: source.createdAt, organisation: source.organisation, scope: source.scope, toolVersion: source.tool.version });
  for (const kind of Object.keys(RECORD_FILES) as RecordKind[]) {
    if (!source.files.some((f) => f.path === RECORD_FILES[kind])) continue;
    const change = rewrites[kind] as ((r: RecordTypes[RecordKind], i: number) => RecordTypes[RecordKind]) | undefined;
    let i = 0;
    for await (const record of readRecords(sourceDir, source, kind)) await writer.write(kind, change ? change(record, i++) : record);
  }
  for (const s of source.sources) writer.addSource(s);
  for (const g of source.gaps) writer.addGap(g);
  for (const l of source.limits ?? []) writer.addLimit(l);
  await writer.commit();
  return `${parentDir}/${id}`;
}
