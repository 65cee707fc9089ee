/** Previously approved answers (a CSV with question, answer, explanation): reuse one for a closely matching question. Pure. */
import { parse } from 'csv-parse/sync';
import { SrmapError } from '../domain/errors.js';
import { ANSWERS, type Answer } from './draft-answer.js';

export interface ApprovedAnswer {
  question: string;
  answer: Answer;
  explanation: string;
}

const STOP = new Set(['the', 'and', 'you', 'your', 'are', 'for', 'does', 'have', 'has', 'with', 'all', 'any', 'our', 'this', 'that', 'there', 'how', 'what', 'please']);
/** Crude stemming, enough to match "quarterly" with "quarter" and "reviews" with "review". */
const stem = (w: string) => w.replace(/(?:ly|ing|ed|es|s)$/, '');
const words = (s: string) => new Set(s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !STOP.has(w)).map(stem));

/** Jaccard similarity of the two questions' word sets. */
export function similarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
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
    throw new SrmapError('LIBRARY_UNREADABLE', `${file}: ${(e as Error).message}`, { hint: 'The answer library is a CSV with columns question, answer, explanation.' });
  }
  return rows.map((r, i) => {
    const answer = ANSWERS.find((a) => a.toLowerCase() === (r.answer ?? '').trim().toLowerCase());
    if (!r.question?.trim() || !answer) {
      throw new SrmapError('LIBRARY_INVALID', `${file}: line ${i + 2}: ${!r.question?.trim() ? 'question is empty' : `answer "${r.answer ?? ''}" is not one of ${ANSWERS.join(', ')}`}`, {
        hint: 'Each row: question, answer (Yes, No, Partial, Not applicable, Needs review), explanation.',
      });
    }
    return { question: r.question.trim(), answer, explanation: (r.explanation ?? '').trim() };
  });
}

/** The approved answer to the most similar question, when it is close enough (default Jaccard >= 0.7). */
export function findApproved(question: string, library: readonly ApprovedAnswer[], threshold = 0.7): { approved: ApprovedAnswer; similarity: number } | undefined {
  let best: { approved: ApprovedAnswer; similarity: number } | undefined;
  for (const approved of library) {
    const s = similarity(question, approved.question);
    if (s >= threshold && (!best || s > best.similarity)) best = { approved, similarity: s };
  }
  return best;
}
