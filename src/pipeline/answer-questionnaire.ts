/**
 * srmap answer: a questionnaire in, the same spreadsheet out with draft answers grounded in the
 * evaluated evidence. Reads the questionnaire, the snapshot (and working folder), the vocabulary and
 * the explanation template; writes a UTF-8 CSV with BOM, formula-safe, original rows in order.
 */
import Handlebars from 'handlebars';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findApproved, parseAnswerLibrary, type ApprovedAnswer } from '../answer/answer-library.js';
import { draftAnswer, selectControls, type Answer, type ExplanationContext } from '../answer/draft-answer.js';
import { buildMatchIndex, VocabularySchema, type MatchIndex } from '../answer/match-question.js';
import { parseQuestionnaire, type Questionnaire } from '../answer/parse-questionnaire.js';
import type { WorkingFolder } from '../collect/manual/read-working-folder.js';
import type { Catalog } from '../domain/catalog.js';
import { SrmapError } from '../domain/errors.js';
import { parseYamlFile } from '../domain/parse-yaml.js';
import type { ControlResult } from '../domain/result.js';
import { evaluateFramework } from '../evaluate/evaluate-framework.js';
import { writeCsv } from '../render/csv/write-csv.js';
import { withWorkingFolder } from './build-packs.js';
import { loadEvidence } from './load-evidence.js';
import { claimOutputFile } from './claim-output.js';
import { maxOf } from '../domain/arrays.js';

/** Largest questionnaire read, and most rows answered in one run (each answer is about 2.5 ms of CPU). */
export const MAX_QUESTIONNAIRE_BYTES = 16 * 1024 * 1024;
export const MAX_QUESTIONS = 20_000;

export const ANSWER_COLUMNS = ['srmap_answer', 'srmap_explanation', 'srmap_confidence', 'srmap_requirements', 'srmap_controls', 'srmap_evidence'] as const;

export async function loadMatchIndex(catalog: Catalog, catalogDir: string): Promise<MatchIndex> {
  const file = join(catalogDir, 'vocabulary', 'synonyms.yaml');
  const parsed = parseYamlFile(VocabularySchema, await readFile(file, 'utf8'), file);
  if (!parsed.value) throw new SrmapError('VOCABULARY_INVALID', `${parsed.problems.length} problem(s) in ${file}`, { problems: parsed.problems, hint: 'Each entry: { term: ..., expands: [...] }.' });
  return buildMatchIndex(catalog, parsed.value);
}

export interface AnswerOptions {
  catalog: Catalog;
  catalogDir: string;
  templatesDir: string;
  questionnairePath: string;
  snapshotDir: string;
  outPath: string;
  working?: WorkingFolder;
  questionColumn?: string;
  idColumn?: string;
  libraryPath?: string;
}

export interface AnswerSummary {
  questionnaire: Questionnaire;
  questions: number;
  byAnswer: Record<Answer, number>;
  reused: number;
  outPath: string;
}

/** An answered questionnaire srmap wrote: UTF-8 with BOM, and a header row ending in srmap's columns. */
export function isAnsweredQuestionnaire(head: string): boolean {
  return head.startsWith('\uFEFF') && head.includes(`${ANSWER_COLUMNS.join(',')}\r\n`);
}

export async function answerQuestionnaire(o: AnswerOptions): Promise<AnswerSummary> {
  // Before any work: never the questionnaire, the library or a working-folder file; never a file srmap did not write.
  const inputs = [o.questionnairePath, ...(o.libraryPath ? [o.libraryPath] : []), ...(o.working?.inputs ?? []).map((i) => resolve(o.working?.dir ?? '.', i.path))];
  const claim = await claimOutputFile(o.outPath, inputs, isAnsweredQuestionnaire, 'answer');
  try {
    return await answerInto(o);
  } finally {
    await claim.release();
  }
}

async function answerInto(o: AnswerOptions): Promise<AnswerSummary> {
  const size = (await stat(o.questionnairePath)).size;
  if (size > MAX_QUESTIONNAIRE_BYTES) {
    throw new SrmapError('QUESTIONNAIRE_TOO_LARGE', `${o.questionnairePath} is ${(size / 1024 / 1024).toFixed(0)} MB; srmap answers questionnaires of up to ${MAX_QUESTIONNAIRE_BYTES / 1024 / 1024} MB (${MAX_QUESTIONS.toLocaleString('en-US')} questions).`, {
      hint: 'Check that this is the questionnaire; split a larger one into parts and answer each.',
    });
  }
  const q = parseQuestionnaire(new Uint8Array(await readFile(o.questionnairePath)), o.questionnairePath, { ...(o.questionColumn ? { question: o.questionColumn } : {}), ...(o.idColumn ? { id: o.idColumn } : {}) });
  const asked = q.rows.length - q.headerRow - 1;
  if (asked > MAX_QUESTIONS) {
    throw new SrmapError('QUESTIONNAIRE_TOO_LARGE', `${o.questionnairePath} has ${asked.toLocaleString('en-US')} rows below its header; srmap answers up to ${MAX_QUESTIONS.toLocaleString('en-US')} per run.`, {
      hint: 'Split the questionnaire into parts and answer each (the largest standard questionnaires have about 2,000 questions).',
    });
  }
  const library: ApprovedAnswer[] = o.libraryPath ? parseAnswerLibrary(await readFile(o.libraryPath, 'utf8'), o.libraryPath) : [];
  const evidence = withWorkingFolder(await loadEvidence(o.snapshotDir, { failingCap: 0, ...(o.working?.exceptions ? { exceptions: o.working.exceptions } : {}) }), o.working);
  const results = new Map<string, ControlResult>();
  const controlsOf = new Map<string, string[]>();
  for (const f of o.catalog.frameworks) {
    evaluateFramework(f, o.catalog, evidence, o.working?.config?.expiringWithinDays === undefined ? {} : { expiringWithinDays: o.working.config.expiringWithinDays }, results);
    for (const r of f.requirements) controlsOf.set(`${f.id}:${r.id}`, r.controls);
  }
  const index = await loadMatchIndex(o.catalog, o.catalogDir);
  const explain = Handlebars.create().compile<ExplanationContext>(await readFile(join(o.templatesDir, 'answers', 'explanation.hbs'), 'utf8'), { noEscape: true });
  const organisation = evidence.manifest.organisation.name;

  const byAnswer: Record<Answer, number> = { Yes: 0, No: 0, Partial: 0, 'Not applicable': 0, 'Needs review': 0 };
  let questions = 0;
  let reused = 0;
  const width = maxOf(q.rows.map((r) => r.length), q.header.length);
  const out: string[][] = q.rows.map((row, i) => {
    const base = [...row, ...Array<string>(width - row.length).fill('')];
    if (i < q.headerRow) return [...base, ...ANSWER_COLUMNS.map(() => '')];
    if (i === q.headerRow) return [...base, ...ANSWER_COLUMNS];
    const question = (row[q.questionColumn] ?? '').trim();
    if (question === '') return [...base, ...ANSWER_COLUMNS.map(() => '')];
    questions += 1;
    const match = index.match(question, 3);
    const approved = findApproved(question, library);
    const draft = draftAnswer(match, selectControls(match, (k) => controlsOf.get(k) ?? []), results, organisation);
    let answer = draft.answer;
    let explanation: string;
    let confidence = draft.confidence;
    if (approved) {
      reused += 1;
      answer = approved.approved.answer;
      confidence = Math.max(confidence, Math.round(approved.similarity * 100) / 100);
      explanation = explain({ ...draft.context, reused: { question: approved.approved.question, explanation: approved.approved.explanation } });
    } else {
      explanation = explain(draft.context);
    }
    byAnswer[answer] += 1;
    return [...base, answer, explanation.replace(/[ \t]+\n/g, '\n').trim(), confidence.toFixed(2), draft.requirements.join(';'), draft.controls.join(';'), draft.evidence.join('; ')];
  });
  // Rows stay in the spreadsheet's order: title rows, then the header, then the questions.
  await writeCsv(o.outPath, out[0] ?? [], out.slice(1));
  return { questionnaire: q, questions, byAnswer, reused, outPath: o.outPath };
}
