/**
 * How well srmap answer reads, understands and cites the labelled questionnaires: header detection,
 * question kinds and polarity, facts' profile fields, the right requirement per framework (top-1,
 * top-3, among the citations), and how confidence tracks correctness. Pure over its inputs.
 */
import { classifyQuestion } from '../../answer/classify-question.js';
import { confidenceOf, fitLogistic, matchFeatures, type ConfidenceModel } from '../../answer/confidence.js';
import type { MatchIndex, QuestionMatch } from '../../answer/match-question.js';
import type { LabelledQuestion } from './questionnaire-source.js';

export const MATCHED_KINDS = new Set(['control', 'negative', 'frequency', 'descriptive']);

export interface ScoredQuestion {
  label: LabelledQuestion;
  kind: string;
  field?: string;
  match?: QuestionMatch;
  confidence: number;
  /** Labelled frameworks whose right requirement is among the citations, and how many are labelled. */
  citedRight: number;
  labelled: number;
}

export function scoreQuestion(label: LabelledQuestion, index: MatchIndex, model: ConfidenceModel | undefined): ScoredQuestion {
  const cls = classifyQuestion(label.question, { hasId: label.id !== '' });
  const kind = cls.kind === 'control' ? (cls.negative ? 'negative' : 'control') : cls.kind === 'not-a-question' ? 'none' : cls.kind;
  const out: ScoredQuestion = { label, kind, ...(cls.field ? { field: cls.field } : {}), confidence: 0, citedRight: 0, labelled: 0 };
  if (!MATCHED_KINDS.has(label.kind)) return out;
  const match = index.match(label.question);
  const labelled = Object.entries(label.labels).filter(([, ids]) => ids.length > 0);
  return {
    ...out,
    match,
    confidence: model ? confidenceOf(model, match) : 0,
    labelled: labelled.length,
    citedRight: labelled.filter(([fw, ids]) => match.citations.some((c) => c.framework === fw && ids.includes(c.requirementId))).length,
  };
}

/** Correct for calibration: every labelled framework's right requirement is among the citations. */
export const isCorrect = (s: ScoredQuestion) => s.labelled > 0 && s.citedRight === s.labelled;

export interface FrameworkScore {
  framework: string;
  questions: number;
  top1: number;
  top3: number;
  cited: number;
  rightCited: number;
}

export function frameworkScores(scored: readonly ScoredQuestion[], frameworkIds: readonly string[]): FrameworkScore[] {
  return frameworkIds.map((framework) => {
    const s: FrameworkScore = { framework, questions: 0, top1: 0, top3: 0, cited: 0, rightCited: 0 };
    for (const q of scored) {
      const right = q.label.labels[framework] ?? [];
      if (!q.match || right.length === 0) continue;
      s.questions += 1;
      const ranked = (q.match.byFramework.get(framework) ?? []).map((r) => r.requirementId);
      if (right.includes(ranked[0] ?? '')) s.top1 += 1;
      if (ranked.slice(0, 3).some((id) => right.includes(id))) s.top3 += 1;
      const cited = q.match.citations.filter((c) => c.framework === framework).map((c) => c.requirementId);
      s.cited += cited.length;
      if (cited.some((id) => right.includes(id))) s.rightCited += 1;
    }
    return s;
  });
}

export const BANDS = [0, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0001] as const;

export function calibration(scored: readonly ScoredQuestion[]): { band: string; answers: number; correct: number }[] {
  const matched = scored.filter((s) => s.match && s.labelled > 0);
  return BANDS.slice(0, -1).map((lo, i) => {
    const hi = BANDS[i + 1] ?? 1;
    const inBand = matched.filter((s) => s.confidence >= lo && s.confidence < hi);
    return { band: `${lo.toFixed(2)}-${Math.min(1, hi).toFixed(2)}`, answers: inBand.length, correct: inBand.filter(isCorrect).length };
  });
}

/**
 * Fits the confidence model on the tune questions and picks the threshold: the lowest (in steps of
 * 0.05) at which the answers at or above it are correct at least `precision` of the time.
 */
export function fitConfidenceModel(tune: readonly ScoredQuestion[], features: readonly string[], precision = 0.75): ConfidenceModel {
  const samples = tune.filter((s) => s.match && s.labelled > 0 && !s.match.explicit).map((s) => ({ x: matchFeatures(s.match as QuestionMatch), y: (isCorrect(s) ? 1 : 0) as 0 | 1 }));
  const { weights, bias } = fitLogistic(samples);
  const model: ConfidenceModel = { features, weights, bias, threshold: 0, fittedOn: '' };
  const withConfidence = tune.filter((s) => s.match && s.labelled > 0).map((s) => ({ c: confidenceOf(model, s.match as QuestionMatch), ok: isCorrect(s) }));
  let threshold = 0.95;
  for (let t = 0.3; t <= 0.9001; t += 0.05) {
    const above = withConfidence.filter((x) => x.c >= t);
    if (above.length > 0 && above.filter((x) => x.ok).length / above.length >= precision) {
      threshold = Math.round(t * 100) / 100;
      break;
    }
  }
  return {
    ...model,
    threshold,
    fittedOn: `${samples.length} matched questions of the tune questionnaires; threshold: the lowest at which the answers at or above it cite every labelled framework's right requirement at least ${Math.round(precision * 100)}% of the time`,
  };
}
