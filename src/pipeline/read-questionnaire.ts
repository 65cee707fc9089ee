/**
 * Reads a questionnaire file the customer sent and says plainly what is wrong with one srmap cannot
 * read: missing, a folder, empty, an old .xls, a PDF or another binary file, or no sheet with a
 * question column. Returns the book, the layout of every sheet with questions, and the bytes (a
 * workbook's copy is written from them).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { detectLayout, type ColumnOverride, type SheetLayout } from '../answer/detect-layout.js';
import { parseDelimited } from '../answer/parse-delimited.js';
import { isZip, parseXlsx } from '../answer/parse-xlsx.js';
import type { QuestionnaireBook } from '../answer/questionnaire-book.js';
import { SrmapError } from '../domain/errors.js';

export interface ReadQuestionnaire {
  bytes: Uint8Array;
  book: QuestionnaireBook;
  layouts: SheetLayout[];
  /** Sheets without questions (a cover, instructions). */
  skipped: string[];
}

const SUPPORTED = 'an Excel workbook (.xlsx), CSV or tab-separated text (UTF-8 or UTF-16)';

/** Largest questionnaire read, and most rows answered in one run (each answer is a few ms of CPU). */
export const MAX_QUESTIONNAIRE_BYTES = 16 * 1024 * 1024;
export const MAX_QUESTIONS = 20_000;

/** Nothing but white space, line ends, byte-order marks or UTF-16 padding. */
function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((b) => [0x00, 0x09, 0x0a, 0x0d, 0x20, 0xef, 0xbb, 0xbf, 0xfe, 0xff].includes(b));
}

function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.filter((b, i) => i % 2 === 1 && b === 0).length > head.length / 4;
  if (utf16) return false;
  return head.includes(0);
}

export async function readQuestionnaire(path: string, shown: string, override: ColumnOverride = {}): Promise<ReadQuestionnaire> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw new SrmapError('QUESTIONNAIRE_NOT_FOUND', `${shown}: no such file.`, { hint: 'Check the path and name of the questionnaire (relative to the current directory).' });
    throw new SrmapError('QUESTIONNAIRE_UNREADABLE', `${shown}: cannot read it (${e.code ?? e.message}).`, { hint: 'Check the file permissions.', cause: e });
  });
  if (info.isDirectory()) throw new SrmapError('QUESTIONNAIRE_NOT_A_FILE', `${shown} is a folder, not a questionnaire file.`, { hint: `Name the questionnaire file itself: ${SUPPORTED}.` });
  if (!info.isFile()) throw new SrmapError('QUESTIONNAIRE_NOT_A_FILE', `${shown} is not a regular file.`, { hint: `Name the questionnaire file itself: ${SUPPORTED}.` });
  if (info.size > MAX_QUESTIONNAIRE_BYTES) {
    throw new SrmapError('QUESTIONNAIRE_TOO_LARGE', `${shown} is ${(info.size / 1024 / 1024).toFixed(0)} MB; srmap answers questionnaires of up to ${MAX_QUESTIONNAIRE_BYTES / 1024 / 1024} MB (${MAX_QUESTIONS.toLocaleString('en-US')} questions).`, {
      hint: 'Check that this is the questionnaire; split a larger one into parts and answer each.',
    });
  }
  const bytes = new Uint8Array(await readFile(path));
  if (isBlank(bytes)) {
    throw new SrmapError('QUESTIONNAIRE_EMPTY', `${shown} is empty.`, { hint: 'Export the questionnaire again from the spreadsheet, with its questions.' });
  }
  let book: QuestionnaireBook;
  if (isZip(bytes)) book = await parseXlsx(bytes, shown);
  else if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new SrmapError('QUESTIONNAIRE_FORMAT', `${shown} is an old Excel 97-2003 workbook (.xls).`, { hint: 'Open it in Excel or LibreOffice and save it as "Excel Workbook (.xlsx)", then run srmap answer on that.' });
  } else if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    throw new SrmapError('QUESTIONNAIRE_FORMAT', `${shown} is a PDF.`, { hint: `srmap reads ${SUPPORTED}. Ask the customer for the spreadsheet, or copy the questions into one.` });
  } else if (looksBinary(bytes)) {
    throw new SrmapError('QUESTIONNAIRE_FORMAT', `${shown} is a binary file srmap cannot read${extname(shown) ? ` (${extname(shown)})` : ''}.`, { hint: `srmap reads ${SUPPORTED}.` });
  } else book = parseDelimited(bytes, shown);
  const layouts: SheetLayout[] = [];
  const skipped: string[] = [];
  for (const sheet of book.sheets) {
    const layout = detectLayout(sheet, override);
    if (layout) layouts.push(layout);
    else skipped.push(sheet.name);
  }
  if (layouts.length === 0) {
    const seen = book.sheets.map((s) => `${book.format === 'xlsx' ? `sheet "${s.name}": ` : ''}${(s.rows.find((r) => r.some((c) => c.trim() !== '')) ?? []).filter((c) => c.trim() !== '').slice(0, 6).map((c) => `"${c.slice(0, 40)}"`).join(', ') || 'empty'}`);
    throw new SrmapError(
      'QUESTIONNAIRE_NO_QUESTIONS',
      override.question ? `${shown}: no sheet has a column named "${override.question}" with questions under it.` : `${shown}: no sheet has a column of questions srmap can recognise.`,
      {
        hint: `srmap looks for a header such as "Question", "Control question", "Requirement" or question_text above rows of questions. First rows seen: ${seen.join('; ')}. Name the column with --question-column "<header>".`,
      },
    );
  }
  const rows = layouts.reduce((n, l) => n + l.questions.length, 0);
  if (rows > MAX_QUESTIONS) {
    throw new SrmapError('QUESTIONNAIRE_TOO_LARGE', `${shown} has ${rows.toLocaleString('en-US')} rows below its header${layouts.length > 1 ? 's' : ''}; srmap answers up to ${MAX_QUESTIONS.toLocaleString('en-US')} per run.`, {
      hint: 'Split the questionnaire into parts and answer each (the largest standard questionnaires have about 2,000 questions).',
    });
  }
  return { bytes, book, layouts, skipped };
}
