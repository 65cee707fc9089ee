import { describe, expect, it } from 'vitest';
import { confidenceOf, EXPLICIT_CONFIDENCE, fitLogistic, matchFeatures } from '../../src/answer/confidence.js';
import type { QuestionMatch } from '../../src/answer/match-question.js';

const m = (strength: number, margin: number, explicit = false): QuestionMatch => {
  const top = { framework: 'soc2-2017', requirementId: 'CC6.1', score: 0.8, explicit, controls: ['mfa'], about: ['mfa'] };
  return { byFramework: new Map([['soc2-2017', [top]]]), citations: [top], controls: [{ controlId: 'mfa', score: 1 }], explicit, strength, margin, expandedWith: [] };
};

describe('confidence', () => {
  it('fitLogistic separates what is separable, deterministically', () => {
    const samples = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9].map((v) => ({ x: [v], y: (v > 0.5 ? 1 : 0) as 0 | 1 }));
    const a = fitLogistic(samples);
    expect(a).toEqual(fitLogistic(samples));
    expect(a.weights[0]).toBeGreaterThan(0);
  });

  it('a stronger match is more confident; an explicit reference is taken as meant', () => {
    const model = { features: ['strength', 'margin', 'requirement', 'agreement'], weights: [1.3, 0.3, 0.3, 0.9], bias: -4, threshold: 0.6, fittedOn: 'test' };
    expect(confidenceOf(model, m(30, 0.5))).toBeGreaterThan(confidenceOf(model, m(5, 0.5)));
    expect(confidenceOf(model, m(5, 0.1, true))).toBe(EXPLICIT_CONFIDENCE);
    expect(matchFeatures(m(0, 0))).toHaveLength(model.features.length);
  });
});
