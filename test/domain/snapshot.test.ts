import { describe, expect, it } from 'vitest';
import { RECORD_FILES, RECORD_SCHEMAS, SnapshotManifestSchema, recordSchemaOf, type RecordKind } from '../../src/domain/snapshot.js';
import { parseRecordLine } from '../../src/store/snapshot-format.js';

describe('the snapshot format has one description', () => {
  it('a strict schema for every record kind a snapshot can hold, and no other', () => {
    expect(Object.keys(RECORD_SCHEMAS).sort()).toEqual(Object.keys(RECORD_FILES).sort());
    for (const kind of Object.keys(RECORD_FILES) as RecordKind[]) expect(recordSchemaOf(kind)).toBe(RECORD_SCHEMAS[kind]);
  });

  it('the reader checks with the same schema: what it refuses, the schema refuses', () => {
    const owner = { scope: 'logging', responsible: 'ops', accountable: 'ciso' };
    expect(parseRecordLine('owners', JSON.stringify(owner), 'owners.ndjson', 1)).toEqual(owner);
    const extra = { ...owner, token: 'x' };
    expect(RECORD_SCHEMAS.owners.safeParse(extra).success).toBe(false);
    expect(() => parseRecordLine('owners', JSON.stringify(extra), 'owners.ndjson', 1)).toThrow(/not a valid owners record/);
    expect(SnapshotManifestSchema.safeParse({}).success).toBe(false);
  });
});
