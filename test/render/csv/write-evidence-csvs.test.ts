/**
 * evidence.csv written from batches of results, in this thread or in worker threads: the same bytes
 * either way (and as one row at a time through writeCsv), each row's in_scope from its batch's
 * flags, and the same digest of each file's in-scope rows (what the HTML page shows); the side file
 * of in-scope failing rows holds those lines of evidence.csv, up to its cap; an abort or a failure
 * leaves no file behind.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExceptionMatcher } from '../../../src/domain/exceptions.js';
import type { EvaluationRecord, ExceptionRecord } from '../../../src/domain/snapshot.js';
import { readAll, readManifest, readRecords } from '../../../src/store/read-snapshot.js';
import { EVIDENCE_COLUMNS, toEvidenceRow } from '../../../src/render/csv/to-csv-tables.js';
import { writeCsv } from '../../../src/render/csv/write-csv.js';
import { createEvidenceDigest, type EvidenceDigest } from '../../../src/render/evidence-digest.js';
import type { EvidenceBatch, EvidenceCsvPlan } from '../../../src/render/csv/evidence-csv.js';
import { addToTally, createRuleRefLookup, toEvidenceRefs, toRuleRefPlan, type EvidenceTally, type RuleRefPlan } from '../../../src/domain/evidence-refs.js';
import { evidenceCsvThreads, writeEvidenceCsvs } from '../../../src/render/csv/write-evidence-csvs.js';

const SAMPLE = path.join(import.meta.dirname, '..', '..', '..', 'evidence', 'sample');
const DAY = '2026-09-30';

let dir: string;
let records: EvaluationRecord[];
let exceptions: ExceptionRecord[];
let refs: RuleRefPlan;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'srmap-evidence-csv-'));
  const manifest = await readManifest(SAMPLE);
  records = [];
  for await (const r of readRecords(SAMPLE, manifest, 'evaluations')) records.push(r);
  exceptions = await readAll(SAMPLE, manifest, 'exceptions');
  // The run's references, with one deployed rule left out: its results are cited as a piece met in the results.
  const configRules = (await readAll(SAMPLE, manifest, 'configRules')).filter((r) => r.ruleName !== orphanRule());
  refs = toRuleRefPlan(toEvidenceRefs({ configRules, manualEvidence: [], artifactReports: [], artifactAgreements: [] }));
});
const orphanRule = () => (records[5] as EvaluationRecord).ruleName;
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rule = (i: number) => (records[i] as EvaluationRecord).sourceIdentifier;
/** Two frameworks of different scopes: `a` holds every result, `b` every third. */
function plan(sub: string): EvidenceCsvPlan {
  return {
    targets: [
      { frameworkId: 'fw-a', file: path.join(dir, sub, 'a.csv'), scopeKey: '*', index: { deciding: [[rule(0), 'A.1;A.2']], supporting: [[rule(1), 'A.3']] }, failing: { file: path.join(dir, sub, 'a-failing.csv'), cap: 1_000_000 } },
      { frameworkId: 'fw-b', file: path.join(dir, sub, 'b.csv'), scopeKey: 'b', index: { deciding: [[rule(1), 'B.1']], supporting: [] }, failing: { file: path.join(dir, sub, 'b-failing.csv'), cap: FAILING_CAP_B } },
    ],
    exceptions,
    day: DAY,
    refs,
  };
}
const inB = (i: number) => i % 3 === 0;
/** Fewer than fw-b's in-scope failing rows: its side file stops there. */
const FAILING_CAP_B = 20;
/** The results in batches of 500, with each scope's flags. */
function batches(): EvidenceBatch[] {
  const out: EvidenceBatch[] = [];
  for (let start = 0; start < records.length; start += 500) {
    const slice = records.slice(start, start + 500);
    out.push({ records: slice, inScope: new Map([['*', new Uint8Array(slice.length).fill(1)], ['b', Uint8Array.from(slice, (_, i) => (inB(start + i) ? 1 : 0))]]) });
  }
  return out;
}

describe('writeEvidenceCsvs', () => {
  it('writes the same bytes and digests in this thread, in one worker and in two, as writeCsv and the digest given every row', async () => {
    const { mkdir } = await import('node:fs/promises');
    const matcher = createExceptionMatcher(exceptions, DAY);
    await mkdir(path.join(dir, 'expected'));
    const p = plan('expected');
    const lookup = createRuleRefLookup(refs);
    const cited = records.map((r) => lookup.refOf(r));
    expect(lookup.orphans.length).toBeGreaterThan(0);
    const tallies: EvidenceTally[] = [];
    const digests: EvidenceDigest[] = [];
    const failingRows: number[] = [];
    for (const [t, target] of p.targets.entries()) {
      const index = { deciding: new Map(target.index.deciding), supporting: new Map(target.index.supporting) };
      const tally: EvidenceTally = new Map();
      const rows = records.map((r, i) => toEvidenceRow(target.frameworkId, r, index, matcher, t === 0 || inB(i), cited[i] as string));
      rows.forEach((row, i) => addToTally(tally, cited[i] as string, records[i]?.complianceType ?? 'COMPLIANT', t === 0 || inB(i), row[10] !== '', i + 1));
      tallies.push(tally);
      const digest = createEvidenceDigest(EVIDENCE_COLUMNS);
      for (const row of rows) digest.add(row);
      digests.push(digest.result());
      await writeCsv(target.file, EVIDENCE_COLUMNS, rows);
      const failing = rows.filter((row) => row[7] === 'NON_COMPLIANT' && row[12] === 'true').slice(0, target.failing?.cap);
      failingRows.push(failing.length);
      await writeCsv(target.failing?.file as string, EVIDENCE_COLUMNS, failing);
    }
    expect(failingRows[0]).toBeGreaterThan(FAILING_CAP_B);
    expect(failingRows[1]).toBe(FAILING_CAP_B);
    const inScopeOf = (d: EvidenceDigest) => d.rules.reduce((n, r) => n + r.counts.COMPLIANT + r.counts.NON_COMPLIANT + r.counts.NOT_APPLICABLE + r.counts.INSUFFICIENT_DATA, 0);
    expect(inScopeOf(digests[0] as EvidenceDigest)).toBe(records.length);
    expect(inScopeOf(digests[1] as EvidenceDigest)).toBe(records.filter((_, i) => inB(i)).length);
    expect(digests[0]?.failing.length).toBe(records.filter((r) => r.complianceType === 'NON_COMPLIANT').length);
    const expected = [await readFile(p.targets[0]?.file as string), await readFile(p.targets[1]?.file as string)];
    const expectedFailing = await Promise.all(p.targets.map((t) => readFile(t.failing?.file as string)));
    expect(expected[0]?.toString('utf8')).toContain(',A.1;A.2,true,');
    expect(expected[1]?.toString('utf8')).toContain(',false,');

    for (const threads of [0, 1, 2]) {
      const sub = `threads-${threads}`;
      await mkdir(path.join(dir, sub));
      const writer = writeEvidenceCsvs(plan(sub), threads);
      for (const b of batches()) await writer.write(b);
      const written = await writer.close();
      expect(written.targets.map((t) => t.rows)).toEqual([records.length, records.length]);
      expect(written.targets.map((t) => t.failing)).toEqual(failingRows);
      expect(written.targets.map((t) => t.tally), sub).toEqual(tallies);
      expect(written.targets.map((t) => t.digest), sub).toEqual(digests);
      expect(written.orphans, sub).toEqual(lookup.orphans);
      const got = await Promise.all(plan(sub).targets.map((t) => readFile(t.file)));
      expect(got[0]?.equals(expected[0] as Buffer), `${sub} a.csv`).toBe(true);
      expect(got[1]?.equals(expected[1] as Buffer), `${sub} b.csv`).toBe(true);
      // Each file's sha256 and size as written: what reading it again gives.
      expect(written.targets.map((t) => t.written), sub).toEqual(got.map((b) => ({ sha256: createHash('sha256').update(b as Buffer).digest('hex'), bytes: b?.length })));
      const gotFailing = await Promise.all(plan(sub).targets.map((t) => readFile(t.failing?.file as string)));
      expect(gotFailing[0]?.equals(expectedFailing[0] as Buffer), `${sub} a-failing.csv`).toBe(true);
      expect(gotFailing[1]?.equals(expectedFailing[1] as Buffer), `${sub} b-failing.csv`).toBe(true);
      expect((await readdir(path.join(dir, sub))).sort()).toEqual(['a-failing.csv', 'a.csv', 'b-failing.csv', 'b.csv']);
    }
  });

  it('leaves nothing behind when aborted, in this thread or in workers', async () => {
    const { mkdir } = await import('node:fs/promises');
    for (const threads of [0, 2]) {
      const sub = `abort-${threads}`;
      await mkdir(path.join(dir, sub));
      const writer = writeEvidenceCsvs(plan(sub), threads);
      await writer.write(batches()[0] as EvidenceBatch);
      await writer.abort();
      expect(await readdir(path.join(dir, sub)), sub).toEqual([]);
    }
  });

  it('fails a batch that lacks a framework\'s scope flags, from a worker as in this thread', async () => {
    const { mkdir } = await import('node:fs/promises');
    for (const threads of [0, 1]) {
      const sub = `fail-${threads}`;
      await mkdir(path.join(dir, sub));
      const writer = writeEvidenceCsvs(plan(sub), threads);
      const bad = { records: records.slice(0, 10), inScope: new Map([['*', new Uint8Array(10).fill(1)]]) };
      const failed = (async () => {
        await writer.write(bad);
        // A worker reports its failure with the next message it answers.
        await writer.close();
      })();
      await expect(failed, sub).rejects.toThrow(/no scope flags/);
      await writer.abort();
      expect(await readdir(path.join(dir, sub)), sub).toEqual([]);
    }
  });

  it('writes in this thread unless SRMAP_CSV_THREADS asks for threads, at most one per framework', () => {
    expect(evidenceCsvThreads(4, {})).toBe(0);
    expect(evidenceCsvThreads(4, { SRMAP_CSV_THREADS: '' })).toBe(0);
    expect(evidenceCsvThreads(4, { SRMAP_CSV_THREADS: '0' })).toBe(0);
    expect(evidenceCsvThreads(4, { SRMAP_CSV_THREADS: '2' })).toBe(2);
    expect(evidenceCsvThreads(4, { SRMAP_CSV_THREADS: '9' })).toBe(4);
    expect(evidenceCsvThreads(4, { SRMAP_CSV_THREADS: 'x' })).toBe(0);
  });
});
