/**
 * evidence.csv for several frameworks at once: every evaluation result becomes one row per
 * framework (toEvidenceRow), written in batches as the snapshot streams by. Everything it needs is
 * known before the first result: each framework's rule -> requirements index (from the catalog),
 * the exceptions in force on the snapshot's day, and, with each batch, which results are in each
 * framework's scope. Plain data in (`EvidenceCsvPlan`), so the same writer runs in this thread or in
 * a worker (evidence-csv-worker.ts).
 */
import { createExceptionMatcher } from '../../domain/exceptions.js';
import type { EvaluationRecord, ExceptionRecord } from '../../domain/snapshot.js';
import { openCsv, type CsvSink } from './write-csv.js';
import { EVIDENCE_COLUMNS, toEvidenceRow, type RequirementIndex, type Row } from './to-csv-tables.js';

export interface EvidenceCsvTarget {
  frameworkId: string;
  file: string;
  /** The framework's scope (scopeKey): which flags of a batch say whether a result is in it. */
  scopeKey: string;
  /** toRequirementIndex's maps as entries. */
  index: { deciding: [string, string][]; supporting: [string, string][] };
}

export interface EvidenceCsvPlan {
  targets: EvidenceCsvTarget[];
  exceptions: readonly ExceptionRecord[];
  /** The snapshot's day, YYYY-MM-DD: which exceptions are in force. */
  day: string;
}

/** A batch of results and, per scope key, a flag per result: 1 when it is in that scope. */
export interface EvidenceBatch {
  records: readonly EvaluationRecord[];
  inScope: ReadonlyMap<string, Uint8Array>;
}

export interface EvidenceCsvWriter {
  write(batch: EvidenceBatch): Promise<void>;
  /** Rows written per target, in the plan's order. */
  close(): Promise<number[]>;
  abort(): Promise<void>;
}

export function openEvidenceCsvs(plan: EvidenceCsvPlan): EvidenceCsvWriter {
  const matcher = createExceptionMatcher(plan.exceptions, plan.day);
  const open = plan.targets.map((t) => ({
    id: t.frameworkId,
    scopeKey: t.scopeKey,
    index: { deciding: new Map(t.index.deciding), supporting: new Map(t.index.supporting) } satisfies RequirementIndex,
    sink: openCsv(t.file, EVIDENCE_COLUMNS) as CsvSink,
  }));
  return {
    async write({ records, inScope }) {
      for (const t of open) {
        const flags = inScope.get(t.scopeKey);
        if (!flags || flags.length !== records.length) throw new Error(`evidence.csv for ${t.id}: no scope flags for its batch`);
        const rows: Row[] = new Array(records.length);
        for (let i = 0; i < records.length; i++) rows[i] = toEvidenceRow(t.id, records[i] as EvaluationRecord, t.index, matcher, flags[i] === 1);
        await t.sink.writeRows(rows);
      }
    },
    async close() {
      const counts: number[] = [];
      for (const t of open) counts.push((await t.sink.close()).rows);
      return counts;
    },
    async abort() {
      await Promise.all(open.map((t) => t.sink.abort()));
    },
  };
}
