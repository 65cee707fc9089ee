/**
 * Where the questions are in a sheet: the header row (after title and instruction rows; two rows
 * when a merged group label sits over sub-labels), the question, id, answer and comment columns,
 * and the question rows with the section each falls under. Headers are compared after
 * normalisation, so `question_text`, `questionText` and `Question Text` read alike. Pure.
 */
import { SrmapError } from '../domain/errors.js';
import type { QuestionnaireSheet } from './questionnaire-book.js';

export interface QuestionRow {
  /** 0-based row in the sheet. */
  row: number;
  id: string;
  text: string;
  /** The nearest section row above, or ''. */
  section: string;
}

export interface SheetLayout {
  sheet: string;
  /** 0-based row of the header (the upper row when the header has two). */
  headerRow: number;
  headerRows: 1 | 2;
  /** One label per column: the sub-label where a two-row header has one, else the header cell. */
  header: string[];
  questionColumn: number;
  idColumn?: number;
  answerColumn?: number;
  commentColumn?: number;
  /** Why these columns, for the console. */
  choice: string;
  questions: QuestionRow[];
}

export interface ColumnOverride {
  question?: string;
  id?: string;
}

/** `question_text`, `questionText`, `Question-Text` -> `question text`. */
export function normaliseHeader(h: string): string {
  return h
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-./\\|:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export type HeaderRole = 'id' | 'question' | 'answer' | 'comment' | 'other';

const ID = /^(?:#|no|nr|num|number|id|ref|reference|item(?: no| number| #| id)?|s ?no|sl no|(?:question|ques|q|control|req|requirement|item) ?(?:#|no|num|number|id|ref))$/;
const NOT_A_COLUMN_OF_OURS = /\b(?:type|choices|options|format|guidance|weight(?:ing)?|score|scoring|reviewer|use only|internal|owner)\b/;
const COMMENT = /\b(?:comments?|notes?|explanation|additional (?:information|info|details|comments)|justification|details|remarks|evidence|clarification|description)\b/;
const ANSWER = /\b(?:answers?|response|responses|yes no(?: n ?a| partial)?|reply|compliant|compliance|status)\b/;
const QUESTION = /\b(?:questions?|ques|requirements?|request|query|queries|control (?:question|statement|requirement)|criteria|criterion|item)\b/;

export function headerRole(h: string): HeaderRole {
  const n = normaliseHeader(h);
  if (n === '') return 'other';
  if (ID.test(n)) return 'id';
  if (NOT_A_COLUMN_OF_OURS.test(n)) return 'other';
  if (COMMENT.test(n)) return 'comment';
  if (ANSWER.test(n)) return 'answer';
  if (QUESTION.test(n)) return 'question';
  return 'other';
}

const filled = (row: readonly string[]) => row.filter((c) => c.trim() !== '').length;

function headerScore(row: readonly string[]): number {
  const cells = row.filter((c) => c.trim() !== '');
  // Column names are short labels, not sentences or questions.
  if (cells.length === 0 || cells.some((c) => c.length > 60 || /\?\s*$/.test(c))) return 0;
  const roles = cells.map(headerRole);
  // A one-column questionnaire: a lone header is a short label naming the questions ("Question").
  if (cells.length === 1) return roles[0] === 'question' && normaliseHeader(cells[0] ?? '').split(' ').length <= 3 ? 3 : 0;
  const count = (r: HeaderRole) => roles.filter((x) => x === r).length;
  if (count('question') === 0 && !(count('id') > 0 && count('answer') > 0)) return 0;
  return count('question') * 3 + count('answer') * 1.5 + count('id') + count('comment');
}

/** Column statistics over the data rows: average text length and how many distinct values. */
function columnStats(rows: readonly string[][], col: number): { avg: number; distinct: number; filled: number } {
  const cells = rows.map((r) => (r[col] ?? '').trim()).filter(Boolean);
  if (cells.length === 0) return { avg: 0, distinct: 0, filled: 0 };
  return { avg: cells.reduce((n, c) => n + c.length, 0) / cells.length, distinct: new Set(cells).size / cells.length, filled: cells.length };
}

function findHeaderRow(sheet: QuestionnaireSheet, override: ColumnOverride): number | undefined {
  const limit = Math.min(sheet.rows.length, 40);
  if (override.question) {
    const want = normaliseHeader(override.question);
    for (let i = 0; i < limit; i += 1) if ((sheet.rows[i] ?? []).some((c) => normaliseHeader(c) === want)) return i;
    return undefined;
  }
  let best: number | undefined;
  let bestScore = 0;
  for (let i = 0; i < limit; i += 1) {
    const s = headerScore(sheet.rows[i] ?? []);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  }
  if (best !== undefined) return best;
  // No header named like one: the first row of short labels followed by rows with long text.
  for (let i = 0; i < limit; i += 1) {
    const row = sheet.rows[i] ?? [];
    if (filled(row) < 2 || row.some((c) => c.length > 40)) continue;
    const below = sheet.rows.slice(i + 1, i + 6);
    if (below.some((r) => r.some((c) => c.trim().length >= 25))) return i;
  }
  return undefined;
}

/** A merged group label over sub-labels ("Vendor response" over "Answer" and "Comments") makes a two-row header. */
function subHeader(sheet: QuestionnaireSheet, headerRow: number, questionColumn: number): string[] | undefined {
  const top = sheet.rows[headerRow] ?? [];
  const next = sheet.rows[headerRow + 1] ?? [];
  const wide = sheet.merges.filter((m) => m.top === headerRow && m.bottom === headerRow && m.right > m.left);
  if (wide.length === 0 || (next[questionColumn] ?? '').trim() !== '' || filled(next) === 0) return undefined;
  const underWide = (c: number) => wide.some((m) => c >= m.left && c <= m.right);
  const nextCells = next.map((c, i) => ({ c: c.trim(), i })).filter((x) => x.c !== '');
  if (!nextCells.every((x) => underWide(x.i) && x.c.length <= 40)) return undefined;
  const width = Math.max(top.length, next.length);
  const labels: string[] = [];
  for (let c = 0; c < width; c += 1) {
    const group = wide.find((m) => c >= m.left && c <= m.right);
    const own = (next[c] ?? '').trim();
    labels.push(own !== '' ? own : group ? (top[group.left] ?? '').trim() : (top[c] ?? '').trim());
  }
  return labels;
}

function pickColumns(header: readonly string[], data: readonly string[][], override: ColumnOverride, sheet: string) {
  const roles = header.map(headerRole);
  const byName = (name: string, what: string): number => {
    const want = normaliseHeader(name);
    const i = header.findIndex((h) => normaliseHeader(h) === want);
    if (i < 0) {
      throw new SrmapError('QUESTIONNAIRE_COLUMN', `Sheet "${sheet}": no column named "${name}" for the ${what}.`, {
        hint: `The header row has: ${header.filter(Boolean).map((h) => `"${h}"`).join(', ')}.`,
      });
    }
    return i;
  };
  let questionColumn: number | undefined;
  let why: string;
  if (override.question) {
    questionColumn = byName(override.question, 'questions');
    why = `question column "${header[questionColumn]}" (as told)`;
  } else {
    const named = roles.flatMap((r, i) => (r === 'question' ? [i] : []));
    const textual = (i: number) => {
      const s = columnStats(data, i);
      // A column repeating the same text on every row (answer choices, a guidance note) is not the question.
      return s.filled === 0 ? 0 : s.avg * (s.filled > 2 && s.distinct < 0.5 ? 0.1 : 1);
    };
    const pool = named.length > 0 ? named : header.map((_, i) => i).filter((i) => roles[i] === 'other' && textual(i) >= 15);
    questionColumn = pool.reduce<number | undefined>((a, b) => (a === undefined || textual(b) > textual(a) ? b : a), undefined);
    if (questionColumn === undefined) return undefined;
    why = `question column "${header[questionColumn] ?? ''}" (${named.length > 0 ? 'named like a question' : 'longest text'})`;
  }
  const q = questionColumn;
  let idColumn: number | undefined;
  if (override.id) {
    idColumn = byName(override.id, 'question ids');
    why += `, id column "${header[idColumn]}" (as told)`;
  } else {
    idColumn = roles.findIndex((r, i) => r === 'id' && i !== q);
    if (idColumn < 0) idColumn = header.map((_, i) => i).find((i) => i < q && roles[i] === 'other' && columnStats(data, i).avg > 0 && columnStats(data, i).avg <= 12);
    if (idColumn !== undefined && idColumn < 0) idColumn = undefined;
    why += idColumn === undefined ? ', no id column' : `, id column "${header[idColumn] ?? ''}"`;
  }
  const answerIndex = roles.findIndex((r, i) => r === 'answer' && i !== q && i !== idColumn);
  const answerColumn = answerIndex < 0 ? undefined : answerIndex;
  const commentIndex = roles.findIndex((r, i) => r === 'comment' && i !== q && i !== idColumn && i !== answerColumn && (answerColumn === undefined || i > answerColumn));
  const fallbackComment = roles.findIndex((r, i) => r === 'comment' && i !== q && i !== idColumn && i !== answerColumn);
  const commentColumn = commentIndex >= 0 ? commentIndex : fallbackComment >= 0 ? fallbackComment : undefined;
  why += answerColumn === undefined ? ', no answer column' : `, answer column "${header[answerColumn] ?? ''}"`;
  if (commentColumn !== undefined) why += `, comment column "${header[commentColumn] ?? ''}"`;
  return { questionColumn: q, idColumn, answerColumn, commentColumn, choice: why };
}

/** The layout of one sheet, or undefined when it holds no questions (a cover or instructions sheet). */
export function detectLayout(sheet: QuestionnaireSheet, override: ColumnOverride = {}): SheetLayout | undefined {
  const headerRow = findHeaderRow(sheet, override);
  if (headerRow === undefined) return undefined;
  const top = (sheet.rows[headerRow] ?? []).map((h) => h.trim());
  const guess = pickColumns(top, sheet.rows.slice(headerRow + 1), override, sheet.name);
  if (!guess) return undefined;
  const sub = subHeader(sheet, headerRow, guess.questionColumn);
  const header = sub ?? top;
  const headerRows: 1 | 2 = sub ? 2 : 1;
  const firstData = headerRow + headerRows;
  const cols = sub ? pickColumns(header, sheet.rows.slice(firstData), override, sheet.name) ?? guess : guess;
  const questions: QuestionRow[] = [];
  let section = '';
  const headerKey = top.map(normaliseHeader).join('|');
  for (let r = firstData; r < sheet.rows.length; r += 1) {
    const row = sheet.rows[r] ?? [];
    if (filled(row) === 0) continue;
    if (row.map((c) => normaliseHeader(c.trim())).join('|') === headerKey) continue;
    const text = (row[cols.questionColumn] ?? '').trim();
    const mergedAcross = sheet.merges.some((m) => m.top === r && m.left <= cols.questionColumn && m.right > m.left && m.right >= cols.questionColumn);
    if (text === '' || (mergedAcross && filled(row) === 1)) {
      // A section row: one label (often merged across the row), no question.
      if (filled(row) === 1) section = row.find((c) => c.trim() !== '')?.trim() ?? section;
      continue;
    }
    questions.push({ row: r, id: cols.idColumn === undefined ? '' : (row[cols.idColumn] ?? '').trim(), text, section });
  }
  if (questions.length === 0) return undefined;
  return { sheet: sheet.name, headerRow, headerRows, header, ...cols, questions };
}
