/**
 * How likely a matched answer cites the right requirements: a logistic model over features of the
 * match, fitted on the tune part of the labelled questionnaires (`npm run answer-quality -- --fit`
 * writes confidence-model.json) and checked on the held-out part. Below the model's threshold an
 * answer is "Needs review". Pure.
 */
import type { QuestionMatch } from './match-question.js';

export const CONFIDENCE_FEATURES = ['strength', 'margin', 'requirement', 'agreement'] as const;

/** A requirement id written in the question is taken as meant: a rule, not a fitted figure. */
export const EXPLICIT_CONFIDENCE = 0.95;

export interface ConfidenceModel {
  features: readonly string[];
  weights: readonly number[];
  bias: number;
  /** Answers below this confidence are "Needs review". */
  threshold: number;
  /** What it was fitted on, for the reader. */
  fittedOn: string;
}

/**
 * strength: how much of the question the best control's words cover (log scale); margin: how
 * clearly it beats the next; requirement: the mean best requirement score over frameworks;
 * agreement: the share of frameworks whose best requirement names the best control.
 */
export function matchFeatures(m: QuestionMatch): number[] {
  const tops = [...m.byFramework.values()].map((list) => list[0]).filter((r) => r !== undefined);
  const requirement = tops.length === 0 ? 0 : tops.reduce((n, r) => n + Math.min(1, r.score), 0) / tops.length;
  const best = m.controls[0]?.controlId;
  const agreement = tops.length === 0 || best === undefined ? 0 : tops.filter((r) => r.about.includes(best)).length / tops.length;
  return [Math.log1p(m.strength), m.margin, requirement, agreement];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function confidenceOf(model: ConfidenceModel, m: QuestionMatch): number {
  if (m.explicit) return EXPLICIT_CONFIDENCE;
  const x = matchFeatures(m);
  const z = model.bias + x.reduce((n, v, i) => n + v * (model.weights[i] ?? 0), 0);
  return Math.round(sigmoid(z) * 100) / 100;
}

/** Logistic regression by gradient descent with a small L2 penalty: deterministic, no library. */
export function fitLogistic(samples: readonly { x: readonly number[]; y: 0 | 1 }[], options: { l2?: number; steps?: number; rate?: number } = {}): { weights: number[]; bias: number } {
  const l2 = options.l2 ?? 0.01;
  const steps = options.steps ?? 4000;
  const rate = options.rate ?? 0.5;
  const d = samples[0]?.x.length ?? 0;
  let w = Array<number>(d).fill(0);
  let b = 0;
  const n = Math.max(1, samples.length);
  for (let s = 0; s < steps; s += 1) {
    const gw = Array<number>(d).fill(0);
    let gb = 0;
    for (const { x, y } of samples) {
      const p = sigmoid(b + x.reduce((acc, v, i) => acc + v * (w[i] ?? 0), 0));
      const e = p - y;
      for (let i = 0; i < d; i += 1) gw[i] = (gw[i] ?? 0) + e * (x[i] ?? 0);
      gb += e;
    }
    w = w.map((wi, i) => wi - rate * ((gw[i] ?? 0) / n + l2 * wi));
    b -= rate * (gb / n);
  }
  const r = (v: number) => Math.round(v * 1e4) / 1e4;
  return { weights: w.map(r), bias: r(b) };
}
