import { describe, expect, it } from 'vitest';
import type { SheetLayout } from '../../src/answer/detect-layout.js';
import type { QuestionnaireSheet } from '../../src/answer/questionnaire-book.js';
import { toAllowedValue, toAnsweredSheet, type RowDraft } from '../../src/answer/to-answered-rows.js';

const sheet: QuestionnaireSheet = {
  name: 'S',
  rows: [
    ['Ref', 'Question', 'Answer', 'Notes'],
    ['1', 'Is MFA enforced?', '', ''],
    ['2', 'Vendor legal name', '', ''],
    ['3', 'Are backups tested?', 'Yes', 'Already answered by the customer team'],
    ['4', 'Is data encrypted?', '', ''],
  ],
  merges: [],
  choices: new Map([
    ['1:2', ['Yes', 'No', 'N/A']],
    ['2:2', ['Yes', 'No', 'N/A']],
    ['4:2', ['Compliant', 'Not compliant']],
  ]),
};
const layout: SheetLayout = { sheet: 'S', headerRow: 0, headerRows: 1, header: sheet.rows[0] ?? [], questionColumn: 1, idColumn: 0, answerColumn: 2, commentColumn: 3, choice: '', questions: [] };
const d = (row: number, answer: string, response: string): RowDraft => ({ row, answer, answered: true, response, confidence: 0.8, kind: 'control', citations: ['pci-dss-4.0.1:8.4.2'], review: '', internal: 'trail' });

describe('toAnsweredSheet', () => {
  it('their drop-down gets a value it lists; a value it cannot take goes to their comment column', () => {
    const out = toAnsweredSheet(sheet, layout, [d(1, 'Yes', 'Yes. MFA on every login.'), d(2, 'Acme Ltd', 'Acme Ltd'), d(4, 'Partial', 'Partially.')]);
    expect(out.firstColumn).toBe(4);
    expect(out.rows[0]).toMatchObject({ theirAnswer: 'Yes', theirComment: 'Yes. MFA on every login.' });
    expect(out.rows[1]).toMatchObject({ theirComment: 'Acme Ltd' });
    expect(out.rows[1]?.theirAnswer).toBeUndefined();
    expect(out.rows[2]?.theirAnswer).toBeUndefined();
    expect(out.rows[2]?.srmap.srmap_review).toContain('"Partial" is not in the answer column\'s list (Compliant, Not compliant)');
  });

  it('never overwrites what the customer already wrote', () => {
    const out = toAnsweredSheet(sheet, layout, [d(3, 'No', 'No.')]);
    expect(out.rows[0]?.theirAnswer).toBeUndefined();
    expect(out.rows[0]?.theirComment).toBeUndefined();
    expect(out.rows[0]?.srmap.srmap_review).toContain('Kept the answer already in "Answer": Yes.');
  });

  it('maps verdicts onto the customer\'s own words', () => {
    expect(toAllowedValue('Not applicable', ['Yes', 'No', 'N/A'])).toBe('N/A');
    expect(toAllowedValue('Partial', ['Yes', 'No', 'Partially'])).toBe('Partially');
    expect(toAllowedValue('Yes', ['Compliant', 'Non-compliant'])).toBe('Compliant');
    expect(toAllowedValue('Partial', ['Yes', 'No'])).toBeUndefined();
  });
});
