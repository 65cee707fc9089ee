import { describe, expect, it } from 'vitest';
import {
  RESPONSIBILITIES,
  RESPONSIBILITY_COLOURS,
  SATISFIED_STATUSES,
  SHORTFALL_STATUSES,
  STATUSES,
  STATUS_COLOURS,
  STATUS_DISPLAY_ORDER,
  STATUS_LABELS,
  STATUS_SEVERITY,
  STATUS_VOCABULARY,
  isStatus,
} from '../../src/domain/status.js';

/** WCAG 2.1 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

describe('the status vocabulary', () => {
  it('describes every status once, and nothing else', () => {
    expect(Object.keys(STATUS_VOCABULARY).sort()).toEqual([...STATUSES].sort());
    expect([...STATUS_DISPLAY_ORDER].sort()).toEqual([...STATUSES].sort());
    expect(new Set(STATUS_DISPLAY_ORDER).size).toBe(STATUSES.length);
    expect(new Set(Object.values(STATUS_LABELS)).size).toBe(STATUSES.length);
    expect(new Set(Object.values(STATUS_COLOURS)).size).toBe(STATUSES.length);
  });

  it('gives each status its own severity, worst first: not-met, needs-evidence, partial, accepted-risk, met, inherited, not-applicable', () => {
    expect([...STATUSES].sort((a, b) => STATUS_SEVERITY[a] - STATUS_SEVERITY[b])).toEqual(['not-met', 'needs-evidence', 'partial', 'accepted-risk', 'met', 'inherited', 'not-applicable']);
  });

  it('ranks quality like severity, with met and inherited equal and not-applicable not comparable', () => {
    const ranked = STATUSES.filter((s) => STATUS_VOCABULARY[s].quality !== null);
    for (const a of ranked) {
      for (const b of ranked) {
        const qa = STATUS_VOCABULARY[a].quality ?? 0;
        const qb = STATUS_VOCABULARY[b].quality ?? 0;
        if (STATUS_SEVERITY[a] < STATUS_SEVERITY[b]) expect(qa, `${a} vs ${b}`).toBeLessThanOrEqual(qb);
      }
    }
    expect(STATUS_VOCABULARY.met.quality).toBe(STATUS_VOCABULARY.inherited.quality);
    expect(STATUS_VOCABULARY['not-applicable'].quality).toBeNull();
  });

  it('keeps shortfall and satisfied apart: a shortfall is what an exception can accept, never what holds', () => {
    expect([...SHORTFALL_STATUSES].sort()).toEqual(['needs-evidence', 'not-met', 'partial']);
    expect([...SATISFIED_STATUSES].sort()).toEqual(['accepted-risk', 'inherited', 'met']);
    expect(STATUS_VOCABULARY['not-applicable'].satisfied || STATUS_VOCABULARY['not-applicable'].shortfall).toBe(false);
  });

  it('has colours readable on white (3:1, a marker) and badges readable on their background (4.5:1, WCAG 2.1 AA text)', () => {
    for (const s of STATUSES) {
      const v = STATUS_VOCABULARY[s];
      expect(contrast(v.colour, '#ffffff'), s).toBeGreaterThanOrEqual(3);
      expect(contrast(v.badge.text, v.badge.background), s).toBeGreaterThanOrEqual(4.5);
      expect(contrast(v.badge.text, '#ffffff'), s).toBeGreaterThanOrEqual(4.5);
    }
    for (const r of RESPONSIBILITIES) expect(contrast(RESPONSIBILITY_COLOURS[r], '#ffffff'), r).toBeGreaterThanOrEqual(3);
  });

  it('tells a status from any other string', () => {
    expect(STATUSES.every(isStatus)).toBe(true);
    expect(['', 'Met', 'toString', '__proto__', 3, undefined].some(isStatus)).toBe(false);
  });
});
