/** srmap answer as a compliance officer runs it: a customer's spreadsheet in, the same spreadsheet with drafts out. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAnswerQuality, README_MARKERS } from '../../src/tools/answer-quality.js';
import { REPO_ROOT, runSrmap, timeoutFor } from '../helpers/run-srmap.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'srmap-answer-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function utf16le(s: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
}

describe('srmap answer', () => {
  it('keeps every original row and column, adds the srmap columns, and cites evidence or says what is missing', async () => {
    const out = join(work, 'labelled-answered.csv');
    const r = await runSrmap(['answer', join(REPO_ROOT, 'evidence', 'questionnaires', 'labelled-set.csv'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('question column "question"');
    expect(r.stdout).toMatch(/85 questions: \d+ answered, \d+ need review/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(out);
    const bytes = await readFile(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const original = parse(await readFile(join(REPO_ROOT, 'evidence', 'questionnaires', 'labelled-set.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const rows = parse(bytes.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((x) => x.id)).toEqual(original.map((x) => x.id));
    expect(Object.keys(rows[0] ?? {})).toEqual([...Object.keys(original[0] ?? {}), 'srmap_answer', 'srmap_explanation', 'srmap_confidence', 'srmap_requirements', 'srmap_controls', 'srmap_evidence']);
    for (const row of rows) {
      expect(['Yes', 'No', 'Partial', 'Not applicable', 'Needs review']).toContain(row.srmap_answer);
      const confidence = Number(row.srmap_confidence);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
      // Every answer cites evidence, or says what is missing.
      expect(row.srmap_evidence !== '' || /Missing|To review/.test(row.srmap_explanation ?? ''), row.id).toBe(true);
      if (row.srmap_answer !== 'Needs review') expect(confidence).toBeGreaterThanOrEqual(0.45);
      for (const ref of (row.srmap_requirements ?? '').split(';').filter(Boolean)) expect(ref).toMatch(/^(hipaa-security|pci-dss-4\.0\.1|soc2-2017|iso27001-2022):\S+$/);
    }
    const q4 = rows.find((x) => x.id === 'Q004');
    expect(q4?.srmap_controls).toContain('multi-factor-authentication');
    expect(q4?.srmap_evidence).toMatch(/MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS \d+\/\d+ compliant/);
    expect(rows.find((x) => x.id === 'Q069')?.srmap_requirements?.split(';')[0]).toBe('pci-dss-4.0.1:8.4.2');
  });

  it("reads Excel's Unicode text with title and section rows; reuses an approved answer; output is formula-safe", async () => {
    const input = join(work, 'vendor.txt');
    await writeFile(input, utf16le('Acme Vendor Security Review\t\t\nConfidential\t\t\nNo.\tQuestion\tVendor response\nSection A: Access\t\t\nA1\t=HYPERLINK("http://x","Is MFA enforced for all admin access?")\t\nA2\tDo you review user access quarterly?\t\n'));
    const library = join(work, 'approved.csv');
    await writeFile(library, 'question,answer,explanation\n"Do you review user access every quarter?",Yes,"Quarterly privileged access reviews, signed off by the CISO."\n');
    const out = join(work, 'vendor-answered.csv');
    const r = await runSrmap(['answer', input, '--out', out, '--library', library]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 approved answers reused');
    const rows = parse((await readFile(out)).toString('utf8'), { bom: true, relax_column_count: true }) as string[][];
    expect(rows.map((x) => x[0])).toEqual(['Acme Vendor Security Review', 'Confidential', 'No.', 'Section A: Access', 'A1', 'A2']);
    expect(rows[2]?.slice(3)).toEqual(['srmap_answer', 'srmap_explanation', 'srmap_confidence', 'srmap_requirements', 'srmap_controls', 'srmap_evidence']);
    expect(rows[3]?.slice(3).every((c) => c === '')).toBe(true);
    expect(rows[4]?.[1]?.startsWith("'=HYPERLINK")).toBe(true);
    expect(rows[5]?.[3]).toBe('Yes');
    expect(rows[5]?.[4]).toContain('Approved answer reused');
  });

  it('an unknown --question-column is exit 2 with the header listed', async () => {
    const r = await runSrmap(['answer', join(REPO_ROOT, 'evidence', 'questionnaires', 'labelled-set.csv'), '--question-column', 'Ask', '--out', join(work, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"question"');
  });
});

describe('answer quality', () => {
  it('the README figures are what npm run answer-quality prints', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const [start, end] = README_MARKERS;
    const block = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
    expect(block).toBe((await computeAnswerQuality()).trim());
  }, timeoutFor(3));
});
