/**
 * evidence.csv for several frameworks at once: every evaluation result becomes one row per
 * framework (toEvidenceRow), written in batches as the snapshot streams by. Everything it needs is
 * known before the first result: each framework's rule -> requirements index (from the catalog),
 * the exceptions in force on the snapshot's day, the run's evidence references (each row cites its
 * piece, `evidence_ref`), and, with each batch, which results are in each framework's scope. What
 * each framework's file holds of each piece is tallied as the rows are written (for
 * evidence-index.csv), and its in-scope rows are digested (evidence-digest.ts: what the HTML page
 * shows). Plain data in (`EvidenceCsvPlan`) and out (`EvidenceCsvsWritten`), so the same writer
 * runs in this thread or in a worker (evidence-csv-worker.ts).
 */
import { addToTally, createRuleRefLookup, type EvidenceTally, type OrphanPiece, type RuleRefPlan } from '../../domain/evidence-refs.js';
import { createExceptionMatcher } from '../../domain/exceptions.js';
import { createEvidenceDigest, type EvidenceDigest } from '../evidence-digest.js';
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
  /** The run's evidence references of deployed rules (every writer of one run gets the same). */
  refs: RuleRefPlan;
}

/** A batch of results and, per scope key, a flag per result: 1 when it is in that scope. */
export interface EvidenceBatch {
  records: readonly EvaluationRecord[];
  inScope: ReadonlyMap<string, Uint8Array>;
}

/** What a writer wrote: per target (in the plan's order) its rows, what they hold of each piece of evidence, and the digest of its in-scope rows. */
export interface EvidenceCsvsWritten {
  targets: { rows: number; tally: EvidenceTally; digest: EvidenceDigest }[];
  /** Pieces met only in the results (no deployed-rule record), in the order their refs were given. */
  orphans: OrphanPiece[];
}

export interface EvidenceCsvWriter {
  write(batch: EvidenceBatch): Promise<void>;
  close(): Promise<EvidenceCsvsWritten>;
  abort(): Promise<void>;
}

const EXCEPTION_COLUMN = EVIDENCE_COLUMNS.indexOf('exception_id');

export function openEvidenceCsvs(plan: EvidenceCsvPlan): EvidenceCsvWriter {
  const matcher = createExceptionMatcher(plan.exceptions, plan.day);
  const lookup = createRuleRefLookup(plan.refs);
  let seen = 0;
  const open = plan.targets.map((t) => ({
    tally: new Map() as EvidenceTally,
    id: t.frameworkId,
    scopeKey: t.scopeKey,
    index: { deciding: new Map(t.index.deciding), supporting: new Map(t.index.supporting) } satisfies RequirementIndex,
    sink: openCsv(t.file, EVIDENCE_COLUMNS) as CsvSink,
    digest: createEvidenceDigest(EVIDENCE_COLUMNS),
  }));
  return {
    async write({ records, inScope }) {
      for (const t of open) {
        const flags = inScope.get(t.scopeKey);
        if (!flags || flags.length !== records.length) throw new Error(`evidence.csv for ${t.id}: no scope flags for its batch`);
      }
      const refs = records.map((r) => lookup.refOf(r));
      for (const t of open) {
        const flags = inScope.get(t.scopeKey) as Uint8Array;
        const rows: Row[] = new Array(records.length);
        for (let i = 0; i < records.length; i++) {
          const record = records[i] as EvaluationRecord;
          const ref = refs[i] as string;
          const inside = flags[i] === 1;
          const row = toEvidenceRow(t.id, record, t.index, matcher, inside, ref);
          addToTally(t.tally, ref, record.complianceType, inside, row[EXCEPTION_COLUMN] !== '', seen + i + 1);
          t.digest.add(row);
          rows[i] = row;
        }
        await t.sink.writeRows(rows);
      }
      seen += records.length;
    },
    async close() {
      const targets: EvidenceCsvsWritten['targets'] = [];
      for (const t of open) targets.push({ rows: (await t.sink.close()).rows, tally: t.tally, digest: t.digest.result() });
      return { targets, orphans: lookup.orphans };
    },
    async abort() {
      await Promise.all(open.map((t) => t.sink.abort()));
    },
  };
}
