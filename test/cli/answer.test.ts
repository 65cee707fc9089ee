/** srmap answer as a compliance officer runs it: the customer's workbook in, a copy with drafts out. */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SRMAP_COLUMNS } from '../../src/answer/to-answered-rows.js';
import { REPO_ROOT, runSrmap, timeoutFor, runSrmapInProcess } from '../helpers/run-srmap.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-answer-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const sha = async (p: string) => createHash('sha256').update(await readFile(p)).digest('hex');

describe('srmap answer on a workbook', () => {
  it('writes a copy of their workbook (their cells kept, answers in their columns, srmap columns beside) and a CSV, the same bytes every run, and warns the sample is fictional', async () => {
    const input = join(work, 'campus.xlsx');
    await copyFile(join(REPO_ROOT, 'evidence', 'questionnaires', 'campus-vendor-assessment.xlsx'), input);
    const before = await sha(input);
    const r = await runSrmap(['answer', input]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: these answers speak for Northwind Clinics & Payments \(fictional\), the fictional sample organisation/m);
    expect(r.stderr).toContain('sheet "Data Security": header on row 4');
    expect(r.stderr).toContain('no questions on: "Instructions"');
    expect(r.stdout).toMatch(/79 questions: \d+ drafted, \d+ need review \(1 rows are not questions: left blank\)/);
    const [xlsx, csv] = r.stdout.trim().split('\n').slice(-2);
    expect(xlsx).toBe(join(work, 'campus-answered.xlsx'));
    expect(csv).toBe(join(work, 'campus-answered.csv'));
    expect(await sha(input)).toBe(before);
    const first = [await sha(xlsx ?? ''), await sha(csv ?? '')];
    expect((await runSrmapInProcess(['answer', input, '--quiet'])).code).toBe(0);
    expect([await sha(xlsx ?? ''), await sha(csv ?? '')]).toEqual(first);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx ?? '');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Vendor Profile', 'Data Security', 'Access Control', 'Application Security', 'Operations', 'Governance']);
    const ws = wb.getWorksheet('Vendor Profile');
    expect(ws?.getCell('A1').isMerged).toBe(true);
    expect(ws?.getCell('A1').value).toBe('Campus Vendor Security Assessment');
    expect((ws?.getRow(4).values as unknown[]).slice(1)).toEqual(['question_id', 'question_text', 'vendor_answer', 'vendor_notes', 'reviewer_use_only', ...SRMAP_COLUMNS]);
    const rowOf = (id: string) => {
      let found: ExcelJS.Row | undefined;
      ws?.eachRow((row) => {
        if (row.getCell(1).value === id) found = row;
      });
      return found;
    };
    // A fact that a Yes/No/N/A list cannot take goes to their notes column; a yes / no fact to their answer column.
    expect(rowOf('VEND-01')?.getCell(3).value ?? null).toBeNull();
    expect(rowOf('VEND-01')?.getCell(4).value).toBe('Northwind Clinics & Payments, Inc. (fictional)');
    expect(rowOf('HOST-05')?.getCell(3).value).toBe('Yes');
    expect(rowOf('HOST-05')?.getCell(3).dataValidation?.formulae).toEqual(['"Yes,No,N/A"']);

    const rows = parse(await readFile(csv ?? ''), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(['sheet', 'row', 'id', 'question', ...SRMAP_COLUMNS]);
    for (const row of rows) {
      // The customer's voice never carries account ids, rule identifiers or collection jargon.
      expect(row.srmap_response).not.toMatch(/\b\d{12}\b|[A-Z0-9]{3,}_[A-Z0-9_]{3,}|NON_COMPLIANT|INSUFFICIENT_DATA|needs-evidence|not collected|gap/);
      if (row.srmap_answer === 'Needs review') expect(row.srmap_review).not.toBe('');
      for (const ref of (row.srmap_citations ?? '').split('; ').filter(Boolean)) expect(ref).toMatch(/^(hipaa-security|pci-dss-4\.0\.1|soc2-2017|iso27001-2022|nist-csf-2\.0):\S+$/);
    }
    const plaintext = rows.find((x) => x.id === 'ACCT-07');
    expect(plaintext?.srmap_kind).toBe('control (negative)');
    expect(rows.find((x) => x.id === 'VEND-01')?.srmap_citations).toBe('');
    expect(new Set(rows.map((x) => (x.srmap_citations ?? '').split('; ').filter(Boolean).length)).size).toBeGreaterThan(2);
  }, timeoutFor(10));
});

function utf16le(s: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
}

describe('srmap answer on exported text', () => {
  it("reads Excel's Unicode text, keeps every row, reuses an approved answer with its owner, and neutralises formulas", async () => {
    const input = join(work, 'vendor.txt');
    await writeFile(input, utf16le('Acme Vendor Security Review\t\t\r\nConfidential\t\t\r\nNo.\tQuestion\tVendor response\r\nSection A: Access\t\t\r\nA1\t=HYPERLINK("http://x","Is MFA enforced for all admin access?")\t\r\nA2\tDo you review user access quarterly?\t\r\n'));
    const library = join(work, 'approved.csv');
    await writeFile(library, 'question,answer,response,owner,reviewed_on\n"Do you review user access every quarter?",Yes,"Quarterly privileged access reviews, signed off by the CISO.","CISO (Dana Whitfield)",2026-08-01\n');
    const out = join(work, 'vendor-out.csv');
    const r = await runSrmapInProcess(['answer', input, '--out', out, '--library', library]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 approved answers reused');
    expect(r.stdout.trim().split('\n').at(-1)).toBe(out);
    const rows = parse(await readFile(out), { bom: true, relax_column_count: true }) as string[][];
    expect(rows.map((x) => x[0])).toEqual(['Acme Vendor Security Review', 'Confidential', 'No.', 'Section A: Access', 'A1', 'A2']);
    expect(rows[2]?.slice(3)).toEqual([...SRMAP_COLUMNS]);
    expect(rows[3]?.slice(3).every((c) => c === '')).toBe(true);
    expect(rows[4]?.[1]?.startsWith("'=HYPERLINK")).toBe(true);
    expect(rows[5]?.[2]).toBe('Yes');
    expect(rows[5]?.[3]).toBe('Yes');
    expect(rows[5]?.[9]).toContain('approved by CISO (Dana Whitfield), last reviewed 2026-08-01');
  }, timeoutFor(5));
});

describe('srmap answer in a working folder', () => {
  it("cites the frameworks of its srmap.yaml, as report takes them, and --framework overrides them", async () => {
    const ws = join(work, 'hipaa-only');
    expect((await runSrmapInProcess(['init', ws, '--framework', 'hipaa-security'])).code).toBe(0);
    const input = join(ws, 'q.csv');
    await writeFile(input, 'Question\nIs data encrypted at rest?\nIs MFA enforced for all admin access?\nDo you review user access quarterly?\nAre audit logs retained and reviewed?\n');
    const cited = async (args: string[]) => {
      const r = await runSrmapInProcess(['answer', input, '--quiet', ...args], { cwd: ws });
      expect(r.code, r.stderr).toBe(0);
      const rows = parse(await readFile(join(ws, 'q-answered.csv')), { bom: true, columns: true }) as Record<string, string>[];
      return new Set(rows.flatMap((x) => (x.srmap_citations ?? '').split('; ').filter(Boolean).map((c) => c.split(':')[0])));
    };
    expect(await cited([])).toEqual(new Set(['hipaa-security']));
    expect(await cited(['--framework', 'pci-dss-4.0.1'])).toEqual(new Set(['pci-dss-4.0.1']));
  }, timeoutFor(6));
});

describe('inputs that fail cleanly: exit 2, what, where, what to do, nothing written', () => {
  it('a missing file: exit 2 before anything is loaded, what and what to do, no stack trace', async () => {
    const r = await runSrmapInProcess(['answer', join(work, 'nope.xlsx'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/QUESTIONNAIRE_NOT_FOUND.*nope\.xlsx: no such file/s);
    expect(r.stderr).toMatch(/hint: Check the path/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a workbook with no question column: exit 2 naming what was seen and the flag to use; nothing written', async () => {
    const input = await writeAndReturn('numbers.csv', 'a,b\n1,2\n3,4\n');
    const before = new Set(await readdir(join(work, 'inputs')));
    const r = await runSrmapInProcess(['answer', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/QUESTIONNAIRE_NO_QUESTIONS/);
    expect(r.stderr).toMatch(/--question-column/);
    expect((await readdir(join(work, 'inputs'))).filter((f) => !before.has(f))).toEqual([]);
  });

  it('an --out that names the questionnaire itself is refused', async () => {
    const input = await writeAndReturn('self.csv', 'Question,Answer\nIs MFA on?,\n');
    const r = await runSrmapInProcess(['answer', input, '--out', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('srmap never overwrites what it reads');
    expect(await readFile(input, 'utf8')).toBe('Question,Answer\nIs MFA on?,\n');
  });

  it('a file at the output path that srmap did not write is kept: exit 2', async () => {
    const input = await writeAndReturn('theirs.csv', 'Question,Answer\nIs MFA on?,\n');
    const mine = join(work, 'inputs', 'theirs-answered.csv');
    await writeFile(mine, 'my own notes\n');
    const r = await runSrmapInProcess(['answer', input, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/OUT_NOT_REPLACEABLE.*is not a file srmap wrote/s);
    expect(await readFile(mine, 'utf8')).toBe('my own notes\n');
  }, timeoutFor(3));

  it('an unknown --question-column is exit 2 naming the column', async () => {
    const r = await runSrmapInProcess(['answer', join(REPO_ROOT, 'evidence', 'questionnaires', 'retail-supplier-questionnaire.csv'), '--question-column', 'Ask', '--out', join(work, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no sheet has a column named "Ask"');
  });
});

async function writeAndReturn(name: string, content: string | Buffer): Promise<string> {
  const dir = join(work, 'inputs');
  await mkdir(dir, { recursive: true });
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}
