/** The answer-quality figures in the README are what the tool prints, on labels that name real requirements. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { checkLabels, computeAnswerQuality, fitAnswerConfidence, README_MARKERS } from '../../src/tools/answer-quality.js';
import { readQuestionnaireSources, toLabelledQuestions } from '../../src/tools/questionnaires/questionnaire-source.js';
import { REPO_ROOT, timeoutFor } from '../helpers/run-srmap.js';

describe('answer quality', () => {
  it('at least 300 labelled questions in at least three formats, negative-worded and factual among them, both splits; every label a real requirement', async () => {
    const sources = await readQuestionnaireSources(REPO_ROOT);
    const labels = sources.flatMap(toLabelledQuestions).filter((l) => l.kind !== 'none');
    expect(labels.length).toBeGreaterThanOrEqual(300);
    expect(new Set(sources.map((s) => s.file.split('.').pop())).size).toBeGreaterThanOrEqual(3);
    expect(labels.filter((l) => l.kind === 'negative').length).toBeGreaterThan(10);
    expect(labels.filter((l) => l.kind === 'factual').length).toBeGreaterThan(10);
    expect(new Set(sources.map((s) => s.split))).toEqual(new Set(['tune', 'holdout']));
    expect(checkLabels(sources, await loadCatalog())).toEqual([]);
    const broken = structuredClone(sources[0]);
    const q = broken?.sheets.flatMap((s) => s.rows).find((r) => 'q' in r);
    if (!broken || !q || !('q' in q)) throw new Error('no question');
    q.pci = ['99.9.9'];
    expect(checkLabels([broken], await loadCatalog()).map((p) => p.message)).toContain('pci-dss-4.0.1 has no assessable requirement 99.9.9');
  });

  it('the confidence model on disk is the fit on the tune questionnaires', async () => {
    const stored = JSON.parse(await readFile(join(REPO_ROOT, 'frameworks', 'vocabulary', 'answer-confidence.json'), 'utf8'));
    expect(await fitAnswerConfidence()).toEqual(stored);
  }, timeoutFor(6));

  it('the README figures are what npm run answer-quality prints', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const [start, end] = README_MARKERS;
    const block = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
    expect(block).toBe((await computeAnswerQuality()).trim());
  }, timeoutFor(12));
});
