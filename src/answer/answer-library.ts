/**
 * The answer library: answers a reviewer approved before, with the owner who approved each and the
 * date it was last reviewed. A closely matching question reuses the approved answer (preferred over
 * a fresh draft) unless its review is older than a year at the snapshot date. Pure.
 */
import { parse } from 'csv-parse/sync';
import { daysBetween, isCalendarDate } from '../domain/dates.js';
import { SrmapError, type Problem } from '../domain/errors.js';
import { tokenize } from './bm25.js';

export const LIBRARY_COLUMNS = ['question', 'answer', 'response', 'owner', 'reviewed_on'] as const;
const REQUIRED = ['question', 'answer', 'owner', 'reviewed_on'] as const;

export interface ApprovedAnswer {
  question: string;
  /** The short answer: Yes, No, Partial, Not applicable, or a value. */
  answer: string;
  /** What the customer reads. */
  response: string;
  owner: string;
  /** YYYY-MM-DD */
  reviewedOn: string;
  /** 1-based line in the library file. */
  line: number;
}

/** Jaccard similarity of the two questions' stemmed content words. */
export function similarity(a: string, b: string): number {
  const x = new Set(tokenize(a));
  const y = new Set(tokenize(b));
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common += 1;
  return common / (x.size + y.size - common);
}

export function parseAnswerLibrary(text: string, file: string): ApprovedAnswer[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { bom: true, columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  } catch (e) {
    throw new SrmapError('LIBRARY_UNREADABLE', `${file}: not a readable CSV: ${(e as Error).message}`, { hint: `The answer library is a CSV with the columns ${LIBRARY_COLUMNS.join(', ')}.` });
  }
  const problems: Problem[] = [];
  const header = Object.keys(rows[0] ?? {});
  const missingColumns = rows.length === 0 ? [] : REQUIRED.filter((c) => !header.includes(c));
  if (missingColumns.length > 0) {
    throw new SrmapError('LIBRARY_INVALID', `${file}: line 1: missing column${missingColumns.length > 1 ? 's' : ''} ${missingColumns.join(', ')}`, {
      hint: `Columns: ${LIBRARY_COLUMNS.join(', ')} (response may be empty; reviewed_on as YYYY-MM-DD): who approved each answer and when it was last reviewed.`,
    });
  }
  const out: ApprovedAnswer[] = [];
  rows.forEach((r, i) => {
    const line = i + 2;
    const at = (column: string, message: string, hint: string) => problems.push({ file, line, path: column, message, hint });
    const question = (r.question ?? '').trim();
    const answer = (r.answer ?? '').trim();
    const owner = (r.owner ?? '').trim();
    const reviewedOn = (r.reviewed_on ?? '').trim();
    if (!question) at('question', 'question is empty', 'Write the question the answer was approved for.');
    if (!answer) at('answer', 'answer is empty', 'Yes, No, Partial, Not applicable, or the value to give.');
    if (!owner) at('owner', 'owner is empty', 'Name who approved the answer.');
    if (!isCalendarDate(reviewedOn)) at('reviewed_on', `"${reviewedOn}" is not a date`, 'Write the date of the last review as YYYY-MM-DD.');
    out.push({ question, answer, response: (r.response ?? '').trim(), owner, reviewedOn, line });
  });
  if (problems.length > 0) throw new SrmapError('LIBRARY_INVALID', `${problems.length} problem(s) in ${file}`, { problems, hint: 'Fix the rows named above; every row needs question, answer, owner and reviewed_on.' });
  return out;
}

export interface LibraryMatch {
  approved: ApprovedAnswer;
  similarity: number;
  /** The review is more than `maxAgeDays` old at the snapshot date: shown, not reused. */
  stale: boolean;
}

/** The approved answer to the most similar question (Jaccard >= threshold), when there is one. */
export function findApproved(question: string, library: readonly ApprovedAnswer[], asOf: string, threshold = 0.7, maxAgeDays = 365): LibraryMatch | undefined {
  let best: LibraryMatch | undefined;
  for (const approved of library) {
    const s = similarity(question, approved.question);
    if (s >= threshold && (!best || s > best.similarity)) best = { approved, similarity: s, stale: daysBetween(approved.reviewedOn, asOf) > maxAgeDays };
  }
  return best;
}
