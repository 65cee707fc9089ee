/**
 * srmap answer: a questionnaire in (XLSX, CSV, TSV), the same questionnaire out with draft answers
 * grounded in the evaluated evidence and the organisation profile: a copy of their workbook with
 * their layout kept (answers in their answer column, srmap's columns beside), and a CSV. Outputs are
 * written under a temporary name and renamed; the input is never overwritten.
 */
import Handlebars from 'handlebars';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { findApproved, parseAnswerLibrary, type ApprovedAnswer } from '../answer/answer-library.js';
import { classifyQuestion, type QuestionKind } from '../answer/classify-question.js';
import { confidenceOf, type ConfidenceModel } from '../answer/confidence.js';
import type { SheetLayout } from '../answer/detect-layout.js';
import type { CitedRequirement } from '../answer/judge-requirement.js';
import { draftAnswer, NEEDS_REVIEW, type AnswerInputs, type InternalContext, type ResponseContext } from '../answer/draft-answer.js';
import { buildMatchIndex, ControlTermsSchema, VocabularySchema, type MatchIndex } from '../answer/match-question.js';
import { ANSWERED_WORKBOOK_MARK, FLAT_COLUMNS, toAnsweredDelimited, toAnsweredXlsx, toFlatRows } from '../answer/to-answered-book.js';
import { SRMAP_COLUMNS, toAnsweredSheet, type AnsweredSheet, type RowDraft } from '../answer/to-answered-rows.js';
import type { WorkingFolder } from '../collect/manual/read-working-folder.js';
import type { Catalog } from '../domain/catalog.js';
import { toDay } from '../domain/dates.js';
import { SrmapError } from '../domain/errors.js';
import { parseYamlFile } from '../domain/parse-yaml.js';
import type { ControlResult, FrameworkResult } from '../domain/result.js';
import { writeCsv } from '../render/csv/write-csv.js';
import { evaluateSnapshot } from './evaluate-snapshot.js';
import { claimOutputFile, type FileClaim } from './claim-output.js';
import { readQuestionnaire, type ReadQuestionnaire } from './read-questionnaire.js';
import { selectFrameworks } from './select-frameworks.js';

export const ConfidenceModelSchema = z.strictObject({
  features: z.array(z.string()),
  weights: z.array(z.number()),
  bias: z.number(),
  threshold: z.number().min(0).max(1),
  fittedOn: z.string(),
});

export const CONFIDENCE_MODEL_FILE = join('vocabulary', 'answer-confidence.json');

async function readYaml<T extends z.ZodType>(schema: T, file: string, what: string): Promise<z.output<T>> {
  const parsed = parseYamlFile(schema, await readFile(file, 'utf8'), file);
  if (!parsed.value) throw new SrmapError('ANSWER_DATA_INVALID', `${parsed.problems.length} problem(s) in ${file}`, { problems: parsed.problems, hint: what });
  return parsed.value;
}

/** The matcher's data kept with the catalog: synonyms and the words questionnaires use for each control. */
export async function loadMatchIndex(catalog: Catalog, catalogDir: string): Promise<MatchIndex> {
  const vocab = await readYaml(VocabularySchema, join(catalogDir, 'vocabulary', 'synonyms.yaml'), 'Each entry: { term: ..., expands: [...] }.');
  const terms = await readYaml(ControlTermsSchema, join(catalogDir, 'vocabulary', 'control-terms.yaml'), 'Each entry: { control: <control id>, terms: [...] }.');
  const unknown = terms.controls.filter((t) => !catalog.controls.has(t.control));
  if (unknown.length > 0) {
    throw new SrmapError('ANSWER_DATA_INVALID', `control-terms.yaml names unknown controls: ${unknown.map((u) => u.control).join(', ')}`, { hint: 'Use the ids of frameworks/controls/*.yaml.' });
  }
  return buildMatchIndex(catalog, vocab, terms);
}

/** The confidence model fitted on the tune questionnaires. */
export async function loadConfidenceModel(catalogDir: string): Promise<ConfidenceModel> {
  return readYaml(ConfidenceModelSchema, join(catalogDir, CONFIDENCE_MODEL_FILE), 'Regenerate it with `npm run answer-quality -- --fit`.');
}

export interface AnswerOptions {
  catalog: Catalog;
  catalogDir: string;
  templatesDir: string;
  questionnairePath: string;
  snapshotDir: string;
  /** The frameworks the answers cite (all of the catalog's when none). */
  frameworks?: readonly string[];
  /** Where to write: a file name whose extension is replaced (.xlsx for a workbook's copy, .csv). Default: <questionnaire>-answered beside it. */
  outPath?: string;
  working?: WorkingFolder;
  questionColumn?: string;
  idColumn?: string;
  libraryPath?: string;
  /** The questionnaire already read (the CLI reads it first, so a bad file fails before anything is loaded). */
  questionnaire?: ReadQuestionnaire;
}

export interface AnswerSummary {
  format: string;
  sheets: { name: string; choice: string; headerRow: number; questions: number }[];
  skippedSheets: string[];
  questions: number;
  /** Per kind of question, then per answer of control questions. */
  byKind: Record<QuestionKind, number>;
  byAnswer: Record<'Yes' | 'No' | 'Partial' | 'Not applicable' | 'Needs review' | 'Answered in text', number>;
  reused: number;
  outputs: string[];
  organisation: string;
  fictional: boolean;
}

/** What the answers stand on: every framework as evaluateSnapshot decides it (its scope, its declarations), by `framework:requirement`. */
export function toAnswerEvidence(evaluated: readonly { id: string; result: FrameworkResult; narratives: ReadonlyMap<string, string> }[]): {
  requirements: Map<string, CitedRequirement>;
  controls: Map<string, ControlResult>;
  narratives: Map<string, string>;
} {
  const requirements = new Map<string, CitedRequirement>();
  const controls = new Map<string, ControlResult>();
  const narratives = new Map<string, string>();
  for (const { id, result, narratives: told } of evaluated) {
    const s = result.scope.scope;
    const scope = s.declared ? `its declared scope (${s.description ?? [s.accounts?.join(', '), s.regions?.join(', '), s.tags ? Object.entries(s.tags).map(([k, v]) => `${k}=${v}`).join(', ') : undefined].filter(Boolean).join('; ')})` : 'the whole snapshot';
    for (const r of result.requirements) if (r.assessable) requirements.set(`${id}:${r.requirementId}`, { framework: id, result: r, controls: result.controls, scope });
    for (const [cid, c] of result.controls) if (!controls.has(cid)) controls.set(cid, c);
    for (const [cid, n] of told) if (!narratives.has(cid)) narratives.set(cid, n);
  }
  return { requirements, controls, narratives };
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return (m?.[1] ?? text).trim();
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export function outputPaths(input: string, out: string | undefined, workbook: boolean): { xlsx?: string; csv: string } {
  const stem = out ? resolve(out).replace(/\.(xlsx|csv)$/i, '') : join(dirname(input), `${basename(input, extname(input))}-answered`);
  return { ...(workbook ? { xlsx: `${stem}.xlsx` } : {}), csv: `${stem}.csv` };
}

/** A CSV srmap answer wrote: UTF-8 with BOM, and a header row ending in srmap's columns. */
export function isAnsweredCsv(head: string): boolean {
  return head.startsWith('\uFEFF') && head.includes(`${SRMAP_COLUMNS.join(',')}\r\n`);
}

/** A workbook srmap answer wrote: its document properties (stored uncompressed, first) carry the mark. */
export function isAnsweredWorkbook(head: string): boolean {
  return head.startsWith('PK') && head.includes(ANSWERED_WORKBOOK_MARK);
}

export interface PreparedAnswers {
  questionnaire: ReadQuestionnaire;
  answered: { sheetIndex: number; answered: AnsweredSheet; layout: SheetLayout }[];
  summary: Omit<AnswerSummary, 'outputs'>;
  /** The snapshot's creation time: the date written into the outputs. */
  date: Date;
}

/** Everything but the writing: read, evaluate, classify, match and draft every question. */
export async function prepareAnswers(o: AnswerOptions, q: ReadQuestionnaire): Promise<PreparedAnswers> {
  const library: ApprovedAnswer[] = o.libraryPath ? parseAnswerLibrary(await readFile(o.libraryPath, 'utf8'), o.libraryPath) : [];
  const expiringWithinDays = o.working?.config?.expiringWithinDays;
  // The frameworks asked for are evaluated and cited; the catalog's others neither.
  const frameworks = selectFrameworks(o.catalog, o.frameworks);
  const evaluated = await evaluateSnapshot({ catalog: o.catalog, snapshotDir: o.snapshotDir, frameworks, failingCap: 0, ...(o.working ? { working: o.working } : {}), ...(expiringWithinDays === undefined ? {} : { expiringWithinDays }) });
  const first = evaluated[0];
  if (!first) throw new SrmapError('ANSWER_DATA_INVALID', 'The catalog has no framework to answer from.', { kind: 'internal' });
  const evidence = first.evidence;
  const { controls, requirements, narratives } = toAnswerEvidence(evaluated);
  const [index, model] = await Promise.all([loadMatchIndex({ ...o.catalog, frameworks }, o.catalogDir), loadConfidenceModel(o.catalogDir)]);
  const hb = Handlebars.create();
  const response = hb.compile<ResponseContext>(await readFile(join(o.templatesDir, 'answers', 'response.hbs'), 'utf8'), { noEscape: true, strict: true });
  const internal = hb.compile<InternalContext>(await readFile(join(o.templatesDir, 'answers', 'internal.hbs'), 'utf8'), { noEscape: true, strict: true });
  const practice = new Map<string, string>();
  for (const [id, narrative] of narratives) practice.set(id, firstSentence(narrative));
  const asOf = toDay(evidence.manifest.createdAt);
  const organisation = o.working?.config?.organisation ?? evidence.manifest.organisation.name;
  const inputs: AnswerInputs = {
    controls,
    requirements,
    asOf,
    organisation,
    practice,
    threshold: model.threshold,
    profile: {
      profile: o.working?.config?.profile,
      organisation,
      regions: o.working?.config?.regions ?? evidence.manifest.scope.regions,
      regionsSource: o.working?.config?.regions ? 'the regions of srmap.yaml' : 'the regions of the evidence snapshot',
    },
  };

  const byKind: AnswerSummary['byKind'] = { control: 0, frequency: 0, descriptive: 0, factual: 0, 'not-a-question': 0 };
  const byAnswer: AnswerSummary['byAnswer'] = { Yes: 0, No: 0, Partial: 0, 'Not applicable': 0, 'Needs review': 0, 'Answered in text': 0 };
  let reused = 0;
  const answered: { sheetIndex: number; answered: AnsweredSheet; layout: SheetLayout }[] = [];
  for (const layout of q.layouts) {
    const sheetIndex = q.book.sheets.findIndex((s) => s.name === layout.sheet);
    const sheet = q.book.sheets[sheetIndex];
    if (!sheet) continue;
    const drafts: RowDraft[] = layout.questions.map((question) => {
      const cls = classifyQuestion(question.text, { hasId: question.id !== '' });
      byKind[cls.kind] += 1;
      const match = cls.kind === 'factual' || cls.kind === 'not-a-question' ? undefined : index.match(question.text);
      const confidence = match ? confidenceOf(model, match) : 0;
      const approved = cls.kind === 'not-a-question' ? undefined : findApproved(question.text, library, asOf);
      const d = draftAnswer(question.text, cls, match, confidence, inputs, approved);
      if (approved && !approved.stale) reused += 1;
      if (cls.kind !== 'not-a-question') {
        if (d.answer === NEEDS_REVIEW) byAnswer['Needs review'] += 1;
        else if (d.answer in byAnswer && cls.kind === 'control') byAnswer[d.answer as keyof typeof byAnswer] += 1;
        else byAnswer['Answered in text'] += 1;
      }
      const text = d.answered ? response(d.response).replace(/\s+/g, ' ').trim() : '';
      return {
        row: question.row,
        answer: d.kind === 'descriptive' && d.answered ? text : d.answer,
        answered: d.answered,
        response: text,
        confidence: d.confidence,
        kind: d.negative ? 'control (negative)' : d.kind,
        citations: d.citations.map((c) => `${c.framework}:${c.requirementId}`),
        review: d.answer === NEEDS_REVIEW ? d.internal.review.join(' ') : '',
        internal: d.kind === 'not-a-question' ? '' : internal(d.internal).replace(/[ \t]+\n/g, '\n').trim(),
      };
    });
    answered.push({ sheetIndex, layout, answered: toAnsweredSheet(sheet, layout, drafts) });
  }

  return {
    questionnaire: q,
    answered,
    date: new Date(evidence.manifest.createdAt),
    summary: {
      format: q.book.format === 'xlsx' ? 'xlsx' : `${q.book.format}, ${q.book.encoding ?? ''}, ${q.book.delimiter === '\t' ? 'tab' : `"${q.book.delimiter ?? ','}"`}-separated`,
      sheets: answered.map((a) => ({ name: a.layout.sheet, choice: a.layout.choice, headerRow: a.layout.headerRow, questions: a.layout.questions.length })),
      skippedSheets: q.skipped,
      questions: answered.reduce((n, a) => n + a.layout.questions.length, 0),
      byKind,
      byAnswer,
      reused,
      organisation,
      fictional: evidence.manifest.organisation.fictional === true,
    },
  };
}

export async function answerQuestionnaire(o: AnswerOptions): Promise<AnswerSummary> {
  const input = resolve(o.questionnairePath);
  const q = o.questionnaire ?? (await readQuestionnaire(input, o.questionnairePath, { ...(o.questionColumn ? { question: o.questionColumn } : {}), ...(o.idColumn ? { id: o.idColumn } : {}) }));
  const paths = outputPaths(input, o.outPath, q.book.format === 'xlsx');
  // Before any work: never the questionnaire, the library or a working-folder file; never a file srmap did not write.
  const inputs = [input, ...(o.libraryPath ? [o.libraryPath] : []), ...(o.working?.inputs ?? []).map((i) => resolve(o.working?.dir ?? '.', i.path))];
  const claims: FileClaim[] = [];
  try {
    if (paths.xlsx) claims.push(await claimOutputFile(paths.xlsx, inputs, isAnsweredWorkbook, 'answer'));
    claims.push(await claimOutputFile(paths.csv, inputs, isAnsweredCsv, 'answer'));
    return await answerInto(o, q, paths);
  } finally {
    for (const c of claims) await c.release();
  }
}

async function answerInto(o: AnswerOptions, q: ReadQuestionnaire, paths: { xlsx?: string; csv: string }): Promise<AnswerSummary> {
  const { answered, summary, date } = await prepareAnswers(o, q);
  const outputs: string[] = [];
  if (paths.xlsx) {
    await writeAtomically(paths.xlsx, await toAnsweredXlsx(q.bytes, o.questionnairePath, answered.map((a) => a.answered), date));
    outputs.push(paths.xlsx);
    const flat = toFlatRows(answered.map((a) => ({ answered: a.answered, questions: a.layout.questions })));
    await writeCsv(paths.csv, FLAT_COLUMNS, flat);
  } else {
    const only = answered[0];
    const sheet = only ? q.book.sheets[only.sheetIndex] : undefined;
    if (!only || !sheet) throw new SrmapError('QUESTIONNAIRE_NO_QUESTIONS', `${o.questionnairePath}: no questions.`, { kind: 'internal' });
    const rows = toAnsweredDelimited(sheet, only.answered);
    await writeCsv(paths.csv, rows[0] ?? [...SRMAP_COLUMNS], rows.slice(1));
  }
  outputs.push(paths.csv);
  return { ...summary, outputs };
}
