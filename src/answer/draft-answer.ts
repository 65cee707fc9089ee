/**
 * One question's draft: by kind, from the right source. Control questions from the evaluated
 * evidence of the controls they match (polarity inverted for negative wording); frequency from the
 * evidence register; descriptions from the controls' implementation statements; facts from the
 * organisation profile; notes get nothing. An approved answer from the library is preferred. Below
 * the confidence threshold, or when the evidence cannot carry the answer, it is "Needs review" with
 * the reason. Returns data for two voices: what the customer reads, and the reviewer's trail. Pure.
 */
import type { ControlResult, RequirementResult } from '../domain/result.js';
import type { Status } from '../domain/status.js';
import type { LibraryMatch } from './answer-library.js';
import { answerFrequency } from './answer-frequency.js';
import { answerFromProfile, type ProfileContext } from './answer-from-profile.js';
import type { QuestionClass } from './classify-question.js';
import { combineVerdicts, judgeControl, toEvidenceItems } from './judge-control.js';
import type { QuestionMatch, RequirementMatch } from './match-question.js';

export const NEEDS_REVIEW = 'Needs review';

export interface AnswerInputs {
  /** Every evaluated control, by id. */
  controls: ReadonlyMap<string, ControlResult>;
  /** Every requirement result, by `framework-id:requirement-id`. */
  requirements: ReadonlyMap<string, RequirementResult>;
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
  /** "Yes.", "No.", "Partially." */
  lead: string;
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
  judgements: { title: string; status: Status; why: string; evidence: string[] }[];
  citations: { ref: string; status: string }[];
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

const EMPTY_RESPONSE: ResponseContext = { text: '', lead: '', practice: '', aws: '', evidence: [] };
const LEAD: Record<string, string> = { Yes: 'Yes.', No: 'No.', Partial: 'Partially.', 'Not applicable': 'Not applicable.' };

/** The controls the answer stands on: an explicitly named requirement's, else the best match and any within 10% of it. */
export function primaryControls(match: QuestionMatch): string[] {
  if (match.explicit) return [...new Set(match.citations.filter((c) => c.explicit).flatMap((c) => c.controls.slice(0, 2)))];
  const best = match.controls[0];
  if (!best) return [];
  return match.controls.filter((c) => c.score >= 0.9 * best.score).slice(0, 2).map((c) => c.controlId);
}

function internalBase(cls: QuestionClass, confidence: number, threshold: number, match: QuestionMatch | undefined, requirements: ReadonlyMap<string, RequirementResult>): InternalContext {
  const citations = (match?.citations ?? []).map((c) => ({ ref: `${c.framework}:${c.requirementId}`, status: requirements.get(`${c.framework}:${c.requirementId}`)?.status ?? 'not evaluated' }));
  return {
    kind: cls.negative ? 'control (negative wording: polarity inverted)' : cls.kind,
    rule: cls.rule,
    confidence: confidence.toFixed(2),
    threshold: threshold.toFixed(2),
    review: [],
    judgements: [],
    citations,
    matched: (match?.controls ?? []).slice(0, 3).map((c) => `${c.controlId} (${c.score.toFixed(2)})`).join(', '),
    source: '',
  };
}

/**
 * The evidence a customer reads, across the controls the answer stands on: one line for the AWS
 * Config checks (each rule counted once), then records, documents only when nothing shows the
 * practice, AWS's reports last; each once, at most four.
 */
export function customerEvidence(controls: readonly ControlResult[], asOf: string): { name: string; date: string }[] {
  const rules = new Map<string, { compliant: number; evaluated: number }>();
  for (const c of controls) {
    for (const r of c.automated) {
      const evaluated = r.counts.COMPLIANT + r.counts.NON_COMPLIANT;
      if (r.deployments > 0 && evaluated > 0) rules.set(r.identifier, { compliant: r.counts.COMPLIANT, evaluated });
    }
  }
  const items = controls.flatMap((c) => toEvidenceItems(c, asOf)).filter((e) => e.kind !== 'automated');
  const out: { name: string; date: string }[] = [];
  const seen = new Set<string>();
  const add = (name: string, date: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    out.push({ name, date });
  };
  for (const e of items.filter((i) => i.kind === 'record')) add(e.name, e.date);
  if (rules.size > 0) {
    const compliant = [...rules.values()].reduce((n, r) => n + r.compliant, 0);
    const evaluated = [...rules.values()].reduce((n, r) => n + r.evaluated, 0);
    add(`automated AWS Config checks (${compliant} of ${evaluated} evaluated resources compliant)`, asOf);
  }
  if (out.length === 0) for (const e of items.filter((i) => i.kind === 'document')) add(e.name, e.date);
  for (const e of items.filter((i) => i.kind === 'attestation')) add(e.name, e.date);
  return out.slice(0, 4);
}

/** "What are your RTO and RPO?", "Within how many hours ...?": a figure no implementation statement gives. */
const ASKS_FOR_A_VALUE = /^(what (is|are)|within how|how (many|much|quickly|soon|long))\b/i;

export function draftAnswer(question: string, cls: QuestionClass, match: QuestionMatch | undefined, confidence: number, inputs: AnswerInputs, library?: LibraryMatch): DraftAnswer {
  const internal = internalBase(cls, confidence, inputs.threshold, match, inputs.requirements);
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
    const f = answerFromProfile(question, cls.field ?? 'legalName', inputs.profile);
    if (!f.found) return review(f.internal, { source: 'organisation profile' });
    return { ...base, answer: f.answer, answered: true, confidence: 0.9, citations: [], controls: [], response: { ...EMPTY_RESPONSE, text: f.response }, internal: { ...internal, confidence: '0.90', citations: [], matched: '', source: f.internal } };
  }

  if (!match) return review('No match.');
  const controls = base.controls.map((id) => inputs.controls.get(id)).filter((c): c is ControlResult => c !== undefined);
  if (controls.length === 0) return review('No common control matched the question.');
  const judgements = controls.map((c) => judgeControl(c, question, inputs.asOf));
  internal.judgements = judgements.map((j) => ({ title: `${j.title} (${j.controlId})`, status: j.status, why: j.why, evidence: j.evidence.map((e) => `${e.kind}: ${e.detail}`) }));
  if (confidence < inputs.threshold) internal.review.push(`Confidence ${confidence.toFixed(2)} is below ${inputs.threshold.toFixed(2)}: the question matched the catalog only weakly; check the citations.`);

  if (cls.kind === 'frequency') {
    const f = answerFrequency(question, controls);
    internal.source = f.internal;
    if (!f.found || internal.review.length > 0) return review(f.found ? 'Check the match before sending.' : f.internal);
    return { ...base, answer: f.answer, answered: true, response: { ...EMPTY_RESPONSE, text: f.response }, internal };
  }

  const verdict = combineVerdicts(judgements.map((j) => j.verdict));
  const first = controls[0] as ControlResult;
  const practice = controls.map((c) => inputs.practice.get(c.controlId) ?? '').filter(Boolean).join(' ');
  // What AWS carries, unless the control is AWS's alone (its statement already says so).
  const aws = controls.map((c) => (c.responsibility === 'shared' ? c.aws : '')).filter(Boolean)[0] ?? '';

  if (cls.kind === 'descriptive') {
    internal.source = 'described from the implementation statements of the matched controls';
    if (ASKS_FOR_A_VALUE.test(question.trim())) return review('The question asks for a specific figure or commitment (a time, a number, an SLA) that no evidence states: answer it by hand; the matched controls are listed here.');
    if (verdict !== 'Yes' && verdict !== 'Partial') return review(`A description needs the practice in place: ${judgements.map((j) => j.why).join(' ')}`);
    if (internal.review.length > 0) return review('Check the match before sending.');
    const response: ResponseContext = { ...EMPTY_RESPONSE, practice, aws, evidence: customerEvidence(controls, inputs.asOf) };
    return { ...base, answer: '', answered: true, response, internal };
  }

  // Control question: the verdict of the evidence, inverted when the wording asks about the failure.
  internal.source = `decided by ${first.title}${controls.length > 1 ? ` and ${controls.slice(1).map((c) => c.title).join(', ')}` : ''}`;
  let answer: string = verdict;
  if (cls.negative) {
    if (verdict === 'Yes') answer = 'No';
    else if (verdict === 'No' || verdict === 'Partial') {
      return review(`Negative wording: the question asks whether the failure occurs, and the evidence shows a shortfall (${verdict === 'No' ? 'not met' : 'partly met'}). Confirm what the failing evidence means before answering.`);
    }
  }
  if (answer === NEEDS_REVIEW) return review(judgements.map((j) => j.why).join(' '));
  if (internal.review.length > 0) return review('Check the match before sending.');
  const inPlace = cls.negative ? answer === 'No' : answer === 'Yes' || answer === 'Partial';
  const response: ResponseContext = {
    ...EMPTY_RESPONSE,
    lead: LEAD[answer] ?? '',
    practice: inPlace ? practice : '',
    aws: answer === 'Not applicable' ? '' : aws,
    evidence: answer === 'Not applicable' ? [] : customerEvidence(controls, inputs.asOf),
  };
  return { ...base, answer, answered: true, response, internal };
}

