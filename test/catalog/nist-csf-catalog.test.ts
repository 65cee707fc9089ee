/**
 * NIST CSF 2.0 as shipped: the whole Core (6 Functions, 22 Categories, 106 Subcategories) with
 * NIST's identifiers, mapped with deciding evidence only where a rule tests the outcome, and
 * written as a user's framework file is (it loads as an overlay the same way).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, readCatalog } from '../../src/catalog/load-catalog.js';
import { toRequirementEvidence } from '../../src/domain/requirement-evidence.js';
import { FRAMEWORKS_DIR } from './helpers.js';

const catalog = await loadCatalog();
const csf = catalog.frameworks.find((f) => f.id === 'nist-csf-2.0')!;

/** The CSF 2.0 Core (NIST CSWP 29): each Category and the numbers of its Subcategories. */
const CORE: Record<string, Record<string, string>> = {
  GV: { 'GV.OC': '01-05', 'GV.RM': '01-07', 'GV.RR': '01-04', 'GV.PO': '01-02', 'GV.OV': '01-03', 'GV.SC': '01-10' },
  ID: { 'ID.AM': '01 02 03 04 05 07 08', 'ID.RA': '01-10', 'ID.IM': '01-04' },
  PR: { 'PR.AA': '01-06', 'PR.AT': '01-02', 'PR.DS': '01 02 10 11', 'PR.PS': '01-06', 'PR.IR': '01-04' },
  DE: { 'DE.CM': '01 02 03 06 09', 'DE.AE': '02 03 04 06 07 08' },
  RS: { 'RS.MA': '01-05', 'RS.AN': '03 06 07 08', 'RS.CO': '02 03', 'RS.MI': '01 02' },
  RC: { 'RC.RP': '01-06', 'RC.CO': '03 04' },
};
const numbers = (spec: string): string[] => {
  const range = /^(\d\d)-(\d\d)$/.exec(spec);
  if (!range) return spec.split(' ');
  const out: string[] = [];
  for (let i = Number(range[1]); i <= Number(range[2]); i++) out.push(String(i).padStart(2, '0'));
  return out;
};

describe('NIST CSF 2.0', () => {
  it('holds the whole Core in its order: 6 Functions, 22 Categories, 106 Subcategories, each under its parent', () => {
    const expected: [string, string | undefined][] = [];
    for (const [fn, categories] of Object.entries(CORE)) {
      expected.push([fn, undefined]);
      for (const [cat, subs] of Object.entries(categories)) {
        expected.push([cat, fn]);
        for (const n of numbers(subs)) expected.push([`${cat}-${n}`, cat]);
      }
    }
    expect(csf.requirements.map((r) => [r.id, r.parent])).toEqual(expected);
    const assessable = csf.requirements.filter((r) => r.assessable);
    expect([Object.keys(CORE).length, csf.requirements.filter((r) => !r.assessable).length - 6, assessable.length]).toEqual([6, 22, 106]);
    expect(assessable.every((r) => /^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d\d$/.test(r.id))).toBe(true);
  });

  it('decides by rules only where one tests the outcome, at most 25 each, and says so where none does', () => {
    const assessable = csf.requirements.filter((r) => r.assessable);
    const byRules = assessable.map((r) => ({ r, ev: toRequirementEvidence(catalog, r) }));
    expect(byRules.filter(({ ev }) => ev.rules.length > 25).map(({ r }) => r.id)).toEqual([]);
    expect(byRules.filter(({ ev }) => ev.rules.length + ev.manual.length + ev.attestations.length === 0).map(({ r }) => r.id)).toEqual([]);
    const silent = byRules.filter(({ r, ev }) => ev.rules.length === 0 && !/manual evidence|attestations/.test(r.mappingNotes ?? '')).map(({ r }) => r.id);
    expect(silent).toEqual([]);
    // Govern is a programme: no Config rule decides any of its outcomes.
    expect(byRules.filter(({ r, ev }) => r.id.startsWith('GV.') && ev.rules.length > 0).map(({ r }) => r.id)).toEqual([]);
    // Pinned: the Subcategories a rule decides (a change shows in review).
    expect(byRules.filter(({ ev }) => ev.rules.length > 0).map(({ r }) => r.id)).toEqual([
      'ID.AM-01', 'ID.AM-08', 'ID.RA-01', 'PR.AA-01', 'PR.AA-03', 'PR.AA-05', 'PR.DS-01', 'PR.DS-02', 'PR.DS-10', 'PR.DS-11',
      'PR.PS-01', 'PR.PS-02', 'PR.PS-04', 'PR.PS-06', 'PR.IR-01', 'PR.IR-03', 'PR.IR-04', 'DE.CM-01', 'DE.CM-03', 'DE.CM-09',
      'DE.AE-02', 'DE.AE-03', 'DE.AE-06', 'RS.AN-07',
    ]);
  });

  it('is a framework file a user could write: laid as an overlay over a catalog without it, it gives the same framework', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'srmap-csf-base-'));
    const overlay = await mkdtemp(path.join(tmpdir(), 'srmap-csf-overlay-'));
    try {
      await cp(FRAMEWORKS_DIR, base, { recursive: true, filter: (src) => path.basename(src) !== 'nist-csf-2.0.yaml' });
      await cp(path.join(FRAMEWORKS_DIR, 'nist-csf-2.0.yaml'), path.join(overlay, 'nist-csf-2.0.yaml'));
      const result = await readCatalog(base, [overlay]);
      expect(result.problems).toEqual([]);
      expect(result.catalog?.frameworks.find((f) => f.id === 'nist-csf-2.0')).toEqual(csf);
      expect(result.catalog?.changes).toEqual([{ kind: 'framework', id: 'nist-csf-2.0', change: 'added', file: expect.stringMatching(/nist-csf-2\.0\.yaml$/) as unknown }]);
    } finally {
      await Promise.all([rm(base, { recursive: true, force: true }), rm(overlay, { recursive: true, force: true })]);
    }
  });
});
