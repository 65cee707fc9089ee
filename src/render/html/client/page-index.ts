/**
 * The page's data, read once from its JSON element, with the look-ups the views need: requirements
 * and rules by id, and each rule's failing results (a range of the sorted `failing` rows).
 */
import type { PageData, PageFailing, PageRequirement, PageRule } from '../page-data.js';

export interface PageIndex {
  data: PageData;
  requirement: Map<string, PageRequirement>;
  rule: Map<string, PageRule>;
  /** Failing rows of a rule: [start, end) in data.failing. */
  failingRange: Map<string, [number, number]>;
  statusLabel: (status: string) => string;
}

export function readPageData(elementId: string): PageData {
  const node = document.getElementById(elementId);
  if (!node?.textContent) throw new Error('The page holds no data.');
  return JSON.parse(node.textContent) as PageData;
}

export function indexPage(data: PageData): PageIndex {
  const failingRange = new Map<string, [number, number]>();
  data.failing.forEach((row, i) => {
    const r = failingRange.get(row[0]);
    if (r) r[1] = i + 1;
    else failingRange.set(row[0], [i, i + 1]);
  });
  const labels = new Map(data.statuses.map((s) => [s.id as string, s.label]));
  return {
    data,
    requirement: new Map(data.requirements.map((r) => [r.id, r])),
    rule: new Map(data.rules.map((r) => [r.id, r])),
    failingRange,
    statusLabel: (s) => labels.get(s) ?? s,
  };
}

/** The failing rows of the given rules, in the page's order. */
export function failingOf(index: PageIndex, rules: readonly string[]): PageFailing[] {
  const out: PageFailing[] = [];
  for (const rule of [...new Set(rules)].sort()) {
    const r = index.failingRange.get(rule);
    if (!r) continue;
    for (let i = r[0]; i < r[1]; i++) {
      const row = index.data.failing[i];
      if (row) out.push(row);
    }
  }
  return out;
}
