import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SrmapError } from '../../src/domain/errors.js';
import { readQuestionnaire } from '../../src/pipeline/read-questionnaire.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-read-q-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const p = join(work, name);
  await writeFile(p, content);
  return p;
}

async function failure(path: string, override = {}): Promise<SrmapError> {
  try {
    await readQuestionnaire(path, path, override);
  } catch (e) {
    if (e instanceof SrmapError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('readQuestionnaire says what is wrong with a file it cannot read', () => {
  it.each([
    ['missing', async () => join(work, 'missing.xlsx'), 'QUESTIONNAIRE_NOT_FOUND', /no such file/],
    ['a folder', async () => {
      await mkdir(join(work, 'folder'), { recursive: true });
      return join(work, 'folder');
    }, 'QUESTIONNAIRE_NOT_A_FILE', /is a folder/],
    ['empty', async () => file('empty.csv', ''), 'QUESTIONNAIRE_EMPTY', /is empty/],
    ['white space and a BOM only', async () => file('blank.csv', '\uFEFF \r\n\r\n'), 'QUESTIONNAIRE_EMPTY', /is empty/],
    ['binary', async () => file('blob.dat', Buffer.from([0x00, 0x01, 0x02, 0x7f, 0x00])), 'QUESTIONNAIRE_FORMAT', /binary file/],
    ['an .xls', async () => file('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), 'QUESTIONNAIRE_FORMAT', /Excel 97-2003/],
    ['a PDF', async () => file('q.pdf', '%PDF-1.7\n%\u00e2\u00e3\n'), 'QUESTIONNAIRE_FORMAT', /is a PDF/],
    ['no question column', async () => file('numbers.csv', 'a,b\n1,2\n3,4\n'), 'QUESTIONNAIRE_NO_QUESTIONS', /no sheet has a column of questions/],
  ])('%s', async (_what, make, code, message) => {
    const e = await failure(await make());
    expect(e.code).toBe(code);
    expect(e.kind).toBe('input');
    expect(e.message).toMatch(message);
    expect(e.hint).toBeTruthy();
  });

  it('a sheet without questions is skipped and named; the first rows seen are quoted when none has questions', async () => {
    const e = await failure(await file('odd.csv', 'Name,Value\nfoo,1\n'));
    expect(e.hint).toContain('"Name", "Value"');
    const ok = await readQuestionnaire(await file('q.csv', 'Ref,Question,Answer\n1,Is data encrypted at rest?,\n'), 'q.csv');
    expect(ok.layouts).toHaveLength(1);
    expect(ok.book.format).toBe('csv');
  });
});

describe('a questionnaire far beyond any real one', () => {
  it('is refused before any work, saying to split it', async () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => `Q${i},Is data encrypted at rest?`).join('\n');
    const e = await failure(await file('huge.csv', `ID,Question\n${rows}\n`));
    expect(e.code).toBe('QUESTIONNAIRE_TOO_LARGE');
    expect(e.message).toContain('20,001 rows');
    expect(e.hint).toMatch(/Split/);
  });
});
