/**
 * One question's draft: by kind, from the right source. Control questions repeat the verdicts of
 * the requirements they cite (issue 13: each decided only by its deciding evidence, over its
 * framework's scope), never more than the weakest shows, with the polarity inverted for negative
 * wording; a requirement declared not applicable answers Not applicable with its justification.
 * Frequency from the evidence register; descriptions from the implementation statements, only where
 * the cited requirements are in place; facts from the organisation profile; notes get nothing. An
 * approved answer from the library is preferred. Below the confidence threshold, or when the
 * verdicts cannot carry the answer, it is "Needs review" with the reason. Returns data for two
 * voices: what the customer reads, and the reviewer's trail. Pure.
 */
import type { ControlResult } from '../domain/result.js';
import { SATISFIED_STATUSES } from '../domain/status.js';
import type { LibraryMatch } from './answer-library.js';
import { answerFrequency } from './answer-frequency.js';
import { answerFromProfile, type ProfileContext } from './answer-from-profile.js';
import { askingSentence, type QuestionClass } from './classify-question.js';
import { combineJudgements, judgeRequirement, type AnswerVerdict, type CitedRequirement, type RequirementJudgement } from './judge-requirement.js';
import type { QuestionMatch, RequirementMatch } from './match-question.js';

export const NEEDS_REVIEW = 'Needs review';

export interface AnswerInputs {
  /** Every evaluated control, by id (for frequencies; the first framework's scope that names it). */
  controls: ReadonlyMap<string, ControlResult>;
  /** Every evaluated requirement, by `framework-id:requirement-id`, with its framework's controls and scope. */
  requirements: ReadonlyMap<string, CitedRequirement>;
  /** The snapshot's date, YYYY-MM-DD. */
  asOf: string;
  organisation: string;
  /** The first sentence of each control's implementation statement, rendered for this organisation. */
  practice: ReadonlyMap<string, string>;
  profile: ProfileContext;
  threshold: number;
}

/** What the customer reads. */
export interface ResponseContext {
  /** For facts, frequencies and approved answers: the whole response. */
  text: string;
  /** "Yes.", "No.", "Partially.", "Not applicable." */
  lead: string;
  /** Why it does not apply: the declarations' justifications. */
  justification: string;
  practice: string;
  aws: string;
  evidence: { name: string; date: string }[];
}

/** What the reviewer reads. */
export interface InternalContext {
  kind: string;
  rule: string;
  confidence: string;
  threshold: string;
  review: string[];
  /** Each cited requirement: its verdict, why, and its deciding evidence. */
  judgements: { title: string; status: string; why: string; evidence: string[] }[];
  matched: string;
  source: string;
}

export interface DraftAnswer {
  kind: QuestionClass['kind'];
  negative: boolean;
  /** The short answer: Yes / No / Partial / Not applicable / Needs review, a value, or a description. */
  answer: string;
  /** The customer-facing text is ready to send once reviewed (false for Needs review and notes). */
  answered: boolean;
  confidence: number;
  citations: RequirementMatch[];
  controls: string[];
  response: ResponseContext;
  internal: InternalContext;
}

const EMPTY_RESPONSE: ResponseContext = { text: '', lead: '', justification: '', practice: '', aws: '', evidence: [] };
const LEAD: Record<string, string> = { Yes: 'Yes.', No: 'No.', Partial: 'Partially.', 'Not applicable': 'Not applicable.' };

/** The controls the question matched best: the best match and any within 10% of it (an explicitly named requirement's own). */
export function primaryControls(match: QuestionMatch): string[] {
  if (match.explicit) return [...new Set(match.citations.filter((c) => c.explicit).flatMap((c) => c.controls.slice(0, 2)))];
  const best = match.controls[0];
  if (!best) return [];
  return match.controls.filter((c) => c.score >= 0.9 * best.score).slice(0, 2).map((c) => c.controlId);
}

/** The controls the question is about: an explicitly named requirement's, else the best-matched ones. */
export function askedAbout(match: QuestionMatch): Set<string> {
  if (match.explicit) return new Set(match.citations.filter((c) => c.explicit).flatMap((c) => c.about));
  return new Set(primaryControls(match));
}

/** The requirements an answer stands on: those the question names, else every citation. */
export function citedRequirements(match: QuestionMatch, requirements: ReadonlyMap<string, CitedRequirement>): CitedRequirement[] {
  const cited = match.explicit ? match.citations.filter((c) => c.explicit) : match.citations;
  return cited.map((c) => requirements.get(`${c.framework}:${c.requirementId}`)).filter((r): r is CitedRequirement => r !== undefined);
}

function internalBase(cls: QuestionClass, confidence: number, threshold: number, match: QuestionMatch | undefined): InternalContext {
  return {
    kind: cls.negative ? 'control (negative wording: polarity inverted)' : cls.kind,
    rule: cls.rule,
    confidence: confidence.toFixed(2),
    threshold: threshold.toFixed(2),
    review: [],
    judgements: [],
    matched: (match?.controls ?? []).slice(0, 3).map((c) => `${c.controlId} (${c.score.toFixed(2)})`).join(', '),
    source: '',
  };
}

/**
 * The deciding evidence a customer reads, across the requirements the answer stands on: records of
 * the practice, one line for the AWS Config checks (each rule counted once, in the widest scope that
 * evaluated it), documents only when nothing shows the practice, AWS's reports last; each once, at
 * most four. For a Yes or Partial the evidence in force; for a No the failing checks of the requirements that say No.
 */
export function customerEvidence(judgements: readonly RequirementJudgement[], answer: string): { name: string; date: string }[] {
  const all = answer === 'No' ? judgements.filter((j) => j.verdict === 'No').flatMap((j) => j.evidence).filter((e) => e.status === 'not-met') : judgements.flatMap((j) => j.evidence).filter((e) => SATISFIED_STATUSES.has(e.status));
  const rules = new Map<string, { compliant: number; evaluated: number; date: string }>();
  for (const e of all) {
    if (!e.rule) continue;
    const seen = rules.get(e.rule.identifier);
    if (!seen || e.rule.evaluated > seen.evaluated) rules.set(e.rule.identifier, { compliant: e.rule.compliant, evaluated: e.rule.evaluated, date: e.date });
  }
  const out: { name: string; date: string }[] = [];
  const seen = new Set<string>();
  const add = (name: string, date: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    out.push({ name, date });
  };
  for (const e of all.filter((i) => i.kind === 'record')) add(e.name, e.date);
  if (rules.size > 0) {
    const list = [...rules.values()];
    const compliant = list.reduce((n, r) => n + r.compliant, 0);
    const evaluated = list.reduce((n, r) => n + r.evaluated, 0);
    add(`automated AWS Config checks (${compliant} of ${evaluated} evaluated resources compliant)`, list[0]?.date ?? '');
  }
  if (out.length === 0) for (const e of all.filter((i) => i.kind === 'document')) add(e.name, e.date);
  for (const e of all.filter((i) => i.kind === 'attestation')) add(e.name, e.date);
  return out.slice(0, 4);
}

/** "What are your RTO and RPO?", "Within how many hours ...?": a figure no implementation statement gives. */
const ASKS_FOR_A_VALUE = /^(what (is|are)|within how|how (many|much|quickly|soon|long))\b/i;

/** The controls whose statements describe the practice: the best-matched ones that decide a cited requirement, else the first cited requirement's. */
function practiceControls(match: QuestionMatch, cited: readonly CitedRequirement[]): string[] {
  const deciding = new Set(cited.flatMap((c) => c.result.controls));
  const matched = primaryControls(match).filter((id) => deciding.has(id));
  if (matched.length > 0) return matched;
  const first = cited[0]?.result.controls[0];
  return first ? [first] : [];
}

export function draftAnswer(question: string, cls: QuestionClass, match: QuestionMatch | undefined, confidence: number, inputs: AnswerInputs, library?: LibraryMatch): DraftAnswer {
  const internal = internalBase(cls, confidence, inputs.threshold, match);
  const base = { kind: cls.kind, negative: cls.negative, confidence, citations: match?.citations ?? [], controls: match ? primaryControls(match) : [] };
  const review = (why: string, extra: Partial<InternalContext> = {}): DraftAnswer => ({ ...base, answer: NEEDS_REVIEW, answered: false, response: EMPTY_RESPONSE, internal: { ...internal, ...extra, review: [...internal.review, ...(extra.review ?? []), why] } });

  if (cls.kind === 'not-a-question') return { ...base, answer: '', answered: false, confidence: 0, citations: [], controls: [], response: EMPTY_RESPONSE, internal: { ...internal, source: 'not a question: left blank' } };

  if (library && !library.stale) {
    const a = library.approved;
    return {
      ...base,
      answer: a.answer,
      answered: true,
      confidence: Math.max(confidence, Math.round(library.similarity * 100) / 100),
      response: { ...EMPTY_RESPONSE, text: a.response || a.answer },
      internal: { ...internal, source: `approved answer reused (library line ${a.line}, matched "${a.question}", similarity ${library.similarity.toFixed(2)}), approved by ${a.owner}, last reviewed ${a.reviewedOn}` },
    };
  }
  if (library?.stale) internal.review.push(`The library's approved answer (line ${library.approved.line}, by ${library.approved.owner}) was last reviewed ${library.approved.reviewedOn}, more than a year before ${inputs.asOf}: not reused.`);

  if (cls.kind === 'factual') {
    if (!cls.field) return review(`A fact about the organisation's own systems (${cls.rule}): answer it by hand, or add it to the answer library.`, { source: 'organisation profile' });
    const f = answerFromProfile(question, cls.field, inputs.profile);
    if (!f.found) return review(f.internal, { source: 'organisation profile' });
    return { ...base, answer: f.answer, answered: true, confidence: 0.9, citations: [], controls: [], response: { ...EMPTY_RESPONSE, text: f.response }, internal: { ...internal, confidence: '0.90', matched: '', source: f.internal } };
  }

  if (!match) return review('No match.');
  const cited = citedRequirements(match, inputs.requirements);
  if (cited.length === 0) return review('No cited requirement was evaluated.');
  const asked = askedAbout(match);
  const judgements = cited.map((c) => judgeRequirement(c, question, inputs.asOf, asked));
  internal.judgements = judgements.map((j) => ({ title: `${j.ref} ${j.title}`, status: j.statusText, why: j.why, evidence: j.trail }));
  if (confidence < inputs.threshold) internal.review.push(`Confidence ${confidence.toFixed(2)} is below ${inputs.threshold.toFixed(2)}: the question matched the catalog only weakly; check the citations.`);

  if (cls.kind === 'frequency') {
    const ids = [...new Set([...base.controls, ...cited.flatMap((c) => c.result.controls)])];
    const f = answerFrequency(question, ids.map((id) => inputs.controls.get(id)).filter((c): c is ControlResult => c !== undefined));
    internal.source = f.internal;
    if (!f.found || internal.review.length > 0) return review(f.found ? 'Check the match before sending.' : f.internal);
    return { ...base, answer: f.answer, answered: true, response: { ...EMPTY_RESPONSE, text: f.response }, internal };
  }

  const verdict: AnswerVerdict = combineJudgements(judgements);
  const standing = judgements.filter((j) => j.verdict !== 'Not applicable');
  const standingCited = cited.filter((_, i) => judgements[i]?.verdict !== 'Not applicable');
  const ids = practiceControls(match, standingCited.length > 0 ? standingCited : cited);
  const practice = ids.map((id) => inputs.practice.get(id) ?? '').filter(Boolean).join(' ');
  // What AWS carries, unless the control is AWS's alone (its statement already says so).
  const aws = ids.map((id) => inputs.controls.get(id)).map((c) => (c?.responsibility === 'shared' ? c.aws : '')).filter(Boolean)[0] ?? '';
  const why = () => judgements.filter((j) => j.verdict !== 'Yes').map((j) => j.why).join(' ');

  if (cls.kind === 'descriptive') {
    internal.source = 'described from the implementation statements of the controls that decide the cited requirements';
    if (cls.asksForValues || ASKS_FOR_A_VALUE.test(askingSentence(question.replace(/\s+/g, ' ').trim()))) return review('The question asks for specific values, a pick from a list, or a figure or commitment (a time, a number, an SLA) that no evidence states: answer it by hand; the cited requirements are listed here.');
    if (verdict !== 'Yes' && verdict !== 'Partial') return review(`A description needs the cited requirements in place: ${why()}`);
    if (internal.review.length > 0) return review('Check the match before sending.');
    const response: ResponseContext = { ...EMPTY_RESPONSE, practice, aws, evidence: customerEvidence(standing, verdict) };
    return { ...base, answer: '', answered: true, response, internal };
  }

  // Control question: the verdicts of the cited requirements, inverted when the wording asks about the failure.
  internal.source = `the verdicts of the ${judgements.length} cited requirement${judgements.length === 1 ? '' : 's'} below, never more than the weakest shows`;
  let answer: string = verdict;
  if (cls.negative) {
    if (verdict === 'Yes') answer = 'No';
    else if (verdict === 'No' || verdict === 'Partial') {
      return review(`Negative wording: the question asks whether the failure occurs, and a cited requirement shows a shortfall (${verdict === 'No' ? 'not met' : 'accepted risk'}). Confirm what the failing evidence means before answering. ${why()}`);
    }
  }
  if (answer === NEEDS_REVIEW) return review(why() || 'The cited requirements do not carry an answer.');
  if (internal.review.length > 0) return review('Check the match before sending.');
  if (answer === 'Not applicable') {
    const justification = [...new Set(judgements.map((j) => j.declared?.justification ?? '').filter(Boolean))].join(' ');
    return { ...base, answer, answered: true, response: { ...EMPTY_RESPONSE, lead: LEAD[answer] ?? '', justification }, internal };
  }
  const inPlace = cls.negative ? answer === 'No' : answer === 'Yes' || answer === 'Partial';
  const response: ResponseContext = {
    ...EMPTY_RESPONSE,
    lead: LEAD[answer] ?? '',
    practice: inPlace ? practice : '',
    aws,
    evidence: customerEvidence(standing, cls.negative ? verdict : answer),
  };
  return { ...base, answer, answered: true, response, internal };
}
