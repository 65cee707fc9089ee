/**
 * A customer's security questionnaire as exported from a spreadsheet: CSV or TSV, UTF-8 with or
 * without BOM, UTF-16 LE/BE with BOM (Excel's "Unicode text"), quoted multi-line cells, title rows
 * above the header, section rows without a question. Pure: bytes in, table and chosen columns out.
 */
import { parse } from 'csv-parse/sync';
import { SrmapError } from '../domain/errors.js';
import { maxOf } from '../domain/arrays.js';

export interface Questionnaire {
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';
  delimiter: ',' | '\t' | ';';
  /** 0-based index of the header row in `rows`. */
  headerRow: number;
  header: string[];
  /** Every row as read, title rows and the header included, so the output keeps them in order. */
  rows: string[][];
  questionColumn: number;
  idColumn: number | undefined;
  /** Why these columns were chosen, for the console. */
  choice: string;
}

export function decodeQuestionnaire(bytes: Uint8Array): { text: string; encoding: Questionnaire['encoding'] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  // UTF-16 without a BOM: every other byte zero in the first characters.
  const sample = bytes.subarray(0, 200);
  const zerosOdd = sample.filter((b, i) => i % 2 === 1 && b === 0).length;
  if (sample.length > 8 && zerosOdd > sample.length / 4) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch (cause) {
    throw new SrmapError('QUESTIONNAIRE_ENCODING', 'The questionnaire is neither UTF-8 nor UTF-16.', {
      hint: 'Save it from the spreadsheet as "CSV UTF-8" or "Unicode text", then try again.',
      cause,
    });
  }
}

/** The delimiter that splits the first lines most consistently into more than one column. */
export function detectDelimiter(text: string): Questionnaire['delimiter'] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 30);
  let best: Questionnaire['delimiter'] = ',';
  let bestScore = -1;
  for (const d of ['\t', ',', ';'] as const) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const score = counts.filter((c) => c > 0).length * 10 + maxOf(counts, 0);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

const QUESTION_HEADER = /\b(question|questions|requirement|control (?:question|description)|query|item|description|ask)\b/i;
const ID_HEADER = /^(?:#|no\.?|nr\.?|num(?:ber)?|id|ref(?:erence)?|item ?(?:#|no|id)?|question ?(?:#|no|id)|q ?#|control ?(?:id|#|ref))$/i;
const ANSWER_HEADER = /\b(answer|response|comment|yes\/no|notes?|evidence)\b/i;

function filled(row: readonly string[]): number {
  return row.filter((c) => c.trim() !== '').length;
}

/** The header: the first row with at least two cells whose text looks like column names, before the data. */
function findHeader(rows: readonly string[][]): number {
  const limit = Math.min(rows.length, 25);
  for (let i = 0; i < limit; i += 1) {
    const row = rows[i] ?? [];
    if (filled(row) < 2) continue;
    if (row.some((c) => QUESTION_HEADER.test(c) && c.length < 60)) return i;
  }
  for (let i = 0; i < limit; i += 1) if (filled(rows[i] ?? []) >= 2 && (rows[i] ?? []).every((c) => c.length < 60)) return i;
  return 0;
}

export function chooseColumns(header: readonly string[], data: readonly string[][], override: { question?: string; id?: string } = {}): { questionColumn: number; idColumn: number | undefined; choice: string } {
  const byName = (name: string, what: string) => {
    const i = header.findIndex((h) => h.trim().toLowerCase() === name.trim().toLowerCase());
    if (i < 0) {
      throw new SrmapError('QUESTIONNAIRE_COLUMN', `No column named "${name}" for the ${what}.`, { hint: `The header row has: ${header.filter(Boolean).map((h) => `"${h}"`).join(', ')}.` });
    }
    return i;
  };
  const avgLength = (i: number) => {
    const cells = data.map((r) => (r[i] ?? '').trim()).filter(Boolean);
    return cells.length === 0 ? 0 : cells.reduce((n, c) => n + c.length, 0) / cells.length;
  };
  let questionColumn: number;
  let why: string;
  if (override.question) {
    questionColumn = byName(override.question, 'questions');
    why = `question column "${header[questionColumn]}" (as told)`;
  } else {
    const named = header.map((h, i) => ({ h, i })).filter(({ h }) => QUESTION_HEADER.test(h) && !ANSWER_HEADER.test(h));
    const candidates = named.length > 0 ? named.map((n) => n.i) : header.map((_, i) => i);
    questionColumn = candidates.reduce((a, b) => (avgLength(b) > avgLength(a) ? b : a), candidates[0] ?? 0);
    why = `question column "${header[questionColumn] ?? ''}" (${named.length > 0 ? 'named like a question, longest text' : 'longest text'})`;
  }
  let idColumn: number | undefined;
  if (override.id) {
    idColumn = byName(override.id, 'question ids');
    why += `, id column "${header[idColumn]}" (as told)`;
  } else {
    idColumn = header.findIndex((h, i) => i !== questionColumn && ID_HEADER.test(h.trim()));
    if (idColumn < 0) {
      const short = header.map((_, i) => i).filter((i) => i !== questionColumn && avgLength(i) > 0 && avgLength(i) <= 12);
      idColumn = short.find((i) => i < questionColumn);
    }
    why += idColumn === undefined || idColumn < 0 ? ', no id column' : `, id column "${header[idColumn] ?? ''}"`;
    if (idColumn !== undefined && idColumn < 0) idColumn = undefined;
  }
  return { questionColumn, idColumn, choice: why };
}

export function parseQuestionnaire(bytes: Uint8Array, file: string, override: { question?: string; id?: string } = {}): Questionnaire {
  const { text, encoding } = decodeQuestionnaire(bytes);
  const delimiter = detectDelimiter(text);
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new SrmapError('QUESTIONNAIRE_UNREADABLE', `${file}${err.lines ? `: line ${err.lines}` : ''}: ${err.message}`, { hint: 'Export the sheet again as CSV (UTF-8) or Unicode text; check for an unclosed quote.' });
  }
  const headerRow = findHeader(rows);
  const header = (rows[headerRow] ?? []).map((h) => h.trim());
  const data = rows.slice(headerRow + 1);
  if (data.filter((r) => filled(r) > 0).length === 0) {
    throw new SrmapError('QUESTIONNAIRE_EMPTY', `${file}: no question rows under the header (line ${headerRow + 1}).`, { hint: 'Check the file is the questionnaire sheet, exported with its header row.' });
  }
  return { encoding, delimiter, headerRow, header, rows, ...chooseColumns(header, data, override) };
}
