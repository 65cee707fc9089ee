/**
 * The labelled questionnaires under evidence/questionnaires/source/: how each workbook is laid out
 * (so the generator can write it), and per question the right answer kind, the organisation-profile
 * field a factual question asks for, and the right requirement(s) in each framework. Questions are
 * our own wording (no CSA CAIQ/CCM text, nor any other questionnaire's). Strict zod schema.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SrmapError } from '../../domain/errors.js';
import { parseYamlFile } from '../../domain/parse-yaml.js';

export const LABEL_KINDS = ['control', 'negative', 'frequency', 'descriptive', 'factual', 'none'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];
export const FRAMEWORK_KEYS = { hipaa: 'hipaa-security', pci: 'pci-dss-4.0.1', soc2: 'soc2-2017', iso: 'iso27001-2022' } as const;

const ids = z.array(z.string().min(1)).optional();
const Question = z.strictObject({
  id: z.string().min(1),
  q: z.string().min(1),
  kind: z.enum(LABEL_KINDS),
  field: z.string().min(1).optional(),
  hipaa: ids,
  pci: ids,
  soc2: ids,
  iso: ids,
});
const Row = z.union([Question, z.strictObject({ section: z.string().min(1) }), z.strictObject({ text: z.string().min(1) })]);

export const QuestionnaireSourceSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/),
  file: z.string().regex(/^[a-z0-9-]+\.(?:xlsx|csv|txt)$/),
  split: z.enum(['tune', 'holdout']),
  style: z.string().min(1),
  layout: z.strictObject({
    title: z.array(z.string()).default([]),
    header: z.array(z.string()).min(2),
    subheader: z.array(z.string()).optional(),
    question: z.string(),
    answer: z.string(),
    comment: z.string(),
    dropdown: z.array(z.string()).optional(),
    extra: z.record(z.string(), z.string()).optional(),
    sections: z.enum(['merged', 'first-cell', 'none']),
  }),
  sheets: z.array(z.strictObject({ name: z.string().min(1), rows: z.array(Row) })).min(1),
});
export type QuestionnaireSource = z.output<typeof QuestionnaireSourceSchema>;
export type SourceQuestion = z.output<typeof Question>;

export interface LabelledQuestion {
  questionnaire: string;
  split: 'tune' | 'holdout';
  sheet: string;
  id: string;
  question: string;
  kind: LabelKind;
  field?: string;
  /** Right requirement ids per framework id; a framework with none is not scored for this question. */
  labels: Record<string, string[]>;
}

export const isQuestion = (row: QuestionnaireSource['sheets'][number]['rows'][number]): row is SourceQuestion => 'q' in row;

/** Every question, and every note row (a thank-you, an instruction) as kind `none` with an empty id. */
export function toLabelledQuestions(source: QuestionnaireSource): LabelledQuestion[] {
  const none = Object.fromEntries(Object.values(FRAMEWORK_KEYS).map((fw) => [fw, [] as string[]]));
  return source.sheets.flatMap((sheet) =>
    sheet.rows.flatMap((row): LabelledQuestion[] => {
      if ('text' in row) return [{ questionnaire: source.name, split: source.split, sheet: sheet.name, id: '', question: row.text, kind: 'none', labels: none }];
      if (!isQuestion(row)) return [];
      const q = row;
      return [{
      questionnaire: source.name,
      split: source.split,
      sheet: sheet.name,
      id: q.id,
      question: q.q,
      kind: q.kind,
      ...(q.field ? { field: q.field } : {}),
      labels: Object.fromEntries(Object.entries(FRAMEWORK_KEYS).map(([key, fw]) => [fw, q[key as keyof typeof FRAMEWORK_KEYS] ?? []])),
      }];
    }),
  );
}

export const SOURCE_DIR = join('evidence', 'questionnaires', 'source');

export async function readQuestionnaireSources(root: string): Promise<QuestionnaireSource[]> {
  const dir = join(root, SOURCE_DIR);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  const out: QuestionnaireSource[] = [];
  for (const n of names) {
    const file = join(dir, n);
    const parsed = parseYamlFile(QuestionnaireSourceSchema, await readFile(file, 'utf8'), file);
    if (!parsed.value) throw new SrmapError('QUESTIONNAIRE_SOURCE_INVALID', `${parsed.problems.length} problem(s) in ${file}`, { problems: parsed.problems });
    out.push(parsed.value);
  }
  return out;
}
