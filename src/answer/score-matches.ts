/** How often a right requirement is among the top 3 matches, per framework, on a labelled question set. Pure. */
import { parse } from 'csv-parse/sync';
import type { MatchIndex } from './match-question.js';

export interface LabelledQuestion {
  id: string;
  question: string;
  /** Right requirement ids per framework id (a framework with none is not scored for that question). */
  labels: Record<string, string[]>;
}

export function parseLabelledSet(text: string, frameworkIds: readonly string[]): LabelledQuestion[] {
  const rows = parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({
    id: r.id ?? '',
    question: r.question ?? '',
    labels: Object.fromEntries(frameworkIds.map((f) => [f, (r[f] ?? '').split(';').map((s) => s.trim()).filter(Boolean)])),
  }));
}

export interface FrameworkScore {
  framework: string;
  questions: number;
  top1: number;
  top3: number;
}

export function scoreMatches(index: MatchIndex, set: readonly LabelledQuestion[], frameworkIds: readonly string[]): FrameworkScore[] {
  const scores = frameworkIds.map((framework) => ({ framework, questions: 0, top1: 0, top3: 0 }));
  for (const q of set) {
    const match = index.match(q.question, 3);
    for (const s of scores) {
      const right = q.labels[s.framework] ?? [];
      if (right.length === 0) continue;
      s.questions += 1;
      const ranked = match.requirements.filter((r) => r.framework === s.framework).map((r) => r.requirementId);
      if (right.includes(ranked[0] ?? '')) s.top1 += 1;
      if (ranked.slice(0, 3).some((id) => right.includes(id))) s.top3 += 1;
    }
  }
  return scores;
}

export function toScoreTable(scores: readonly FrameworkScore[], setSize: number): string {
  const pct = (n: number, d: number) => (d === 0 ? '-' : `${Math.round((n / d) * 100)}%`);
  return [
    `Measured on ${setSize} labelled questions (\`evidence/questionnaires/labelled-set.csv\`) by \`npm run answer-quality\`:`,
    '',
    '| framework | questions labelled | right requirement first | right requirement in top 3 |',
    '|---|---|---|---|',
    ...scores.map((s) => `| ${s.framework} | ${s.questions} | ${pct(s.top1, s.questions)} | ${pct(s.top3, s.questions)} |`),
  ].join('\n');
}
