/**
 * evidence.csv for several frameworks at once: every evaluation result becomes one row per
 * framework (toEvidenceRow), written in batches as the snapshot streams by. Everything it needs is
 * known before the first result: each framework's rule -> requirements index (from the catalog),
 * the exceptions in force on the snapshot's day, the run's evidence references (each row cites its
 * piece, `evidence_ref`), and, with each batch, which results are in each framework's scope. What
 * each framework's file holds of each piece is tallied as the rows are written (for
 * evidence-index.csv), and its in-scope rows are digested (evidence-digest.ts: what the HTML page
 * shows). Its in-scope failing (NON_COMPLIANT) rows, up to a cap, are also written to a side file,
 * so the workbook can show every failure first without reading all of evidence.csv again. Plain
 * data in (`EvidenceCsvPlan`) and out (`EvidenceCsvsWritten`), so the same writer runs in this
 * thread or in a worker (evidence-csv-worker.ts).
 */
import { addToTally, createRuleRefLookup, type EvidenceTally, type OrphanPiece, type RuleRefPlan } from '../../domain/evidence-refs.js';
import { createExceptionMatcher } from '../../domain/exceptions.js';
import { createEvidenceDigest, type EvidenceDigest } from '../evidence-digest.js';
import type { EvaluationRecord, ExceptionRecord } from '../../domain/snapshot.js';
import { openCsv, toCsvCell, type CsvSink } from './write-csv.js';
import { EVIDENCE_COLUMNS } from './to-csv-tables.js';

const CRLF = '\r\n';
const DECIDING_COLUMN = EVIDENCE_COLUMNS.indexOf('requirement_ids');
const SUPPORTING_COLUMN = EVIDENCE_COLUMNS.indexOf('supporting_requirement_ids');

export interface EvidenceCsvTarget {
  frameworkId: string;
  file: string;
  /** The framework's scope (scopeKey): which flags of a batch say whether a result is in it. */
  scopeKey: string;
  /** toRequirementIndex's maps as entries. */
  index: { deciding: [string, string][]; supporting: [string, string][] };
  /**
   * Also write the first `cap` in-scope NON_COMPLIANT rows, the same lines in the same order, to
   * `file` (a CSV with evidence.csv's header): the workbook's failing rows (write-workbooks.ts).
   */
  failing?: { file: string; cap: number };
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
  /** `failing`: rows written to the target's failing file (0 without one); `written`: the file's sha256 and size, as written. */
  targets: { rows: number; written?: { sha256: string; bytes: number }; failing: number; tally: EvidenceTally; digest: EvidenceDigest }[];
  /** Pieces met only in the results (no deployed-rule record), in the order their refs were given. */
  orphans: OrphanPiece[];
}

export interface EvidenceCsvWriter {
  write(batch: EvidenceBatch): Promise<void>;
  close(): Promise<EvidenceCsvsWritten>;
  abort(): Promise<void>;
}

/** A `rule -> requirement ids` map with each value already a CSV cell. */
const toCells = (entries: [string, string][]) => new Map(entries.map(([rule, ids]) => [rule, toCsvCell(ids)]));

/**
 * Writes toEvidenceRow's rows (to-csv-tables.ts) without building them: the cells a result has in
 * every framework's file (account to exception_id, and its evidence_ref) are formatted once per
 * result, and each framework's line is its own cells around them; a batch's lines are joined once.
 * The digest of a framework's in-scope rows is fed the row's cells unformatted, one array per result.
 * The same bytes as writeCsv given toEvidenceRow's rows (write-evidence-csvs.test.ts compares them).
 */
export function openEvidenceCsvs(plan: EvidenceCsvPlan): EvidenceCsvWriter {
  const matcher = createExceptionMatcher(plan.exceptions, plan.day);
  const lookup = createRuleRefLookup(plan.refs);
  let seen = 0;
  const open = plan.targets.map((t) => ({
    tally: new Map() as EvidenceTally,
    id: t.frameworkId,
    scopeKey: t.scopeKey,
    head: `${toCsvCell(t.frameworkId)},`,
    deciding: toCells(t.index.deciding),
    supporting: toCells(t.index.supporting),
    rawDeciding: new Map(t.index.deciding),
    rawSupporting: new Map(t.index.supporting),
    sink: openCsv(t.file, EVIDENCE_COLUMNS) as CsvSink,
    failing: t.failing ? { sink: openCsv(t.failing.file, EVIDENCE_COLUMNS), left: t.failing.cap, rows: 0 } : undefined,
    digest: createEvidenceDigest(EVIDENCE_COLUMNS),
  }));
  return {
    async write({ records, inScope }) {
      const flags = open.map((t) => {
        const f = inScope.get(t.scopeKey);
        if (!f || f.length !== records.length) throw new Error(`evidence.csv for ${t.id}: no scope flags for its batch`);
        return f;
      });
      const pieces: string[][] = open.map(() => []);
      const failing: string[][] = open.map(() => []);
      const failingRows = open.map(() => 0);
      for (let i = 0; i < records.length; i++) {
        const r = records[i] as EvaluationRecord;
        const rule = r.sourceIdentifier;
        const ref = lookup.refOf(r);
        const exception = r.complianceType === 'NON_COMPLIANT' ? matcher(rule, r.resourceId).current ?? '' : '';
        const shared =
          `${toCsvCell(r.account)},${toCsvCell(r.region)},${toCsvCell(r.ruleName)},${toCsvCell(rule)},${toCsvCell(r.resourceType)},` +
          `${toCsvCell(r.resourceId)},${toCsvCell(r.complianceType)},${toCsvCell(r.annotation ?? '')},${toCsvCell(r.recordedAt)},${toCsvCell(exception)},`;
        const end = `,${toCsvCell(ref)}${CRLF}`;
        // toEvidenceRow's row for the digests of the frameworks it is in scope of, built once per
        // result: only the framework's own cells differ, set before each add (which copies the
        // cells it keeps, never the row).
        let row: string[] | undefined;
        for (let t = 0; t < open.length; t++) {
          const target = open[t] as (typeof open)[number];
          const inside = (flags[t] as Uint8Array)[i] === 1;
          addToTally(target.tally, ref, r.complianceType, inside, exception !== '', seen + i + 1);
          const deciding = target.deciding.get(rule) ?? '';
          const supporting = target.supporting.get(rule) ?? '';
          (pieces[t] as string[]).push(target.head, shared, deciding, inside ? ',true,' : ',false,', supporting, end);
          if (inside && r.complianceType === 'NON_COMPLIANT' && target.failing && target.failing.left > 0) {
            target.failing.left -= 1;
            (failing[t] as string[]).push(target.head, shared, deciding, ',true,', supporting, end);
            failingRows[t] = (failingRows[t] as number) + 1;
          }
          if (inside) {
            row ??= [
              '', r.account, r.region, r.ruleName, rule, r.resourceType, r.resourceId,
              r.complianceType, r.annotation ?? '', r.recordedAt, exception, '', 'true', '', ref,
            ];
            row[0] = target.id;
            row[DECIDING_COLUMN] = target.rawDeciding.get(rule) ?? '';
            row[SUPPORTING_COLUMN] = target.rawSupporting.get(rule) ?? '';
            target.digest.add(row);
          }
        }
      }
      seen += records.length;
      for (let t = 0; t < open.length; t++) {
        const target = open[t] as (typeof open)[number];
        await target.sink.writeLines((pieces[t] as string[]).join(''), records.length);
        const n = failingRows[t] as number;
        if (target.failing && n > 0) {
          target.failing.rows += n;
          await target.failing.sink.writeLines((failing[t] as string[]).join(''), n);
        }
      }
    },
    async close() {
      const targets: EvidenceCsvsWritten['targets'] = [];
      for (const t of open) {
        const { rows, sha256, bytes } = await t.sink.close();
        if (t.failing) await t.failing.sink.close();
        targets.push({ rows, written: { sha256, bytes }, failing: t.failing?.rows ?? 0, tally: t.tally, digest: t.digest.result() });
      }
      return { targets, orphans: lookup.orphans };
    },
    async abort() {
      await Promise.all(open.flatMap((t) => [t.sink.abort(), ...(t.failing ? [t.failing.sink.abort()] : [])]));
    },
  };
}
