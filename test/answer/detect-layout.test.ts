import { describe, expect, it } from 'vitest';
import { detectLayout, headerRole, normaliseHeader } from '../../src/answer/detect-layout.js';
import type { MergedRange, QuestionnaireSheet } from '../../src/answer/questionnaire-book.js';
import { SrmapError } from '../../src/domain/errors.js';

const sheet = (rows: string[][], merges: MergedRange[] = []): QuestionnaireSheet => ({ name: 'S', rows, merges, choices: new Map() });

describe('header names, however they are written', () => {
  it.each([
    ['question_text', 'question'],
    ['questionText', 'question'],
    ['Question/Request', 'question'],
    ['Control Question', 'question'],
    ['Requirement', 'question'],
    ['question_id', 'id'],
    ['Ques Num', 'id'],
    ['No.', 'id'],
    ['#', 'id'],
    ['vendorAnswer', 'answer'],
    ['Supplier Response (Yes/No/Partial)', 'answer'],
    ['Yes/No/NA', 'answer'],
    ['Additional Information', 'comment'],
    ['vendor_notes', 'comment'],
    ['Solution Description', 'comment'],
    ['answerType', 'other'],
    ['choices', 'other'],
    ['reviewer_use_only', 'other'],
  ])('%s is %s', (h, role) => {
    expect(headerRole(h)).toBe(role);
  });
  it('normalises snake_case, camelCase and separators alike', () => {
    expect(normaliseHeader('question_text')).toBe(normaliseHeader('questionText'));
    expect(normaliseHeader(' Question-Text ')).toBe('question text');
  });
});

describe('detectLayout', () => {
  it('skips title and instruction rows, reads merged section rows as sections, keeps ids', () => {
    const s = sheet(
      [
        ['Campus Vendor Assessment'],
        ['Complete every question; explain any answer other than Yes in the notes.'],
        [],
        ['question_id', 'question_text', 'vendor_answer', 'vendor_notes'],
        ['Encryption'],
        ['DATA-01', 'Is data encrypted at rest?', '', ''],
        ['DATA-02', 'Is data encrypted in transit?', '', ''],
        ['Access'],
        ['ACCT-01', 'Is MFA required for administrators?', '', ''],
      ],
      [
        { top: 0, left: 0, bottom: 0, right: 3 },
        { top: 4, left: 0, bottom: 4, right: 3 },
        { top: 7, left: 0, bottom: 7, right: 3 },
      ],
    );
    const l = detectLayout(s);
    expect(l).toMatchObject({ headerRow: 3, headerRows: 1, questionColumn: 1, idColumn: 0, answerColumn: 2, commentColumn: 3 });
    expect(l?.questions.map((q) => [q.id, q.section])).toEqual([
      ['DATA-01', 'Encryption'],
      ['DATA-02', 'Encryption'],
      ['ACCT-01', 'Access'],
    ]);
  });

  it('a two-row header: the group label over Answer and Comments, No. and Question merged down', () => {
    const s = sheet(
      [
        ['Due diligence'],
        ['No.', 'Question', 'Vendor Response', ''],
        ['', '', 'Answer', 'Comments'],
        ['G1', 'Policy set reviewed yearly?', '', ''],
      ],
      [
        { top: 1, left: 2, bottom: 1, right: 3 },
        { top: 1, left: 0, bottom: 2, right: 0 },
        { top: 1, left: 1, bottom: 2, right: 1 },
      ],
    );
    const l = detectLayout(s);
    expect(l).toMatchObject({ headerRow: 1, headerRows: 2, header: ['No.', 'Question', 'Answer', 'Comments'], answerColumn: 2, commentColumn: 3 });
    expect(l?.questions).toHaveLength(1);
  });

  it('a column repeating the same long text (answer choices) is not the question; a question in a data row is not a header', () => {
    const rows = [['questionId', 'questionText', 'answerType', 'choices', 'vendorAnswer']];
    for (const [id, q] of [
      ['data_deletion_on_request', 'Can customer data be deleted on request?'],
      ['webapp_waf', 'Is there a WAF in front of the application?'],
      ['authn_mfa', 'Can customers enforce two-factor authentication?'],
    ]) {
      rows.push([id ?? '', q ?? '', 'yesno', 'Yes | No | Not applicable | Partially (explain in the comment field)', '']);
    }
    const l = detectLayout(sheet(rows));
    expect(l).toMatchObject({ headerRow: 0, questionColumn: 1, idColumn: 0, answerColumn: 4 });
  });

  it('without a named question column, the longest varied text column; --question-column finds the header row by name', () => {
    const rows = [['Domain', 'Item text', 'Y/N'], ['Crypto', 'Do you encrypt backups with customer managed keys?', ''], ['Logs', 'Are audit logs retained for one year?', '']];
    expect(detectLayout(sheet(rows))?.questionColumn).toBe(1);
    const titled = [['Title row with words', 'and more'], ['Area', 'Ask'], ['Crypto', 'Do you encrypt backups?']];
    expect(detectLayout(sheet(titled), { question: 'ask' })).toMatchObject({ headerRow: 1, questionColumn: 1 });
    expect(() => detectLayout(sheet([['Question', 'Answer'], ['Is MFA on?', '']]), { question: 'Question', id: 'Ref' })).toThrow(SrmapError);
  });

  it('a one-column list of questions under a "Question" header; a one-cell title is not a header', () => {
    expect(detectLayout(sheet([['Question'], ['Do you encrypt data at rest?'], ['Is MFA enforced?']]))).toMatchObject({ headerRow: 0, questionColumn: 0 });
    expect(detectLayout(sheet([['Security questions for our vendors'], ['Ref', 'Question'], ['1', 'Is MFA enforced?']]))).toMatchObject({ headerRow: 1, questionColumn: 1 });
  });

  it('a sheet with no questions under its header has no layout', () => {
    expect(detectLayout(sheet([['This workbook collects information about your product.'], ['Answer on each tab.']]))).toBeUndefined();
    expect(detectLayout(sheet([['Question', 'Answer']]))).toBeUndefined();
  });
});
