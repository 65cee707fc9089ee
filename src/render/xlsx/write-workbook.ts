/**
 * Thin writer of the workbook model with exceljs's streaming writer (memory does not follow the
 * number of evidence rows): typed cells (text formatted `@`, dates, whole numbers), a frozen and
 * filtered header row, column widths, coloured statuses and internal links. Written under a
 * temporary name and renamed when complete; every zip entry is dated from the snapshot so the same
 * snapshot gives the same bytes.
 *
 * Two things exceljs 4.4 does not do are done here: its streaming writer writes every link as an
 * external relationship, so an internal link (`#'Sheet'!A5`) is recorded as a `location` instead
 * (what Excel and LibreOffice follow within the file); and it dates zip entries from the clock
 * (setZipDates, src/domain/zip-dates.ts, shared with the answered questionnaire). A test reads the links back and checks two runs give the same sha256.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { toEscape, toVisibleText } from '../../domain/visible-text.js';
import { setZipDates } from '../../domain/zip-dates.js';
import {
  HEADER_FILL,
  HEADING_FILL,
  MAX_CELL_CHARS,
  MAX_ROW_HEIGHT,
  MAX_SHEET_LINKS,
  MAX_SHEET_ROWS,
  ROW_HEIGHT,
  colourOf,
  linesOf,
  continuedSheetName,
  type ColumnKind,
  type SheetColumn,
  type SheetRow,
  type SheetSpec,
  type SheetTarget,
} from './workbook-model.js';

export interface WorkbookMeta {
  /** The snapshot's time: the workbook's created and modified dates, and every zip entry's. */
  createdAt: Date;
  title: string;
  subject: string;
  /** `srmap 0.1.0` */
  creator: string;
}

/** Text that begins or ends with white space: kept only when written with xml:space="preserve". */
const EDGE_SPACE = /^\s|\s$/;

/** Beside what toVisibleText escapes, the two characters XML 1.0 cannot hold that are not controls: U+FFFE, U+FFFF. */
const XML_NONCHARACTERS = /[\uFFFE\uFFFF]/g;

/**
 * A cell's text as the workbook holds it: control and invisible characters shown as \u{XXXX} (the
 * same function as every other output), every character valid XML, at most Excel's 32,767.
 */
export function toCellText(value: string, sheet: string): string {
  const text = toVisibleText(value).replace(XML_NONCHARACTERS, toEscape);
  if (text.length <= MAX_CELL_CHARS) return text;
  const note = ` … (cut at ${MAX_CELL_CHARS.toLocaleString('en-US')} characters; the CSV behind the sheet ${sheet} holds it whole)`;
  return text.slice(0, MAX_CELL_CHARS - note.length) + note;
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

function targetText(t: SheetTarget): string {
  return `${quoteSheet(t.sheet)}!${columnLetter(t.column ?? 1)}${t.row}`;
}

const NUMBER_FORMATS: Readonly<Record<ColumnKind, string>> = { text: '@', date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss', int: '0' };

/** A cell's value by kind; text that is not a valid date or number stays text. */
function toValue(text: string, kind: ColumnKind, sheet: string): string | number | Date | null {
  if (text === '') return null;
  if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const d = new Date(`${text}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) return d;
  }
  if (kind === 'datetime') {
    const d = new Date(text);
    if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(d.getTime())) return d;
  }
  if (kind === 'int' && /^-?\d{1,15}$/.test(text)) return Number(text);
  return toCellText(text, sheet);
}

type Worksheet = ExcelJS.Worksheet & { _sheetRelsWriter: { _hyperlinks: { address: string; target?: string; rId?: string }[]; addHyperlink(h: { address: string; target: string }): void } };

/** Record internal links as a `location`, with no external relationship (exceljs's streaming writer makes them external). */
function keepLinksInternal(ws: Worksheet): void {
  const rels = ws._sheetRelsWriter;
  const external = rels.addHyperlink.bind(rels);
  rels.addHyperlink = (h) => {
    if (h.target.startsWith('#')) rels._hyperlinks.push({ address: h.address, target: h.target.slice(1) });
    else external(h);
  };
}

class SheetWriter {
  private rows = 0;
  private linksLeft = MAX_SHEET_LINKS;
  /**
   * One style object per look (column, kind, colour, heading, link), shared by every cell that has
   * it: exceljs recognises a style object it has seen and skips serialising it again, which a fresh
   * object per cell (what setting numFmt, fill or font on a cell makes) never allows.
   */
  private readonly styles = new Map<string, Partial<ExcelJS.Style>>();
  constructor(
    private readonly ws: Worksheet,
    private readonly spec: { name: string; columns: readonly SheetColumn[]; plain?: boolean },
  ) {}

  write(row: SheetRow): void {
    const { columns, name } = this.spec;
    const cells = columns.map((c, i) => toValue(row.cells[i] ?? '', row.kinds?.get(i) ?? c.kind, name));
    const r = this.ws.addRow(cells);
    // A row's own style is exceljs's fresh {} per row, which its style index cannot recognise and so
    // serialises again for every row; one shared empty style gives the same (default) index.
    (r as unknown as { style: Partial<ExcelJS.Style> }).style = ROW_STYLE;
    this.rows += 1;
    // Tall enough for its wrapped text: not every reader sizes rows on opening.
    const lines = columns.reduce((n, c, i) => (c.wrap && typeof cells[i] === 'string' ? Math.max(n, linesOf(cells[i] as string, c.width)) : n), 1);
    if (lines > 1) r.height = Math.min(MAX_ROW_HEIGHT, lines * ROW_HEIGHT);
    columns.forEach((c, i) => {
      const kind = row.kinds?.get(i) ?? c.kind;
      const cell = r.getCell(i + 1);
      const colour = (c.coloured || row.colourFrom === i) && typeof cells[i] === 'string' ? colourOf(cells[i] as string) : undefined;
      const target = row.links?.get(i);
      const linked = target !== undefined && cells[i] !== null && this.linksLeft > 0;
      cell.style = this.styleOf(i, kind, colour, row.heading === true, linked);
      if (linked) {
        this.linksLeft -= 1;
        cell.value = { text: String(typeof cells[i] === 'string' ? cells[i] : row.cells[i]), hyperlink: `#${targetText(target)}` };
      } else if (typeof cells[i] === 'string' && EDGE_SPACE.test(cells[i] as string)) {
        // exceljs writes a text cell as <v>text</v>, whose leading and trailing spaces LibreOffice drops;
        // as an inline string its <t> carries xml:space="preserve" and every reader keeps them.
        cell.value = { richText: [{ text: cells[i] as string }] };
      }
    });
    r.commit();
  }

  private styleOf(i: number, kind: ColumnKind, colour: { fill: string; font: string } | undefined, heading: boolean, linked: boolean): Partial<ExcelJS.Style> {
    const key = `${i}|${kind}|${colour?.fill ?? ''}|${heading ? 1 : 0}|${linked ? 1 : 0}`;
    let style = this.styles.get(key);
    if (style) return style;
    const column = this.spec.columns[i];
    let fill: string | undefined;
    let font: Partial<ExcelJS.Font> | undefined;
    if (colour) {
      fill = colour.fill;
      font = { color: { argb: colour.font }, bold: true };
    }
    if (heading) {
      fill = HEADING_FILL;
      font = { bold: true };
    }
    if (linked) font = { ...(font ?? {}), color: { argb: colour?.font ?? 'FF0563C1' }, underline: true };
    style = {
      numFmt: NUMBER_FORMATS[kind],
      alignment: { vertical: 'top', ...(column?.wrap ? { wrapText: true } : {}) },
      ...(fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } } } : {}),
      ...(font ? { font } : {}),
    };
    this.styles.set(key, style);
    return style;
  }

  get count(): number {
    return this.rows;
  }

  /** Bytes of the sheet's XML the zip entry has not taken yet (undefined where exceljs does not say). */
  waiting(): number | undefined {
    const entry = zipEntryOf(this.ws);
    return entry ? waitingBytes(entry) : undefined;
  }

  /**
   * One turn of the event loop, so that the zip takes on what was written meanwhile (deflate runs
   * beside this thread but moves on to its next chunk only between turns); and when more than
   * ZIP_WAITING_BYTES still wait, a wait until half of that is left (or the entry ended). exceljs's streamed sheet
   * pipes its XML into the zip entry without backpressure: a sheet written faster than the zip
   * takes it would pile up in memory (tens of MB per 100,000 evidence rows).
   */
  async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const entry = zipEntryOf(this.ws);
    if (!entry || (waitingBytes(entry) ?? 0) <= ZIP_WAITING_BYTES) return;
    // Never a 'data' listener: on an entry the zip has not reached yet it would start the flow
    // into nothing. 'drain' says the entry took everything; between, a look every few ms.
    while (!isDone(entry) && (waitingBytes(entry) ?? 0) > ZIP_WAITING_BYTES / 2) {
      await new Promise<void>((resolve) => {
        const events = ['drain', 'error', 'close', 'finish'] as const;
        const done = () => {
          clearTimeout(timer);
          for (const e of events) entry.off(e, done);
          resolve();
        };
        const timer = setTimeout(done, 2);
        for (const e of events) entry.once(e, done);
      });
    }
  }

  commit(): void {
    this.ws.commit();
  }
}

/** A row's own style: none (see SheetWriter.write). */
const ROW_STYLE: Partial<ExcelJS.Style> = {};

/**
 * What a streamed sheet may have waiting for the zip before its writer waits (settle): four of
 * exceljs's 64 KB chunks, about 250 evidence rows. The chunks that wait outlive the young
 * generation's collections and are promoted, so their memory comes back only with a full
 * collection: measured beside a 60 MB live heap (as after a 1M report's evaluation), 1 MB left
 * 64 MB of such buffers per 100,000 rows, 256 KB 2-10 MB, at the same CPU.
 */
export const ZIP_WAITING_BYTES = 256 * 1024;

interface ZipEntry {
  once(event: string, f: () => void): unknown;
  off(event: string, f: () => void): unknown;
  writableLength?: number;
  _writableState?: { length?: unknown; ended?: unknown; destroyed?: unknown };
}

/**
 * The zip entry a streamed sheet's XML goes to (exceljs 4.4: the worksheet's `stream`, a StreamBuf,
 * pipes into archiver's PassThrough for the entry); undefined where exceljs does otherwise.
 */
function zipEntryOf(ws: Worksheet): ZipEntry | undefined {
  const entry = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as ZipEntry | undefined;
  return entry && typeof entry.once === 'function' && typeof entry.off === 'function' ? entry : undefined;
}

/** Bytes written to the entry that the zip has not taken yet (readable-stream 2, which archiver uses, has no writableLength). */
function waitingBytes(entry: ZipEntry): number | undefined {
  const n = entry.writableLength ?? entry._writableState?.length;
  return typeof n === 'number' ? n : undefined;
}

function isDone(entry: ZipEntry): boolean {
  return entry._writableState?.ended === true || entry._writableState?.destroyed === true;
}

/** A sheet whose rows stream in (WorkbookHandle.openStream). */
export interface SheetStream {
  write(cells: readonly string[]): void;
  /** A note under the rows (after an empty row, so that the filter and a sort leave it out), shaded like a heading. */
  note(text: string): void;
  /** A turn of the event loop, and a wait while the zip has more than ZIP_WAITING_BYTES of the sheet to take: call it every few dozen rows. */
  settle(): Promise<void>;
  /** Bytes of the sheet's XML the zip has not taken yet (undefined where exceljs does not say). */
  waiting(): number | undefined;
  end(): void;
}

export interface WorkbookHandle {
  /** Writes a whole sheet. */
  addSheet(spec: SheetSpec): void;
  /** Opens a sheet whose rows stream in; a sheet that reaches Excel's row limit continues in `<name> (2)`. */
  openStream(name: string, columns: readonly SheetColumn[]): SheetStream;
  /** Commits the workbook, dates its entries, and renames it into place. */
  close(): Promise<void>;
  abort(): Promise<void>;
}

export function openWorkbook(path: string, meta: WorkbookMeta): WorkbookHandle {
  const tmp = `${path}.tmp-${process.pid}`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
  wb.creator = meta.creator;
  wb.lastModifiedBy = meta.creator;
  wb.created = meta.createdAt;
  wb.modified = meta.createdAt;
  wb.title = meta.title;
  wb.subject = meta.subject;

  const sheet = (spec: { name: string; columns: readonly SheetColumn[]; plain?: boolean; freezeColumns?: number }): SheetWriter => {
    const ws = wb.addWorksheet(spec.name, {
      views: spec.plain ? [] : [{ state: 'frozen', ySplit: 1, xSplit: spec.freezeColumns ?? 0 }],
      // Printed on A4 landscape, fitted to the page width, the header repeated on every page.
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, ...(spec.plain ? {} : { printTitlesRow: '1:1' }) },
    }) as Worksheet;
    keepLinksInternal(ws);
    ws.columns = spec.columns.map((c) => ({
      key: c.header,
      width: c.width,
      style: { numFmt: NUMBER_FORMATS[c.kind], alignment: { vertical: 'top' as const, ...(c.wrap ? { wrapText: true } : {}) } },
    }));
    const writer = new SheetWriter(ws, spec);
    if (!spec.plain) {
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
      const header = ws.addRow(spec.columns.map((c) => c.header));
      header.eachCell((cell) => {
        cell.font = { bold: true };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
        cell.numFmt = '@';
      });
      header.commit();
    }
    return writer;
  };

  return {
    addSheet(spec) {
      const w = sheet(spec);
      for (const row of spec.rows) w.write(row);
      w.commit();
    },
    openStream(name, columns) {
      let part = 0;
      let w = sheet({ name, columns, freezeColumns: 0 });
      return {
        write(cells) {
          if (w.count >= MAX_SHEET_ROWS - 1) {
            w.commit();
            part += 1;
            w = sheet({ name: continuedSheetName(name, part), columns });
          }
          w.write({ cells });
        },
        note(text) {
          w.write({ cells: [] });
          w.write({ cells: [text], heading: true });
        },
        settle: () => w.settle(),
        waiting: () => w.waiting(),
        end() {
          w.commit();
        },
      };
    },
    async close() {
      await wb.commit();
      // A few MB at most (the Evidence sheet is capped): patched in memory, written back in place.
      await writeFile(tmp, setZipDates(await readFile(tmp), meta.createdAt, tmp));
      await rename(tmp, path);
    },
    async abort() {
      // The unfinished zip is dropped; its streams end with the process.
      await rm(tmp, { force: true });
    },
  };
}
