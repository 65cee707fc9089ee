import { describe, expect, it } from 'vitest';
import { parseQuestionnaire } from '../../src/answer/parse-questionnaire.js';
import { SrmapError } from '../../src/domain/errors.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16le(s: string, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    out[(bom ? 2 : 0) + i * 2] = c & 0xff;
    out[(bom ? 2 : 0) + i * 2 + 1] = c >> 8;
  }
  return out;
}

describe('parseQuestionnaire', () => {
  it("Excel's Unicode text: UTF-16 LE with BOM, tab-separated, title rows above the header", () => {
    const q = parseQuestionnaire(utf16le('Vendor Security Assessment 2026\t\t\nAcme Corp\t\t\n\t\t\nRef\tQuestion\tResponse\n1.1\tIs data encrypted at rest?\t\n1.2\tIs MFA enforced for administrators?\t\n'), 'q.txt');
    expect(q).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', headerRow: 3, header: ['Ref', 'Question', 'Response'], questionColumn: 1, idColumn: 0 });
    expect(q.choice).toBe('question column "Question" (named like a question, longest text), id column "Ref"');
  });

  it('UTF-8 with BOM, comma-separated, quoted multi-line cells and section rows', () => {
    const q = parseQuestionnaire(utf8('\uFEFF"#","Control question","Answer","Comments"\r\n"","Access control","",""\r\n"A1","Do you review user access\r\nat least quarterly?","",""\r\n"A2","Is SSO used?","",""\r\n'), 'q.csv');
    expect(q).toMatchObject({ encoding: 'utf-8-bom', delimiter: ',', headerRow: 0, questionColumn: 1, idColumn: 0 });
    expect(q.rows[2]?.[1]).toBe('Do you review user access\r\nat least quarterly?');
    expect(q.rows).toHaveLength(4);
  });

  it('semicolon CSV without BOM, no id column; the longest text column is the question', () => {
    const q = parseQuestionnaire(utf8('Domain;Item;Yes/No\nCrypto;Do you encrypt backups with customer managed keys?;\nLogging;Are audit logs retained for one year?;\n'), 'q.csv');
    expect(q).toMatchObject({ delimiter: ';', questionColumn: 1 });
  });

  it('columns can be named explicitly; an unknown name is an error that lists the header', () => {
    const bytes = utf8('A,B,C\nx,Is data backed up daily?,\n');
    expect(parseQuestionnaire(bytes, 'q.csv', { question: 'b', id: 'A' })).toMatchObject({ questionColumn: 1, idColumn: 0 });
    const err = (() => {
      try {
        parseQuestionnaire(bytes, 'q.csv', { question: 'Query' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(SrmapError);
    expect((err as SrmapError).hint).toContain('"A", "B", "C"');
  });

  it('UTF-16 without a BOM is recognised; a file with no rows under the header is an error', () => {
    expect(parseQuestionnaire(utf16le('No\tQuestion\n1\tIs there a pen test every year?\n', false), 'q.txt').encoding).toBe('utf-16le');
    expect(() => parseQuestionnaire(utf8('Question,Answer\n'), 'q.csv')).toThrow(/no question rows/);
  });
});
