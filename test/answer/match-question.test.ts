import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { buildMatchIndex, ControlTermsSchema, VocabularySchema, type MatchIndex } from '../../src/answer/match-question.js';

let index: MatchIndex;
beforeAll(async () => {
  const catalog = await loadCatalog();
  const vocab = VocabularySchema.parse(parse(await readFile('frameworks/vocabulary/synonyms.yaml', 'utf8')));
  const terms = ControlTermsSchema.parse(parse(await readFile('frameworks/vocabulary/control-terms.yaml', 'utf8')));
  index = buildMatchIndex(catalog, vocab, terms);
});

const top3 = (q: string, fw: string) => (index.match(q).byFramework.get(fw) ?? []).slice(0, 3).map((r) => r.requirementId);

describe('explicit references come first, exactly as the standards write them', () => {
  it.each([
    ['Describe your use of cryptography (ISO 27001 A.8.24)', 'iso27001-2022', 'A.8.24'],
    ['How do you meet CC6.1?', 'soc2-2017', 'CC6.1'],
    ['PCI DSS 8.4.2 - MFA into the CDE', 'pci-dss-4.0.1', '8.4.2'],
    ['Requirement 11.3.2: quarterly ASV scans', 'pci-dss-4.0.1', '11.3.2'],
    ['Audit controls per 164.312(b)', 'hipaa-security', '164.312(b)'],
    ['45 CFR 164.308(a)(1) security management process', 'hipaa-security', '164.308(a)(1)(i)'],
    ['ISO 27001 clause 9.2 internal audit', 'iso27001-2022', '9.2.1'],
    ['Which outcomes of PR.AA-01 do you achieve?', 'nist-csf-2.0', 'PR.AA-01'],
  ])('%s -> %s %s', (question, fw, ref) => {
    const m = index.match(question);
    expect(m.explicit).toBe(true);
    expect(m.byFramework.get(fw)?.[0]).toMatchObject({ requirementId: ref, explicit: true });
    expect(m.citations.filter((c) => c.framework === fw).map((c) => c.requirementId)).toEqual([ref]);
  });
});

describe('citation patterns are data of the framework files', () => {
  it('a framework with citations: gets its references matched, no code involved; without them it gets none', async () => {
    const catalog = await loadCatalog();
    const vocab = VocabularySchema.parse(parse(await readFile('frameworks/vocabulary/synonyms.yaml', 'utf8')));
    const terms = ControlTermsSchema.parse(parse(await readFile('frameworks/vocabulary/control-terms.yaml', 'utf8')));
    const mine = {
      id: 'acme-baseline',
      name: 'Acme baseline',
      version: '1',
      publisher: 'Acme',
      description: 'Ours.',
      citations: [{ pattern: '\\bACME-(\\d+)\\.(\\d+)\\b', ignoreCase: true, id: '$1.$2' }],
      requirements: [
        { id: '1', title: 'Storage', assessable: false, controls: [] },
        { id: '1.1', parent: '1', title: 'Buckets keep versions', assessable: true, controls: ['encrypt-data-at-rest'] },
        { id: '1.2', parent: '1', title: 'Owners review access', assessable: true, controls: [] },
      ],
    };
    const withMine = buildMatchIndex({ ...catalog, frameworks: [...catalog.frameworks, mine] }, vocab, terms);
    const m = withMine.match('How do you meet acme-1.2 for your data stores?');
    expect(m.citations.filter((c) => c.explicit).map((c) => `${c.framework}:${c.requirementId}`)).toEqual(['acme-baseline:1.2']);
    const { citations: _none, ...silent } = mine;
    const without = buildMatchIndex({ ...catalog, frameworks: [...catalog.frameworks, silent] }, vocab, terms);
    expect(without.match('How do you meet acme-1.2 for your data stores?').explicit).toBe(false);
  });

  it("a framework file's answerTextWeight sets how much a requirement's own words count against its controls' (absent: the default)", async () => {
    const catalog = await loadCatalog();
    const vocab = VocabularySchema.parse(parse(await readFile('frameworks/vocabulary/synonyms.yaml', 'utf8')));
    const terms = ControlTermsSchema.parse(parse(await readFile('frameworks/vocabulary/control-terms.yaml', 'utf8')));
    // Titled about versioning, mapped to encryption: a question about encryption matches it only through its control.
    const mine = (weight?: number) => ({
      id: 'acme-baseline', name: 'Acme baseline', version: '1', publisher: 'Acme', description: 'Ours.',
      ...(weight === undefined ? {} : { answerTextWeight: weight }),
      requirements: [{ id: '1.1', title: 'Buckets keep every version', assessable: true, controls: ['encrypt-data-at-rest'] }],
    });
    const score = (weight?: number) => buildMatchIndex({ ...catalog, frameworks: [...catalog.frameworks, mine(weight)] }, vocab, terms).match('Is data encrypted at rest?').byFramework.get('acme-baseline')?.[0]?.score ?? 0;
    expect(score(1)).toBe(0);
    expect(score(0)).toBeGreaterThan(0.9);
    expect(score(0.5)).toBeCloseTo(score(0) / 2, 10);
    expect(score()).toBeCloseTo(score(0) * (1 - index.weights.text), 10);
    // The shipped frameworks carry the weights they were tuned with.
    expect(Object.fromEntries(catalog.frameworks.map((f) => [f.id, f.answerTextWeight]))).toEqual({
      'hipaa-security': 0.15, 'pci-dss-4.0.1': 0.3, 'soc2-2017': 0.1, 'iso27001-2022': 0.2, 'nist-csf-2.0': undefined,
    });
  });
});

describe('ranking by how specifically a requirement matches', () => {
  it('a requirement that names the question beats a broad one that only touches its control', () => {
    expect(top3('Is MFA required for all remote network access?', 'pci-dss-4.0.1')[0]).toBe('8.4.3');
    expect(top3('Are accounts locked after repeated failed login attempts?', 'pci-dss-4.0.1')).toContain('8.3.4');
    expect(top3('Are system clocks synchronised to a trusted time source?', 'iso27001-2022')[0]).toBe('A.8.17');
    expect(top3('Is ePHI encrypted at rest?', 'hipaa-security')[0]).toBe('164.312(a)(2)(iv)');
  });

  it('the policy requirement of a section is not dragged in by a broad control: a question about MFA does not cite 1.1.1', () => {
    const m = index.match('Is multi-factor authentication enforced for administrators?');
    expect(m.citations.map((c) => c.requirementId)).not.toContain('1.1.1');
    expect(m.controls[0]?.controlId).toBe('multi-factor-authentication');
  });

  it('cites as many as are close to the best, at most three per framework, not a fixed number', () => {
    const counts = ['Are system clocks synchronised to a trusted time source?', 'Do you have a documented incident response plan?', 'Are backups encrypted and tested?'].map(
      (q) => index.match(q).citations.length,
    );
    for (const c of counts) expect(c).toBeLessThanOrEqual(3 * 5); // at most three in each of the five frameworks
    expect(new Set(counts).size).toBeGreaterThan(1);
    for (const fw of ['hipaa-security', 'pci-dss-4.0.1', 'soc2-2017', 'iso27001-2022', 'nist-csf-2.0']) {
      expect(index.match('Do you have a documented incident response plan?').citations.filter((c) => c.framework === fw).length).toBeLessThanOrEqual(3);
    }
  });

  it('synonyms expand abbreviations: "pen tests" finds penetration testing', () => {
    const m = index.match('Do you do annual pen tests?');
    expect(m.expandedWith).toContain('penetration testing');
    expect(m.controls[0]?.controlId).toBe('penetration-testing');
  });
});

describe('the shipped vocabulary', () => {
  it('control-terms.yaml names only controls of the catalog, each once', async () => {
    const catalog = await loadCatalog();
    const terms = ControlTermsSchema.parse(parse(await readFile('frameworks/vocabulary/control-terms.yaml', 'utf8')));
    const ids = terms.controls.map((t) => t.control);
    expect(ids.filter((id) => !catalog.controls.has(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('what a requirement is about', () => {
  it('is the same whether its controls decide it or only support it: moving them to supportedBy changes no match', async () => {
    const catalog = await loadCatalog();
    const vocab = VocabularySchema.parse(parse(await readFile('frameworks/vocabulary/synonyms.yaml', 'utf8')));
    const terms = ControlTermsSchema.parse(parse(await readFile('frameworks/vocabulary/control-terms.yaml', 'utf8')));
    const supportedOnly = { ...catalog, frameworks: catalog.frameworks.map((f) => ({ ...f, requirements: f.requirements.map((r) => ({ ...r, controls: [], supportedBy: [...r.controls, ...(r.supportedBy ?? [])] })) })) };
    const moved = buildMatchIndex(supportedOnly, vocab, terms);
    const ids = (m: ReturnType<MatchIndex['match']>) => m.citations.map((c) => `${c.framework}:${c.requirementId}`);
    for (const q of ['Is customer data encrypted at rest?', 'Do you maintain an inventory of all hardware and software assets?', 'Are development, test and production environments separated?']) {
      expect(ids(moved.match(q)), q).toEqual(ids(index.match(q)));
    }
  });
});
