/**
 * Prints, per framework, how often a right requirement is among the top 3 matches of the labelled
 * question set; with --write-readme, replaces the block between the answer-quality markers in README.md.
 *   npm run answer-quality [-- --write-readme] [--catalog DIR]
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/load-catalog.js';
import { parseLabelledSet, scoreMatches, toScoreTable } from '../answer/score-matches.js';
import { loadMatchIndex } from '../pipeline/answer-questionnaire.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const README_MARKERS = ['<!-- answer-quality:start -->', '<!-- answer-quality:end -->'] as const;

export async function computeAnswerQuality(catalogDir = join(root, 'frameworks')): Promise<string> {
  const catalog = await loadCatalog(catalogDir);
  const ids = catalog.frameworks.map((f) => f.id);
  const set = parseLabelledSet(await readFile(join(root, 'evidence', 'questionnaires', 'labelled-set.csv'), 'utf8'), ids);
  return toScoreTable(scoreMatches(await loadMatchIndex(catalog, catalogDir), set, ids), set.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--catalog');
  const table = await computeAnswerQuality(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : undefined);
  console.log(table);
  if (process.argv.includes('--write-readme')) {
    const path = join(root, 'README.md');
    const readme = await readFile(path, 'utf8');
    const [start, end] = README_MARKERS;
    const i = readme.indexOf(start);
    const j = readme.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md has no ${start} ... ${end} block`);
    await writeFile(`${path}.tmp`, `${readme.slice(0, i + start.length)}\n${table}\n${readme.slice(j)}`);
    await rename(`${path}.tmp`, path);
    console.log('README.md updated');
  }
}
