/**
 * Where each draft goes in the customer's sheet: srmap's own columns beside theirs, and, for an
 * answer that is ready, their answer column (a value their drop-down allows) and their comment
 * column (the customer-facing text). A cell they already filled is never overwritten. Pure.
 */
import type { QuestionnaireSheet } from './questionnaire-book.js';
import type { SheetLayout } from './detect-layout.js';
import { maxOf } from '../domain/arrays.js';

export const SRMAP_COLUMNS = ['srmap_answer', 'srmap_response', 'srmap_confidence', 'srmap_kind', 'srmap_citations', 'srmap_review', 'srmap_internal'] as const;
export type SrmapColumn = (typeof SRMAP_COLUMNS)[number];

export interface RowDraft {
  /** 0-based row of the question. */
  row: number;
  answer: string;
  answered: boolean;
  /** Customer-facing text. */
  response: string;
  confidence: number;
  kind: string;
  citations: string[];
  review: string;
  internal: string;
}

export interface AnsweredRow {
  row: number;
  srmap: Record<SrmapColumn, string>;
  /** What goes into their answer and comment cells (absent: leave the cell as it is). */
  theirAnswer?: string;
  theirComment?: string;
}

export interface AnsweredSheet {
  sheet: string;
  layout: SheetLayout;
  /** 0-based column where srmap's columns start: after the last column the sheet uses. */
  firstColumn: number;
  rows: AnsweredRow[];
}

const SYNONYMS: Record<string, readonly string[]> = {
  yes: ['yes', 'y', 'true', 'compliant', 'in place', 'implemented'],
  no: ['no', 'n', 'false', 'non-compliant', 'not in place', 'not implemented'],
  partial: ['partial', 'partially', 'partly', 'in progress', 'partially compliant', 'partially implemented'],
  'not applicable': ['not applicable', 'n/a', 'na', 'n.a.', 'not relevant'],
};

/** Our answer as one of their drop-down values, or undefined when their list has no such value. */
export function toAllowedValue(answer: string, allowed: readonly string[]): string | undefined {
  const key = answer.trim().toLowerCase();
  const direct = allowed.find((a) => a.trim().toLowerCase() === key);
  if (direct) return direct;
  const forms = SYNONYMS[key];
  return forms ? allowed.find((a) => forms.includes(a.trim().toLowerCase())) : undefined;
}

const SHORT_ANSWERS = new Set(['yes', 'no', 'partial', 'not applicable']);

export function toAnsweredSheet(sheet: QuestionnaireSheet, layout: SheetLayout, drafts: readonly RowDraft[]): AnsweredSheet {
  const used = maxOf([...sheet.rows.slice(layout.headerRow).map((r) => r.length), ...sheet.merges.map((m) => m.right + 1)], layout.header.length);
  const rows = drafts.map((d): AnsweredRow => {
    const notes: string[] = d.review ? [d.review] : [];
    const cells = sheet.rows[d.row] ?? [];
    let theirAnswer: string | undefined;
    let theirComment: string | undefined;
    if (d.answered) {
      const verdict = SHORT_ANSWERS.has(d.answer.toLowerCase());
      const a = layout.answerColumn;
      const c = layout.commentColumn;
      if (a !== undefined) {
        const existing = (cells[a] ?? '').trim();
        const allowed = sheet.choices.get(`${d.row}:${a}`);
        if (existing !== '') notes.push(`Kept the answer already in "${layout.header[a] ?? ''}": ${existing}.`);
        else if (allowed) {
          // A drop-down takes a verdict it lists; a value or a description goes to the comment column.
          const v = toAllowedValue(d.answer, allowed);
          if (v !== undefined) theirAnswer = v;
          else if (verdict) notes.push(`"${d.answer}" is not in the answer column's list (${allowed.join(', ')}): left empty.`);
          else if (c === undefined) notes.push(`The answer column only takes ${allowed.join(', ')}: the answer is in srmap_response.`);
        } else if (verdict || c === undefined) theirAnswer = verdict ? d.answer : d.response;
        else theirAnswer = d.answer.length <= 60 ? d.answer : d.response;
      }
      if (c !== undefined) {
        const existing = (cells[c] ?? '').trim();
        if (existing !== '') notes.push(`Kept the text already in "${layout.header[c] ?? ''}".`);
        else if (d.response !== '' && d.response !== theirAnswer) theirComment = d.response;
      }
    }
    return {
      row: d.row,
      srmap: {
        srmap_answer: d.answer,
        srmap_response: d.response,
        srmap_confidence: d.kind === 'not-a-question' ? '' : d.confidence.toFixed(2),
        srmap_kind: d.kind,
        srmap_citations: d.citations.join('; '),
        srmap_review: notes.join(' '),
        srmap_internal: d.internal,
      },
      ...(theirAnswer !== undefined ? { theirAnswer } : {}),
      ...(theirComment !== undefined ? { theirComment } : {}),
    };
  });
  return { sheet: sheet.name, layout, firstColumn: used, rows };
}
