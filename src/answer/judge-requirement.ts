/**
 * What the verdict of one cited requirement lets an answer say (issue 13's verdicts, repeated, never
 * exceeded). Not met is No; accepted risk (a shortfall under an approved exception, or a documented
 * alternative measure) is Partial; partial or needs-evidence goes to review, since nothing decides
 * the practice; declared not applicable is Not applicable with the declaration's justification.
 * Met or inherited is Yes only when its deciding evidence shows the practice itself (AWS Config
 * evaluations, a record of the practice such as a review, a test or a report, or for what AWS
 * carries a current AWS attestation); a policy, standard, procedure or plan alone is a statement of
 * intent, enough only when the question asks about that document. Evidence is read from the
 * requirement's deciding evidence only, in its framework's scope. Pure.
 */
import type { ApplicabilityDeclaration } from '../domain/applicability.js';
import type { ControlResult, EvidencePart, RequirementResult } from '../domain/result.js';
import { SATISFIED_STATUSES, STATUS_LABELS, type Status } from '../domain/status.js';

export const ANSWER_VERDICTS = ['Yes', 'No', 'Partial', 'Not applicable', 'Needs review'] as const;
export type AnswerVerdict = (typeof ANSWER_VERDICTS)[number];

/** One cited requirement as its framework evaluated it, with the framework's controls (its scope). */
export interface CitedRequirement {
  framework: string;
  result: RequirementResult;
  /** The framework's evaluated controls, by id: the deciding evidence's records, counts and reports. */
  controls: ReadonlyMap<string, ControlResult>;
  /** What the framework was evaluated over, for the reviewer ("the whole snapshot" when undeclared). */
  scope: string;
}

/** One piece of deciding evidence, named for a customer and detailed for a reviewer. */
export interface EvidenceItem {
  kind: 'automated' | 'record' | 'document' | 'attestation';
  /** What a customer may read: a document title, an AWS report name, an AWS Config rule's counts. */
  name: string;
  /** YYYY-MM-DD or a period. */
  date: string;
  /** The deciding part's status (met, inherited, accepted-risk: in force; not-met: what falls short). */
  status: Status;
  /** The managed rule (kind automated): counted once across requirements. */
  rule?: { identifier: string; compliant: number; evaluated: number };
}

export interface RequirementJudgement {
  /** `framework:requirement`. */
  ref: string;
  title: string;
  status: Status;
  /** srmap's label and the framework's own term, e.g. "Met (PCI DSS: In Place)". */
  statusText: string;
  verdict: AnswerVerdict;
  /** The verdict is Not applicable because a declaration in force says so. */
  declared?: ApplicabilityDeclaration;
  /** Why, for the reviewer. */
  why: string;
  /** What the customer may read: the deciding evidence (current records, evaluated rules, current AWS reports; an expired record is named with its end date). */
  evidence: EvidenceItem[];
  /** The full trail for the reviewer: every deciding part, its status and details. */
  trail: string[];
}

/** Manual evidence kinds that state an intent (a policy, standard, procedure, plan) rather than record a practice. */
export function isDocumentOfIntent(kind: string): boolean {
  return /-(policy|procedure|procedures|standard|plan|statement|programme)$/.test(kind) || ['roles-and-responsibilities', 'processing-specifications', 'system-runbooks'].includes(kind);
}

/** The question asks whether a document exists ("Do you have a documented incident response plan?"). */
export function asksAboutDocument(question: string): boolean {
  return /\b(polic(y|ies)|procedures?|plans?|standards?|documented|written|runbooks?|programmes?|programs?|methodology)\b/i.test(question);
}

/** A deciding part as the customer may read it (only what is in force), and as the reviewer reads it. */
function readPart(part: EvidencePart, controls: ReadonlyMap<string, ControlResult>, asOf: string): { item?: EvidenceItem; trail: string } {
  const status = part.status;
  const control = part.controlId ? controls.get(part.controlId) : undefined;
  const head = `${part.kind} ${part.id}${part.controlId ? ` (${part.controlId})` : ''}: ${STATUS_LABELS[part.status]}. ${part.reason}`;
  if (part.kind === 'rule') {
    const r = control?.automated.find((x) => x.identifier === part.id);
    if (!r) return { trail: head };
    const evaluated = r.counts.COMPLIANT + r.counts.NON_COMPLIANT;
    const trail = `${head} [${r.counts.COMPLIANT}/${evaluated} compliant${r.failingTotal ? `, ${r.failingTotal} failing` : ''}${r.excepted ? `, ${r.excepted} under exception ${r.exceptionIds.join(', ')}` : ''}; ${r.deployments} deployment${r.deployments === 1 ? '' : 's'}]`;
    if (r.deployments === 0 || evaluated === 0) return { trail };
    return { trail, item: { kind: 'automated', name: 'automated AWS Config checks', date: asOf, status, rule: { identifier: r.identifier, compliant: r.counts.COMPLIANT, evaluated } } };
  }
  if (part.kind === 'manual') {
    const m = control?.manual.find((x) => x.kind === part.id);
    const rec = m?.record;
    if (!m || !rec) return { trail: head };
    const trail = `${head} [${rec.id} by ${rec.owner}, collected ${rec.collectedOn}, valid until ${rec.validUntil}, ${m.status}${rec.integrity ? `, file ${rec.integrity}` : ''}]`;
    const kind = isDocumentOfIntent(m.kind) ? 'document' : 'record';
    if (m.status === 'expired') return { trail, item: { kind, name: rec.title, date: `valid until ${rec.validUntil}`, status } };
    if (m.status !== 'current' && m.status !== 'expiring') return { trail };
    return { trail, item: { kind, name: rec.title, date: rec.collectedOn, status } };
  }
  const a = control?.attestations.find((x) => x.kind === part.id);
  if (!a || a.status !== 'current') return { trail: head };
  const name = a.report?.name ?? a.agreement?.name ?? a.title;
  const date = a.report ? `${a.report.periodStart.slice(0, 10)} to ${a.report.periodEnd.slice(0, 10)}` : a.agreement ? `since ${a.agreement.effectiveStart.slice(0, 10)}` : '';
  return { trail: head, item: { kind: 'attestation', name: `AWS: ${name}`, date, status } };
}

/**
 * @param asked the controls the question is about: a not-met requirement answers No only when a
 * failing deciding part comes from one of them; a broad requirement failing elsewhere (SOC 2 CC6.1
 * on an unencrypted volume, asked about unique user ids) can make no Yes, but says no No either.
 */
export function judgeRequirement(cited: CitedRequirement, question: string, asOf: string, asked?: ReadonlySet<string>): RequirementJudgement {
  const r = cited.result;
  const ref = `${cited.framework}:${r.requirementId}`;
  const read = r.deciding.map((p) => ({ part: p, ...readPart(p, cited.controls, asOf) }));
  const evidence = read.flatMap((x) => (x.item ? [x.item] : []));
  const inForce = evidence.filter((e) => SATISFIED_STATUSES.has(e.status));
  const label = STATUS_LABELS[r.status];
  const statusText = r.frameworkStatus && r.frameworkStatus !== label ? `${label} (${cited.framework}: ${r.frameworkStatus})` : label;
  const base = { ref, title: r.title, status: r.status, statusText, evidence, trail: [`Evaluated over ${cited.scope}.`, ...read.map((x) => x.trail)] };
  const reason = r.reasons[0] ?? '';
  switch (r.status) {
    case 'not-met': {
      const failing = r.deciding.filter((p) => p.status === 'not-met');
      const elsewhere = asked !== undefined && failing.length > 0 && failing.every((p) => p.controlId !== undefined && p.controlId !== '' && !asked.has(p.controlId));
      if (elsewhere) {
        const where = [...new Set(failing.map((p) => p.controlId))].join(', ');
        return { ...base, verdict: 'Needs review', why: `${ref} is not met, by its evidence of ${where}, not of the practice asked about: it allows no Yes; confirm whether the shortfall bears on the question. ${reason}` };
      }
      return { ...base, verdict: 'No', why: `${ref} is not met: ${reason}` };
    }
    case 'partial':
      return { ...base, verdict: 'Needs review', why: `${ref} is only partly evidenced: ${reason} Confirm the rest before answering.` };
    case 'needs-evidence':
      return { ...base, verdict: 'Needs review', why: `${ref} has no deciding evidence: ${reason}` };
    case 'accepted-risk':
      return { ...base, verdict: 'Partial', why: `${ref} falls short where ${r.declaration ? 'a documented alternative measure' : 'a current, approved exception'} covers it: ${reason}` };
    case 'not-applicable':
      if (r.declaration?.decision === 'not-applicable') return { ...base, verdict: 'Not applicable', declared: r.declaration, why: `${ref}: ${reason}` };
      return { ...base, verdict: 'Not applicable', why: `${ref} is not applicable without a declaration: ${reason}` };
    default: {
      const practice = inForce.filter((e) => e.kind !== 'document');
      const documents = inForce.filter((e) => e.kind === 'document');
      if (practice.length > 0) return { ...base, verdict: 'Yes', why: `${ref} is ${label.toLowerCase()}, decided by ${[...new Set(practice.map((e) => e.kind))].join(', ')} evidence.` };
      if (documents.length > 0 && asksAboutDocument(question)) return { ...base, verdict: 'Yes', why: `${ref} is ${label.toLowerCase()}; the question asks for the document, and ${documents.map((d) => d.name).join(', ')} is current.` };
      if (documents.length > 0) {
        return { ...base, verdict: 'Needs review', why: `${ref} rests only on ${documents.map((d) => d.name).join(', ')}, a statement of intent: a Yes needs a record of the practice itself (a review, a test, a report).` };
      }
      return { ...base, verdict: 'Needs review', why: `${ref} is ${label.toLowerCase()} but none of its deciding evidence names the practice.` };
    }
  }
}

/**
 * The answer over every cited requirement, never more than the weakest shows (the roll-up rule of
 * the evaluation): any No is No; then any review; then any Partial; Yes only when all say Yes. A
 * requirement that does not apply is set aside; when none applies, Not applicable only if each is
 * declared so (with its justification), else review.
 */
export function combineJudgements(judgements: readonly RequirementJudgement[]): AnswerVerdict {
  if (judgements.length === 0) return 'Needs review';
  const applicable = judgements.filter((j) => j.verdict !== 'Not applicable');
  if (applicable.length === 0) return judgements.every((j) => j.declared) ? 'Not applicable' : 'Needs review';
  for (const v of ['No', 'Needs review', 'Partial'] as const) if (applicable.some((j) => j.verdict === v)) return v;
  return 'Yes';
}
