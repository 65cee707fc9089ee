/**
 * A questionnaire as srmap reads it, whatever the file: one or more sheets of cell text, with the
 * cells a merge covers blanked (the merge's first cell keeps the text) and the merges listed, so a
 * merged section row reads as one cell and a two-row header can be recognised. Types only.
 */

export const BOOK_FORMATS = ['xlsx', 'csv', 'tsv'] as const;
export type BookFormat = (typeof BOOK_FORMATS)[number];

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

/** A merged range, 0-based and inclusive. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface QuestionnaireSheet {
  name: string;
  /** Cell text by row and column (0-based), title rows and the header included; ragged rows allowed. */
  rows: string[][];
  merges: MergedRange[];
  /** The allowed values of a drop-down list on a cell, by `row:column`, when the sheet declares one. */
  choices: ReadonlyMap<string, readonly string[]>;
}

export interface QuestionnaireBook {
  format: BookFormat;
  /** For CSV and TSV: how the text was encoded and split. */
  encoding?: TextEncoding;
  delimiter?: ',' | '\t' | ';';
  sheets: QuestionnaireSheet[];
}
