/**
 * A questionnaire exported as delimited text: CSV or TSV, UTF-8 with or without BOM, UTF-16 LE/BE
 * (Excel's "Unicode text"), quoted multi-line cells. Pure: bytes in, a one-sheet book out.
 */
import { parse } from 'csv-parse/sync';
import { SrmapError } from '../domain/errors.js';
import type { QuestionnaireBook, TextEncoding } from './questionnaire-book.js';
import { maxOf } from '../domain/arrays.js';

export function decodeText(bytes: Uint8Array, file: string): { text: string; encoding: TextEncoding } {
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
    throw new SrmapError('QUESTIONNAIRE_ENCODING', `${file}: the text is neither UTF-8 nor UTF-16.`, {
      hint: 'Save the sheet from the spreadsheet as "CSV UTF-8", "Unicode text" or "Excel Workbook (.xlsx)", then try again.',
      cause,
    });
  }
}

/** The delimiter that splits the first lines most consistently into more than one column. */
export function detectDelimiter(text: string): NonNullable<QuestionnaireBook['delimiter']> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 30);
  let best: NonNullable<QuestionnaireBook['delimiter']> = ',';
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

export function parseDelimited(bytes: Uint8Array, file: string): QuestionnaireBook {
  const { text, encoding } = decodeText(bytes, file);
  const delimiter = detectDelimiter(text);
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new SrmapError('QUESTIONNAIRE_UNREADABLE', `${file}${err.lines ? `: line ${err.lines}` : ''}: ${err.message}`, {
      hint: 'Export the sheet again as CSV (UTF-8) or Unicode text; check for an unclosed quote.',
    });
  }
  return { format: delimiter === '\t' ? 'tsv' : 'csv', encoding, delimiter, sheets: [{ name: 'Sheet1', rows, merges: [], choices: new Map() }] };
}
