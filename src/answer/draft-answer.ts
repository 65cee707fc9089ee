/**
 * A draft answer from the evaluated statuses of the matched controls, with a confidence and the
 * evidence it cites. Pure: the explanation text is rendered by the caller's template function.
 */
import type { ControlResult } from '../domain/result.js';
import type { QuestionMatch } from './match-question.js';
import { pushAll } from '../domain/arrays.js';

export const ANSWERS = ['Yes', 'No', 'Partial', 'Not applicable', 'Needs review'] as const;
export type Answer = (typeof ANSWERS)[number];

export interface ExplanationContext {
  organisation: string;
  reused?: { question: string; explanation: string };
  controls: {
    title: string;
    status: string;
    inherited: boolean;
    aws: string;
    customer: string;
    /** Why the status is not simply met: the control's deciding reason. */
    reason: string;
    rules: { identifier: string; compliant: number; evaluated: number; failing: number }[];
    attestations: { title: string; period: string; status: string }[];
    manual: { title: string; collectedOn: string; status: string }[];
  }[];
  missing: string;
}

export interface DraftAnswer {
  answer: Answer;
  confidence: number;
  requirements: string[];
  controls: string[];
  evidence: string[];
  context: ExplanationContext;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The controls an answer stands on: those of explicitly referenced requirements, else the best text matches. */
export function selectControls(match: QuestionMatch, controlsOfRequirement: (key: string) => string[]): string[] {
  if (match.explicit) {
    const ids = match.requirements.filter((r) => r.explicit).flatMap((r) => controlsOfRequirement(`${r.framework}:${r.requirementId}`));
    return [...new Set(ids)].slice(0, 4);
  }
  const best = match.controls[0]?.score ?? 0;
  return match.controls.filter((c) => c.score >= 0.6 * best).slice(0, 3).map((c) => c.controlId);
}

export function draftAnswer(
  match: QuestionMatch,
  controlIds: readonly string[],
  results: ReadonlyMap<string, ControlResult>,
  organisation: string,
): DraftAnswer {
  const controls = controlIds.map((id) => results.get(id)).filter((c): c is ControlResult => c !== undefined);
  const statuses = controls.map((c) => c.status);
  const evidence: string[] = [];
  const missing: string[] = [];
  const ctxControls = controls.map((c) => {
    const rules = c.automated
      .filter((r) => r.deployments > 0 && r.counts.COMPLIANT + r.counts.NON_COMPLIANT > 0)
      .map((r) => ({ identifier: r.identifier, compliant: r.counts.COMPLIANT, evaluated: r.counts.COMPLIANT + r.counts.NON_COMPLIANT, failing: r.failingTotal }));
    for (const r of rules) evidence.push(`${r.identifier} ${r.compliant}/${r.evaluated} compliant`);
    const attestations = c.attestations.map((a) => {
      const period = a.report ? `${a.report.periodStart.slice(0, 10)} to ${a.report.periodEnd.slice(0, 10)}` : a.agreement ? `${a.agreement.state} since ${a.agreement.effectiveStart.slice(0, 10)}` : 'not found';
      if (a.status === 'current') evidence.push(`${a.report?.name ?? a.agreement?.name ?? a.title} (${period})`);
      else missing.push(`${a.title} (${a.status})`);
      return { title: a.report?.name ?? a.agreement?.name ?? a.title, period, status: a.status };
    });
    const manual = c.manual.map((m) => {
      if (m.record && (m.status === 'current' || m.status === 'expiring')) evidence.push(`${m.record.title} (${m.record.collectedOn})`);
      else missing.push(`${m.record?.title ?? m.title} (${m.status})`);
      return { title: m.record?.title ?? m.title, collectedOn: m.record?.collectedOn ?? '', status: m.status };
    });
    return {
      title: c.title,
      status: c.status,
      inherited: c.responsibility === 'inherited',
      aws: c.responsibility === 'customer' ? '' : c.aws,
      customer: c.customer,
      reason: c.status === 'met' || c.status === 'inherited' ? '' : c.reasons[0] ?? '',
      rules,
      attestations,
      manual,
    };
  });

  // How sure the match is: an explicit reference is near certain; text matches by their BM25 margin.
  const best = match.controls[0]?.score ?? 0;
  const second = match.controls[1]?.score ?? 0;
  let confidence = match.explicit ? 0.9 : Math.min(0.85, 0.25 + Math.min(1, match.topScore / 60) * 0.45 + (best > 0 ? (best - second) / best : 0) * 0.15);
  let answer: Answer;
  if (controls.length === 0) {
    answer = 'Needs review';
    confidence = Math.min(confidence, 0.2);
    missing.push('no common control matched the question');
  } else if (statuses.every((s) => s === 'not-applicable')) answer = 'Not applicable';
  else if (statuses.some((s) => s === 'needs-evidence')) {
    answer = 'Needs review';
    confidence *= 0.6;
    pushAll(missing, controls.filter((c) => c.status === 'needs-evidence').map((c) => `${c.title}: ${c.reasons[0] ?? 'no deciding evidence'}`));
  } else if (statuses.every((s) => s === 'met' || s === 'inherited' || s === 'not-applicable')) answer = 'Yes';
  else if (statuses.every((s) => s === 'not-met')) answer = 'No';
  else answer = 'Partial';
  if (answer !== 'Needs review' && confidence < 0.45) {
    answer = 'Needs review';
    missing.push('the question matched the controls only weakly: check the match');
  }
  return {
    answer,
    confidence: round2(confidence),
    requirements: match.requirements.slice(0, 8).map((r) => `${r.framework}:${r.requirementId}`),
    controls: controls.map((c) => c.controlId),
    evidence: [...new Set(evidence)],
    context: { organisation, controls: ctxControls, missing: [...new Set(missing)].join('; ') },
  };
}
