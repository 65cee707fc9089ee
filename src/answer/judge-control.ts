/**
 * What the evidence of one evaluated control lets srmap say. Not met is No; a shortfall under an
 * approved exception is Partial; partly evidenced (some parts have no deciding evidence) goes to
 * review, since the practice may be whole while the proof is not. Yes only when something shows the
 * practice itself (AWS Config evaluations, a record of the practice such as a review, a test or a
 * report, or for what AWS carries a current AWS attestation); a policy, standard, procedure or plan
 * alone is a statement of intent, enough only when the question asks about that document. Pure.
 */
import type { ControlResult } from '../domain/result.js';
import type { Status } from '../domain/status.js';

export const CONTROL_VERDICTS = ['Yes', 'No', 'Partial', 'Not applicable', 'Needs review'] as const;
export type ControlVerdict = (typeof CONTROL_VERDICTS)[number];

/** One piece of evidence, named for a customer and detailed for a reviewer. */
export interface EvidenceItem {
  kind: 'automated' | 'record' | 'document' | 'attestation';
  /** What a customer may read: a document title, an AWS report name, "automated AWS Config checks". */
  name: string;
  /** YYYY-MM-DD or a period. */
  date: string;
  /** The full trail for the reviewer: ids, counts, owners, integrity. */
  detail: string;
}

export interface ControlJudgement {
  controlId: string;
  title: string;
  status: Status;
  verdict: ControlVerdict;
  /** Why, for the reviewer. */
  why: string;
  evidence: EvidenceItem[];
}

/** Manual evidence kinds that state an intent (a policy, standard, procedure, plan) rather than record a practice. */
export function isDocumentOfIntent(kind: string): boolean {
  return /-(policy|procedure|procedures|standard|plan|statement|programme)$/.test(kind) || ['roles-and-responsibilities', 'processing-specifications', 'system-runbooks'].includes(kind);
}

/** The question asks whether a document exists ("Do you have a documented incident response plan?"). */
export function asksAboutDocument(question: string): boolean {
  return /\b(polic(y|ies)|procedures?|plans?|standards?|documented|written|runbooks?|programmes?|programs?|methodology)\b/i.test(question);
}

export function toEvidenceItems(c: ControlResult, asOf: string): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  const rules = c.automated.filter((r) => r.deployments > 0 && r.counts.COMPLIANT + r.counts.NON_COMPLIANT > 0);
  if (rules.length > 0) {
    const compliant = rules.reduce((n, r) => n + r.counts.COMPLIANT, 0);
    const evaluated = rules.reduce((n, r) => n + r.counts.COMPLIANT + r.counts.NON_COMPLIANT, 0);
    items.push({
      kind: 'automated',
      name: `automated AWS Config checks (${compliant} of ${evaluated} evaluated resources compliant)`,
      date: asOf,
      detail: rules
        .map((r) => `${r.identifier}: ${r.counts.COMPLIANT}/${r.counts.COMPLIANT + r.counts.NON_COMPLIANT} compliant${r.failingTotal ? `, ${r.failingTotal} failing` : ''}${r.excepted ? `, ${r.excepted} under exception ${r.exceptionIds.join(', ')}` : ''} (${r.deployments} deployment${r.deployments === 1 ? '' : 's'})`)
        .join('; '),
    });
  }
  for (const m of c.manual) {
    if (!m.record || (m.status !== 'current' && m.status !== 'expiring')) continue;
    items.push({
      kind: isDocumentOfIntent(m.kind) ? 'document' : 'record',
      name: m.record.title,
      date: m.record.collectedOn,
      detail: `${m.record.id} (${m.kind}) by ${m.record.owner}, collected ${m.record.collectedOn}, valid until ${m.record.validUntil}, ${m.status}${m.record.integrity ? `, file ${m.record.integrity}` : ''}`,
    });
  }
  for (const a of c.attestations) {
    if (a.status !== 'current') continue;
    const name = a.report?.name ?? a.agreement?.name ?? a.title;
    const date = a.report ? `${a.report.periodStart.slice(0, 10)} to ${a.report.periodEnd.slice(0, 10)}` : a.agreement ? `since ${a.agreement.effectiveStart.slice(0, 10)}` : '';
    items.push({ kind: 'attestation', name: `AWS: ${name}`, date, detail: `${a.kind}: ${a.reason}` });
  }
  return items;
}

export function judgeControl(c: ControlResult, question: string, asOf: string): ControlJudgement {
  const evidence = toEvidenceItems(c, asOf);
  const base = { controlId: c.controlId, title: c.title, status: c.status, evidence };
  const reason = c.reasons[0] ?? '';
  switch (c.status) {
    case 'not-met':
      return { ...base, verdict: 'No', why: `${c.title} is not met: ${reason}` };
    case 'partial':
      // Some parts met, others without deciding evidence: the practice may be whole, the proof is not.
      return { ...base, verdict: 'Needs review', why: `${c.title} is only partly evidenced: ${reason} Confirm the rest before answering Yes.` };
    case 'accepted-risk':
      return { ...base, verdict: 'Partial', why: `${c.title} falls short where a current, approved exception accepts the risk: ${reason}` };
    case 'needs-evidence':
      return { ...base, verdict: 'Needs review', why: `${c.title} has no deciding evidence: ${reason}` };
    case 'not-applicable':
      return { ...base, verdict: 'Not applicable', why: `${c.title} is not applicable: ${reason}` };
    default: {
      const practice = evidence.filter((e) => e.kind !== 'document');
      const documents = evidence.filter((e) => e.kind === 'document');
      if (practice.length > 0) return { ...base, verdict: 'Yes', why: `${c.title} is ${c.status}, shown by ${practice.map((e) => e.kind).join(', ')} evidence.` };
      if (documents.length > 0 && asksAboutDocument(question)) return { ...base, verdict: 'Yes', why: `${c.title} is ${c.status}; the question asks for the document, and ${documents.map((d) => d.name).join(', ')} is current.` };
      if (documents.length > 0) {
        return { ...base, verdict: 'Needs review', why: `${c.title} rests only on ${documents.map((d) => d.name).join(', ')}, a statement of intent: a Yes needs a record of the practice itself (a review, a test, a report).` };
      }
      return { ...base, verdict: 'Needs review', why: `${c.title} is ${c.status} but no evidence item names the practice.` };
    }
  }
}

/** Several controls' verdicts as one: any review wins, then all alike, else Partial. */
export function combineVerdicts(verdicts: readonly ControlVerdict[]): ControlVerdict {
  if (verdicts.length === 0 || verdicts.includes('Needs review')) return 'Needs review';
  const applicable = verdicts.filter((v) => v !== 'Not applicable');
  if (applicable.length === 0) return 'Not applicable';
  if (applicable.every((v) => v === 'Yes')) return 'Yes';
  if (applicable.every((v) => v === 'No')) return 'No';
  return 'Partial';
}

