import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackInput } from '../../../src/domain/result.js';
import { toPdfDocument } from '../../../src/render/pdf/to-pdf-document.js';
import { renderPdfBuffer, writePdf } from '../../../src/render/pdf/write-pdf.js';
import { HOSTILE, makePackInput } from '../../fixtures/pack-input.js';
import { readPdf, squash, type OutlineEntry, type ReadPdf } from '../../helpers/read-pdf.js';

let dir: string;
let bytes: Buffer;
let pdf: ReadPdf;
let input: PackInput;

function findPage(needle: string): string {
  const page = pdf.pages.find((p) => p.includes(needle));
  if (!page) throw new Error(`no page contains ${JSON.stringify(needle)}`);
  return page;
}

function titles(entries: readonly OutlineEntry[]): string[] {
  return entries.map((e) => e.title);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'srmap-pdf-'));
  input = makePackInput();
  const file = path.join(dir, 'pack.pdf');
  const written = await writePdf(toPdfDocument(input, { generatedBy: 'srmap test' }), file);
  bytes = await readFile(file);
  expect(written.bytes).toBe(bytes.length);
  pdf = await readPdf(bytes);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the evidence pack PDF, read back as an auditor would', () => {
  it('cites each piece of deciding evidence by its evidence reference', () => {
    const manual = input.refs.entries.find((e) => e.manual?.id === 'ME-001')?.ref as string;
    const rule = input.refs.byRule.get('S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED')?.[0] as string;
    const baa = input.refs.byAgreement.get('agreement-baa-001') as string;
    expect([manual, rule, baa].every((r) => /^EV-\d{4}$/.test(r))).toBe(true);
    const text = pdf.pages.join('\n');
    // Cited where the record is named (a compact entry's line, or a full entry's table cell).
    expect(text).toMatch(new RegExp(`\\(ME-001\\)[^]{0,200}${manual}`));
    expect(pdf.pages.some((p) => p.includes('S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED') && p.includes(rule))).toBe(true);
    expect(text).toContain(baa);
  });

  it('is a PDF with the pack title and dates in its metadata', () => {
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.info.Title).toBe('HIPAA Security Rule 45 CFR Part 164 Subpart C evidence pack: Northwind Health (fictional)');
    expect(pdf.info.Author).toBe('srmap');
    expect(String(pdf.info.CreationDate)).toMatch(/^D:20260331140509/);
    expect(pdf.info.ModDate).toBeUndefined();
  });

  it('has a cover with organisation, framework, as-of date, snapshot, scope and the fictional notice', () => {
    const cover = pdf.pages[0] ?? '';
    for (const s of [
      'Evidence pack',
      'Northwind Health (fictional)',
      'HIPAA Security Rule',
      'U.S. Department of Health and Human Services',
      '2026-03-31 14:05:09 UTC',
      '2026-03-31T140509Z-a1b2c3',
      '111122223333 (prod-workloads)',
      '444455556666 (log-archive)',
      'eu-west-1, eu-west-2',
      'srmap 0.1.0',
      'Fictional organisation',
    ]) {
      expect(squash(cover)).toContain(squash(s));
    }
  });

  it('numbers every page "Page X of Y" with the snapshot id', () => {
    const n = pdf.pages.length;
    expect(n).toBeGreaterThan(5);
    pdf.pages.forEach((p, i) => {
      expect(p).toContain(`Page ${i + 1} of ${n}`);
      expect(p).toContain('Snapshot 2026-03-31T140509Z-a1b2c3');
    });
  });

  it('summarises every status in order, the responsibility split and the collection totals', () => {
    const page = findPage('Requirements by status');
    const labels = ['Met', 'Partial', 'Not met', 'Accepted risk', 'Needs evidence', 'Inherited', 'Not applicable'];
    const at = labels.map((l) => page.indexOf(`${l}\n`) >= 0 ? page.indexOf(`${l}\n`) : page.indexOf(l));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(page).toContain('Inherited (AWS)');
    expect(page).toContain('Shared');
    expect(page).toContain('Customer');
    expect(page).toContain('1,233');
    expect(page).toContain('5 requirements need action');
  });

  it('names every assessable requirement, in the matrix, the detail and the outline (the contents list families)', () => {
    const all = pdf.pages.join('\n');
    const matrix = findPage('Shared-responsibility matrix\n');
    const outlined: string[] = [];
    const walk = (items: typeof pdf.outline) => items.forEach((o) => (outlined.push(o.title), walk(o.items)));
    walk(pdf.outline);
    for (const r of input.result.requirements.filter((x) => x.assessable)) {
      expect(matrix).toContain(r.requirementId);
      expect(all.split(r.requirementId).length - 1).toBeGreaterThanOrEqual(2); // matrix, detail
      expect(outlined.some((title) => title.startsWith(`${r.requirementId}  `))).toBe(true);
    }
  });

  it('shows the responsibility split: what AWS does and what the customer does', () => {
    const matrix = squash(pdf.pages.filter((p) => p.includes('What the customer does')).join(''));
    expect(matrix).toContain(squash('AWS controls physical access to its data centres.'));
    expect(matrix).toContain(squash('The customer enables encryption on every data store and manages key policies.'));
    // Two controls on one requirement: both AWS sentences, once each.
    expect(matrix).toContain(squash('AWS blocks public access for new buckets by default.'));
  });

  it('lists failing resources up to the cap and points to evidence.csv for the rest', () => {
    const all = squash(pdf.pages.join(''));
    for (const id of ['northwind-claims-exports', 'northwind-etl-scratch', 'northwind-imaging-raw', HOSTILE.longArn]) {
      expect(all).toContain(squash(id));
    }
    for (const beyond of ['northwind-lab-results', 'northwind-tmp-01', 'northwind-tmp-02']) {
      expect(all).not.toContain(beyond);
    }
    expect(pdf.pages.join('\n')).toContain('… and 7 more: see evidence.csv');
    expect(all).toContain('db-patient-portal-replica');
    expect(all).toContain(squash('lapsed, not applied: EX-003'));
  });

  it('shows hostile strings as literal text, with control and bidi characters made visible', () => {
    const text = pdf.pages.join('\n');
    expect(text).toContain(HOSTILE.formula);
    expect(text).toContain(HOSTILE.script);
    expect(text).toContain(HOSTILE.template);
    expect(text.replace(/\n/g, '')).toContain('bucket\\u{0000}\\u{001B}[31m\\u{0007}-\\u{202E}evil\\u{202C}-name');
    // eslint-disable-next-line no-control-regex -- asserting control characters are gone
    expect(text).not.toMatch(/[\u0000-\u0008\u001b\u202a-\u202e]/);
  });

  it('cites AWS Artifact reports without embedding them, and lists manual evidence and gaps', () => {
    const text = pdf.pages.join('\n');
    expect(text).toContain('Cited, not embedded: AWS Artifact reports are AWS confidential.');
    expect(text).toContain('report-soc2-2025h2');
    expect(text).toContain('2023-11-01 to 2024-11-01');
    expect(text).toContain('Annual HIPAA risk analysis 2026');
    expect(text).toContain('expired');
    expect(text).toContain('Not recorded in the register');
    const scope = findPage('Scope\nWhat this pack assesses.');
    expect(scope).toContain('AccessDeniedException');
    expect(scope).toContain('config:DescribeConfigRules');
    expect(findPage('Appendix A. Collection scope and gaps\n')).toContain('listed once, under Scope');
    const defs = findPage('Methodology\n');
    expect(squash(defs)).toContain(squash('A failing check is covered by a current, approved exception (risk acceptance).'));
  });

  it('has the front matter an assessor expects: document control, period, sign-off, methodology, population', () => {
    const control = findPage('Document control\n');
    expect(squash(control)).toContain(squash('Built from snapshot 2026-03-31T140509Z-a1b2c3 by srmap'));
    expect(control).toContain('Reviewed by');
    expect(control).toContain('Distribution');
    expect(squash(control)).toContain(squash('Point in time: the estate as collected on 2026-03-31 14:05:09 UTC'));
    const signOff = findPage("Management's assertion and sign-off\n");
    expect(squash(signOff)).toContain(squash('Management of Northwind Health (fictional) asserts that, as of 2026-03-31'));
    expect(signOff.match(/Signature/g)).toHaveLength(2);
    const method = findPage('Methodology\n');
    expect(squash(method)).toContain(squash('Only deciding evidence decides its status.'));
    // Population: each deciding rule with the figures of the evaluation (evidence.rules).
    const population = pdf.pages.filter((p) => p.includes('Deciding rule')).join('\n');
    const deciding = [...new Set(input.result.requirements.flatMap((r) => r.deciding.filter((d) => d.kind === 'rule').map((d) => d.id)))];
    expect(deciding.length).toBeGreaterThan(0);
    for (const id of deciding) {
      const rule = input.evidence.rules.get(id);
      const c = rule?.counts;
      const evaluated = (c?.COMPLIANT ?? 0) + (c?.NON_COMPLIANT ?? 0) + (c?.NOT_APPLICABLE ?? 0) + (c?.INSUFFICIENT_DATA ?? 0);
      const row = new RegExp(`^${id} (\\d+) ([\\d,]+) ([\\d,]+) ([\\d,]+)`, 'm').exec(population);
      expect(row, id).not.toBeNull();
      expect(Number(row?.[2]?.replace(/,/g, '')), id).toBe(evaluated);
      expect(Number(row?.[3]?.replace(/,/g, '')), id).toBe(c?.COMPLIANT ?? 0);
      expect(Number(row?.[4]?.replace(/,/g, '')), id).toBe(c?.NON_COMPLIANT ?? 0);
    }
  });

  it('keeps identifiers whole: an evidence id or an enumeration never breaks inside', () => {
    const lines = pdf.pages.join('\n').split('\n');
    for (const m of input.evidence.manualEvidence) expect(lines.some((l) => l.includes(m.id)), m.id).toBe(true);
    for (const a of input.evidence.artifactAgreements) expect(lines.some((l) => l.includes(a.state)), a.state).toBe(true);
  });

  it('is archival: PDF/A-2b with an sRGB output intent, XMP metadata that parses, /Lang, and the name exactly', async () => {
    const latin = bytes.toString('latin1');
    expect(latin.startsWith('%PDF-1.7')).toBe(true);
    expect(latin).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(latin).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(latin).toMatch(/\/OutputIntents \[\d+ 0 R\]/);
    expect(latin).toContain('/Lang (en-GB)');
    expect(latin).not.toContain('/ModDate');
    // An organisation called "Smith & Sons <Clinics>": the title keeps it, and the XMP packet still parses.
    const named = makePackInput();
    named.evidence.manifest.organisation.name = 'Smith & Sons <Clinics>';
    const doc = await getDocument({ data: new Uint8Array(await renderPdfBuffer(toPdfDocument(named))), isEvalSupported: false, verbosity: 0 }).promise;
    try {
      const meta = await doc.getMetadata();
      expect((meta.info as Record<string, unknown>).Title).toBe('HIPAA Security Rule 45 CFR Part 164 Subpart C evidence pack: Smith & Sons <Clinics>');
      expect(meta.metadata?.get('dc:title')).toBe('HIPAA Security Rule 45 CFR Part 164 Subpart C evidence pack: Smith & Sons <Clinics>');
    } finally {
      await doc.destroy();
    }
  });

  it('says who fixes each gap', () => {
    const page = findPage('Gaps and remediation\n');
    expect(page).toContain('164.308(a)(5)(ii)(A)');
    expect(page).toContain('R: People team');
    expect(page).toContain('A: COO');
    expect(squash(page)).toContain(squash('Write and approve the contingency plan'));
    // Met and accepted-risk requirements are not gaps.
    expect(page).not.toContain('164.308(a)(1)(ii)(A)');
    expect(page).not.toContain('164.312(e)(1)');
  });

  it('has a contents page and a nested outline (bookmarks)', () => {
    const contents = findPage('Contents\n');
    expect(contents).toContain('Gaps and remediation');
    expect(titles(pdf.outline)).toEqual([
      'Document control',
      "Management's assertion and sign-off",
      'Summary',
      'Scope',
      'Methodology',
      'Population',
      'Shared-responsibility matrix',
      'Requirement detail',
      'Gaps and remediation',
      'AWS attestations relied upon',
      'Complementary user entity controls',
      'Exceptions (risk acceptance)',
      'Appendix A. Collection scope and gaps',
      'Appendix B. Evidence inventory',
    ]);
    const detail = pdf.outline.find((o) => o.title === 'Requirement detail');
    expect(titles(detail?.items ?? [])).toEqual(['164.308  Administrative safeguards', '164.310  Physical safeguards', '164.312  Technical safeguards']);
    expect(titles(detail?.items[2]?.items ?? [])).toEqual([
      '164.312(a)(2)(iv)  Encryption and decryption',
      '164.312(b)  Audit controls',
      '164.312(e)(1)  Transmission security',
    ]);
  });

  it('gives the same bytes for the same input', async () => {
    const again = await renderPdfBuffer(toPdfDocument(makePackInput(), { generatedBy: 'srmap test' }));
    expect(again.equals(bytes)).toBe(true);
  });

  it('writes atomically: no temporary file is left behind', async () => {
    expect(await readdir(dir)).toEqual(['pack.pdf']);
  });
});
