/**
 * How well `srmap answer` does on the labelled questionnaires (evidence/questionnaires/source/):
 * header detection, question kinds and polarity, the right requirement per framework (top-1 /
 * top-3, on the held-out questionnaires and on the tune ones), a calibration table (confidence band
 * vs share correct) and the answer mix of each questionnaire answered from the sample.
 *   npm run answer-quality [-- --fit] [--write-readme]
 * --fit refits the confidence model on the tune questionnaires (frameworks/vocabulary/answer-confidence.json);
 * --write-readme replaces the block between the answer-quality markers in README.md.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../catalog/load-catalog.js';
import { readWorkingFolder } from '../collect/manual/read-working-folder.js';
import { CONFIDENCE_FEATURES, type ConfidenceModel } from '../answer/confidence.js';
import type { Catalog } from '../domain/catalog.js';
import { SrmapError, type Problem } from '../domain/errors.js';
import { PROFILE_FIELDS } from '../domain/organisation-profile.js';
import { CONFIDENCE_MODEL_FILE, loadConfidenceModel, loadMatchIndex, prepareAnswers, type AnswerSummary } from '../pipeline/answer-questionnaire.js';
import { readQuestionnaire } from '../pipeline/read-questionnaire.js';
import { readQuestionnaireSources, toLabelledQuestions, type LabelledQuestion, type QuestionnaireSource } from './questionnaires/questionnaire-source.js';
import { calibration, fitConfidenceModel, frameworkScores, isCorrect, scoreQuestion, type ScoredQuestion } from './questionnaires/score-questionnaires.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const README_MARKERS = ['<!-- answer-quality:start -->', '<!-- answer-quality:end -->'] as const;

const pct = (n: number, d: number) => (d === 0 ? '-' : `${Math.round((n / d) * 100)}%`);

/** Every label names a real assessable requirement and every fact a profile field. */
export function checkLabels(sources: readonly QuestionnaireSource[], catalog: Catalog): Problem[] {
  const ids = new Map(catalog.frameworks.map((f) => [f.id, new Set(f.requirements.filter((r) => r.assessable).map((r) => r.id))]));
  const problems: Problem[] = [];
  for (const s of sources) {
    for (const q of toLabelledQuestions(s)) {
      const file = `evidence/questionnaires/source/${s.name}.yaml`;
      for (const [fw, list] of Object.entries(q.labels)) for (const id of list) if (!ids.get(fw)?.has(id)) problems.push({ file, path: `${q.sheet}/${q.id}`, message: `${fw} has no assessable requirement ${id}` });
      if (q.kind === 'factual' && !(PROFILE_FIELDS as readonly string[]).includes(q.field ?? '')) problems.push({ file, path: `${q.sheet}/${q.id}`, message: `unknown profile field ${q.field ?? '(none)'}` });
    }
  }
  return problems;
}

interface QuestionnaireRun {
  source: QuestionnaireSource;
  found: number;
  labelled: number;
  extra: number;
  mix: Omit<AnswerSummary, 'outputs'>;
}

async function runQuestionnaire(source: QuestionnaireSource, catalog: Catalog, catalogDir: string): Promise<QuestionnaireRun> {
  const path = join(root, 'evidence', 'questionnaires', source.file);
  const q = await readQuestionnaire(path, source.file);
  const labels = toLabelledQuestions(source);
  let found = 0;
  let extra = 0;
  for (const layout of q.layouts) {
    for (const row of layout.questions) {
      const label = labels.find((l) => (q.book.format !== 'xlsx' || l.sheet === layout.sheet) && (l.id === '' ? l.question === row.text : l.id === row.id));
      if (label && label.question === row.text) found += 1;
      else extra += 1;
    }
  }
  // Note rows on a sheet without questions (an instructions sheet) are rightly not read as questions.
  const onQuestionSheets = labels.filter((l) => q.book.format !== 'xlsx' || q.layouts.some((x) => x.sheet === l.sheet) || l.kind !== 'none');
  const working = await readWorkingFolder({ config: join(root, 'evidence', 'sample-workspace', 'srmap.yaml') }, catalog);
  const { summary } = await prepareAnswers({ catalog, catalogDir, templatesDir: join(root, 'templates'), questionnairePath: source.file, snapshotDir: join(root, 'evidence', 'sample'), working }, q);
  return { source, found, labelled: onQuestionSheets.length, extra, mix: summary };
}

function frameworkTable(scored: readonly ScoredQuestion[], ids: readonly string[]): string[] {
  return [
    '| framework | questions labelled | right requirement first | right requirement in top 3 | citations per question | right requirement cited |',
    '|---|---|---|---|---|---|',
    ...frameworkScores(scored, ids).map((s) => `| ${s.framework} | ${s.questions} | ${pct(s.top1, s.questions)} | ${pct(s.top3, s.questions)} | ${s.questions ? (s.cited / s.questions).toFixed(1) : '-'} | ${pct(s.rightCited, s.questions)} |`),
  ];
}

function understanding(scored: readonly ScoredQuestion[]): string {
  const kindsRight = scored.filter((s) => s.kind === s.label.kind && (s.label.kind !== 'factual' || s.field === s.label.field)).length;
  const negatives = scored.filter((s) => s.label.kind === 'negative');
  const positives = scored.filter((s) => s.label.kind === 'control');
  const facts = scored.filter((s) => s.label.kind === 'factual');
  return [
    `kind right ${kindsRight}/${scored.length} (${pct(kindsRight, scored.length)})`,
    `negative-worded read as negative ${negatives.filter((s) => s.kind === 'negative').length}/${negatives.length} (${pct(negatives.filter((s) => s.kind === 'negative').length, negatives.length)})`,
    `positive control questions read as negative ${positives.filter((s) => s.kind === 'negative').length}/${positives.length}`,
    `facts sent to the right profile field ${facts.filter((s) => s.kind === 'factual' && s.field === s.label.field).length}/${facts.length}`,
  ].join('; ');
}

async function loadLabelled(catalog: Catalog): Promise<{ sources: QuestionnaireSource[]; labels: LabelledQuestion[] }> {
  const sources = await readQuestionnaireSources(root);
  const problems = checkLabels(sources, catalog);
  if (problems.length > 0) throw new SrmapError('LABELS_INVALID', `${problems.length} problem(s) in the labelled questionnaires`, { problems });
  return { sources, labels: sources.flatMap(toLabelledQuestions) };
}

/** The confidence model fitted on the tune questionnaires only (what --fit writes). */
export async function fitAnswerConfidence(catalogDir = join(root, 'frameworks')): Promise<ConfidenceModel> {
  const catalog = await loadCatalog(catalogDir);
  const index = await loadMatchIndex(catalog, catalogDir);
  const { labels } = await loadLabelled(catalog);
  return fitConfidenceModel(labels.filter((l) => l.split === 'tune').map((l) => scoreQuestion(l, index, undefined)), CONFIDENCE_FEATURES);
}

export async function computeAnswerQuality(catalogDir = join(root, 'frameworks')): Promise<string> {
  const catalog = await loadCatalog(catalogDir);
  const ids = catalog.frameworks.map((f) => f.id);
  const { sources, labels } = await loadLabelled(catalog);
  const index = await loadMatchIndex(catalog, catalogDir);
  const model = await loadConfidenceModel(catalogDir);
  const scored = labels.map((l) => scoreQuestion(l, index, model));
  const tune = scored.filter((s) => s.label.split === 'tune');
  const holdout = scored.filter((s) => s.label.split === 'holdout');
  const runs: QuestionnaireRun[] = [];
  for (const s of sources) runs.push(await runQuestionnaire(s, catalog, catalogDir));
  const split = (name: string) => sources.filter((s) => s.split === name);
  const describe = (list: readonly QuestionnaireSource[]) => list.map((s) => `${s.name} (${s.file.split('.').pop()}, ${s.style})`).join('; ');
  const matched = (list: readonly ScoredQuestion[]) => list.filter((s) => s.match && s.labelled > 0);
  const above = (list: readonly ScoredQuestion[]) => matched(list).filter((s) => s.confidence >= model.threshold);
  const lines = [
    `Measured by \`npm run answer-quality\` on ${labels.length} labelled rows (${labels.filter((l) => l.kind !== 'none').length} questions) in ${sources.length} questionnaires written for srmap (our own questions, in the layouts of public questionnaires: no CSA CAIQ/CCM, HECVAT, SIG or VSAQ text).`,
    `Tuned on: ${describe(split('tune'))}. Held out (never used for tuning): ${describe(split('holdout'))}.`,
    '',
    `**Reading the files.** ${runs.map((r) => `${r.source.name}: ${r.found}/${r.labelled} labelled rows found${r.extra ? `, ${r.extra} other rows read as questions` : ''}`).join('; ')}.`,
    '',
    `**Understanding the questions**, held out: ${understanding(holdout)}. Tune: ${understanding(tune)}.`,
    '',
    `**Right requirement**, held-out questionnaires (${matched(holdout).length} questions matched to requirements; factual questions and notes are not matched):`,
    '',
    ...frameworkTable(holdout, ids),
    '',
    `Tune questionnaires (${matched(tune).length} questions):`,
    '',
    ...frameworkTable(tune, ids),
    '',
    `**Calibration**, held out: confidence band against the share of answers whose citations include every labelled framework's right requirement. Model fitted on the tune questionnaires; below ${model.threshold.toFixed(2)} an answer is "Needs review".`,
    '',
    '| confidence | answers | share correct |',
    '|---|---|---|',
    ...calibration(holdout).map((b) => `| ${b.band} | ${b.answers} | ${pct(b.correct, b.answers)} |`),
    '',
    `At or above the threshold: ${above(holdout).length} of ${matched(holdout).length} held-out answers, ${pct(above(holdout).filter(isCorrect).length, above(holdout).length)} correct; below it: ${pct(matched(holdout).filter((s) => s.confidence < model.threshold && isCorrect(s)).length, matched(holdout).filter((s) => s.confidence < model.threshold).length)} correct.`,
    '',
    '**Answer mix**, each questionnaire answered from the embedded sample (the fictional organisation, its snapshot and working folder):',
    '',
    '| questionnaire | questions | Yes | No | Partial | Not applicable | in text (facts, frequencies, descriptions) | Needs review | not a question |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r) => {
      const b = r.mix.byAnswer;
      const k = r.mix.byKind;
      return `| ${r.source.name} | ${r.mix.questions - k['not-a-question']} | ${b.Yes} | ${b.No} | ${b.Partial} | ${b['Not applicable']} | ${b['Answered in text']} | ${b['Needs review']} | ${k['not-a-question']} |`;
    }),
  ];
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--fit')) {
    const path = join(root, 'frameworks', CONFIDENCE_MODEL_FILE);
    await writeFile(`${path}.tmp`, `${JSON.stringify(await fitAnswerConfidence(), null, 2)}\n`);
    await rename(`${path}.tmp`, path);
    console.log(`${path} written`);
  }
  const report = await computeAnswerQuality();
  console.log(report);
  if (process.argv.includes('--write-readme')) {
    const path = join(root, 'README.md');
    const readme = await readFile(path, 'utf8');
    const [start, end] = README_MARKERS;
    const i = readme.indexOf(start);
    const j = readme.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md has no ${start} ... ${end} block`);
    await writeFile(`${path}.tmp`, `${readme.slice(0, i + start.length)}\n${report}\n${readme.slice(j)}`);
    await rename(`${path}.tmp`, path);
    console.log('README.md updated');
  }
}

