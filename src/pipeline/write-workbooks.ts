/**
 * Each framework's workbook (render/xlsx), once its CSVs are written: the sheets built from the
 * evaluation and the CSVs' rows, the Evidence sheet streamed from the evidence.csv the evaluation's
 * one pass over the snapshot wrote (read back, never a second read of the snapshot), and the
 * Evidence index from evidence-index.csv's rows and where each piece's first row is in the sheet.
 * When evidence.csv has more rows than the sheet may hold (the cap), the sheet holds every in-scope
 * failing row first (from the side file the evidence.csv writer filled: evidence-csv.ts), then the
 * first other rows of evidence.csv, and says under its last row what was cut and where every row
 * is. One workbook at a time: memory does not follow the number of evidence rows, and the rows read
 * stop at the cap, so neither does the cost.
 */
import type { EvidenceTally } from '../domain/evidence-refs.js';
import type { PackInput } from '../domain/result.js';
import { EVIDENCE_COLUMNS } from '../render/csv/to-csv-tables.js';
import { restoreCell } from '../render/csv/neutralise-cell.js';
import { readCsvRows } from '../render/csv/read-csv-rows.js';
import { toEvidenceShownText, toIndexSheet, toWorkbookPlan, type EvidenceShown, type PackTable, type PackTables } from '../render/xlsx/to-workbook-sheets.js';
import { SHEET_NAMES, toColumns } from '../render/xlsx/workbook-model.js';
import { openWorkbook, type SheetStream, type WorkbookMeta } from '../render/xlsx/write-workbook.js';

export interface WorkbookJob {
  input: PackInput;
  /** The pack's CSVs but evidence.csv and evidence-index.csv, as written (before neutralisation). */
  tables: PackTables;
  /** The written evidence.csv, its data rows and what they hold of each piece. */
  evidenceCsv: string;
  evidenceRows: number;
  /** The Evidence sheet holds at most this many rows (WORKBOOK_EVIDENCE_ROWS). */
  evidenceCap: number;
  /**
   * evidence.csv's first in-scope NON_COMPLIANT rows (at least the cap's worth, or all of them),
   * in its order, with its header: what the sheet shows first when evidence.csv has more rows than
   * the cap. Needed only then.
   */
  failingCsv?: string;
  tally: EvidenceTally;
  index: PackTable;
  file: string;
  meta: WorkbookMeta;
  generatedBy: string;
}

/** Rows whose text sizes the Evidence sheet's columns. */
const SAMPLE_ROWS = 500;
/**
 * Rows written between two turns of the event loop (settle): about one 64 KB chunk of the sheet's
 * XML, so that deflate works on one chunk while the next is written.
 */
const ROWS_PER_TURN = 64;

const REF = EVIDENCE_COLUMNS.indexOf('evidence_ref');
const COMPLIANCE = EVIDENCE_COLUMNS.indexOf('compliance_type');
const IN_SCOPE = EVIDENCE_COLUMNS.indexOf('in_scope');

export async function writeWorkbooks(jobs: readonly WorkbookJob[], progress: (message: string) => void = () => {}): Promise<void> {
  for (const job of jobs) {
    progress(`Workbook ${job.input.result.framework.id}`);
    await writeWorkbook(job);
  }
}

/** In-scope failing rows of evidence.csv, from its tally. */
function failingRows(tally: EvidenceTally): number {
  let n = 0;
  for (const t of tally.values()) n += t.inScope.NON_COMPLIANT;
  return n;
}

/** The data rows of an evidence.csv this run wrote, after checking its header. */
async function* dataRows(file: string): AsyncGenerator<string[]> {
  let header = true;
  for await (const row of readCsvRows(file)) {
    if (!header) {
      yield row;
      continue;
    }
    header = false;
    if (row.join(',') !== EVIDENCE_COLUMNS.join(',')) throw new Error(`${file}: not the evidence.csv this run wrote (header ${row.slice(0, 3).join(',')}...)`);
  }
}

export async function writeWorkbook(job: WorkbookJob): Promise<void> {
  const { input } = job;
  const shown: EvidenceShown = {
    rows: job.evidenceRows,
    shown: Math.min(job.evidenceRows, Math.max(0, job.evidenceCap)),
    failing: failingRows(job.tally),
    frameworkId: input.result.framework.id,
  };
  const capped = shown.shown < shown.rows;
  if (capped && shown.failing > 0 && job.failingCsv === undefined) throw new Error(`${job.evidenceCsv}: more rows than the workbook holds, and no file of its failing rows`);
  const plan = toWorkbookPlan(input, job.tables, job.generatedBy, shown);
  const workbook = openWorkbook(job.file, job.meta);
  try {
    for (const sheet of plan.before) workbook.addSheet(sheet);
    /** The first rows, kept until they are enough to size the sheet's columns by; undefined once it is open. */
    let sample: string[][] | undefined = [];
    let sheet: SheetStream | undefined;
    let n = 0;
    /** Per ref, its first row in the Evidence sheets (for the index's links). */
    const firstRow = new Map<string, number>();
    /** Opens the sheet with its columns sized by the rows kept, and writes them. */
    const open = (kept: readonly string[][]): SheetStream => {
      const s = workbook.openStream(SHEET_NAMES.evidence, toColumns(EVIDENCE_COLUMNS, kept));
      for (const r of kept) s.write(r);
      sample = undefined;
      return s;
    };
    const add = (cells: string[]) => {
      n += 1;
      const ref = cells[REF] ?? '';
      if (!firstRow.has(ref)) firstRow.set(ref, n);
      if (sheet) return sheet.write(cells);
      const kept = sample as string[][];
      kept.push(cells);
      if (kept.length >= SAMPLE_ROWS) sheet = open(kept);
    };
    // Each source's rows until the sheet holds `shown`; `skip` leaves out rows already shown.
    const take = async (file: string, skip?: (row: readonly string[]) => boolean) => {
      for await (const row of dataRows(file)) {
        if (n >= shown.shown) return;
        if (skip?.(row)) continue;
        add(row.map(restoreCell));
        if (n % ROWS_PER_TURN === 0) await (sheet ? sheet.settle() : new Promise((resolve) => setImmediate(resolve)));
      }
    };
    if (!capped) await take(job.evidenceCsv);
    else {
      const shownFailing = Math.min(shown.failing, shown.shown);
      if (job.failingCsv !== undefined) await take(job.failingCsv);
      if (n !== shownFailing) throw new Error(`${job.failingCsv}: ${n} failing rows read back, ${shownFailing} expected`);
      await take(job.evidenceCsv, (row) => row[COMPLIANCE] === 'NON_COMPLIANT' && row[IN_SCOPE] === 'true');
    }
    if (sample) sheet = open(sample);
    if (n !== shown.shown) throw new Error(`${job.evidenceCsv}: ${n} rows read back, ${job.evidenceRows} written`);
    if (capped) sheet?.note(`This sheet holds ${toEvidenceShownText(shown)}`);
    sheet?.end();
    workbook.addSheet(toIndexSheet(input, job.index, job.tables, firstRow));
    await workbook.close();
  } catch (e) {
    await workbook.abort();
    throw e;
  }
}
