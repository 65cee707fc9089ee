/**
 * Each framework's workbook (render/xlsx), once its CSVs are written: the sheets built from the
 * evaluation and the CSVs' rows, the Evidence sheet streamed from the evidence.csv the evaluation's
 * one pass over the snapshot wrote (read back row by row, never a second read of the snapshot), and
 * the Evidence index from evidence-index.csv's rows and what each piece holds in evidence.csv.
 * One workbook at a time: memory does not follow the number of evidence rows, and the rows read
 * stop at the cap, so neither does the cost.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { EvidenceTally } from '../domain/evidence-refs.js';
import type { PackInput } from '../domain/result.js';
import { EVIDENCE_COLUMNS } from '../render/csv/to-csv-tables.js';
import { restoreCell } from '../render/csv/neutralise-cell.js';
import { toIndexSheet, toWorkbookPlan, type PackTable, type PackTables } from '../render/xlsx/to-workbook-sheets.js';
import { SHEET_NAMES, toColumns } from '../render/xlsx/workbook-model.js';
import { openWorkbook, type WorkbookMeta } from '../render/xlsx/write-workbook.js';

export interface WorkbookJob {
  input: PackInput;
  /** The pack's CSVs but evidence.csv and evidence-index.csv, as written (before neutralisation). */
  tables: PackTables;
  /** The written evidence.csv, its data rows and what they hold of each piece. */
  evidenceCsv: string;
  evidenceRows: number;
  /** At most this many of its first rows go into the Evidence sheet (WORKBOOK_EVIDENCE_ROWS). */
  evidenceCap: number;
  tally: EvidenceTally;
  index: PackTable;
  file: string;
  meta: WorkbookMeta;
  generatedBy: string;
}

/** Rows whose text sizes the Evidence sheet's columns. */
const SAMPLE_ROWS = 500;
/** Rows written between two turns of the event loop, so the zip drains as the sheet fills. */
const ROWS_PER_TURN = 1024;

export async function writeWorkbooks(jobs: readonly WorkbookJob[], progress: (message: string) => void = () => {}): Promise<void> {
  for (const job of jobs) {
    progress(`Workbook ${job.input.result.framework.id}`);
    await writeWorkbook(job);
  }
}

export async function writeWorkbook(job: WorkbookJob): Promise<void> {
  const { input } = job;
  const shown = Math.min(job.evidenceRows, Math.max(0, job.evidenceCap));
  const plan = toWorkbookPlan(input, job.tables, job.generatedBy, { rows: job.evidenceRows, shown });
  const workbook = openWorkbook(job.file, job.meta);
  const csv = createReadStream(job.evidenceCsv);
  try {
    for (const sheet of plan.before) workbook.addSheet(sheet);
    const rows = csv.pipe(parse({ bom: true, relax_column_count: false }));
    let header: string[] | undefined;
    let sample: string[][] | undefined = [];
    let sheet: ReturnType<typeof workbook.openStream> | undefined;
    let n = 0;
    const open = (first: readonly string[][]) => {
      const s = workbook.openStream(SHEET_NAMES.evidence, toColumns(EVIDENCE_COLUMNS, first));
      for (const r of first) s.write(r);
      return s;
    };
    for await (const record of rows as AsyncIterable<string[]>) {
      if (header && n >= shown) break;
      if (!header) {
        header = record;
        if (header.join(',') !== EVIDENCE_COLUMNS.join(',')) throw new Error(`${job.evidenceCsv}: not the evidence.csv this run wrote (header ${header.slice(0, 3).join(',')}...)`);
        continue;
      }
      const cells = record.map(restoreCell);
      n += 1;
      if (sample) {
        sample.push(cells);
        if (sample.length < SAMPLE_ROWS) continue;
        sheet = open(sample);
        sample = undefined;
      } else sheet?.write(cells);
      if (n % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (sample) sheet = open(sample);
    sheet?.end();
    if (n !== shown) throw new Error(`${job.evidenceCsv}: ${n} rows read back, ${job.evidenceRows} written`);
    csv.destroy();
    workbook.addSheet(toIndexSheet(input, job.index, job.tables, job.tally, shown));
    await workbook.close();
  } catch (e) {
    csv.destroy();
    await workbook.abort();
    throw e;
  }
}
