/**
 * Where a collector puts what it found. The snapshot writer (src/store/write-snapshot.ts) has this
 * shape; collectors depend on the shape only, so collect/ never imports store/ (ARCHITECTURE.md).
 */
import type { CollectionLimit, Gap, RecordKind, RecordTypes, SourceStatus } from '../domain/snapshot.js';

export interface EvidenceSink {
  /** Append one record; resolves when the sink can take more (backpressure). */
  write<K extends RecordKind>(kind: K, record: RecordTypes[K]): Promise<void>;
  /** The source collects this kind: list its file even if no record follows (an absent optional file means "not collected"). */
  include(kind: RecordKind): void;
  /** Per source (and account/region where it applies): collected, or a gap. */
  addSource(source: SourceStatus): void;
  /** Something that could not be collected, with the AWS error code and the missing IAM action. */
  addGap(gap: Gap): void;
  /** A limit of the route: what its APIs cannot give (stated once per snapshot). */
  addLimit(limit: CollectionLimit): void;
}

/** Evaluation results seen on their way to a sink, by compliance type. */
export interface SinkTally {
  records: Partial<Record<RecordKind, number>>;
  byCompliance: Record<string, number>;
}

/** A sink that counts what passes through to `inner`. */
export function tallySink(inner: EvidenceSink): { sink: EvidenceSink; tally: SinkTally } {
  const tally: SinkTally = { records: {}, byCompliance: {} };
  const sink: EvidenceSink = {
    write(kind, record) {
      tally.records[kind] = (tally.records[kind] ?? 0) + 1;
      if (kind === 'evaluations') {
        const t = (record as RecordTypes['evaluations']).complianceType;
        tally.byCompliance[t] = (tally.byCompliance[t] ?? 0) + 1;
      }
      return inner.write(kind, record);
    },
    include: (k) => inner.include(k),
    addSource: (s) => inner.addSource(s),
    addGap: (g) => inner.addGap(g),
    addLimit: (l) => inner.addLimit(l),
  };
  return { sink, tally };
}
