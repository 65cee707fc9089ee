/**
 * Requirement-level applicability declarations (the working folder's applicability.yaml): a
 * requirement declared not applicable, with its justification, approver and date (ISO's exclusion
 * in the Statement of Applicability, PCI DSS's "Not Applicable" with the reason the assessor
 * checks), or, for a HIPAA addressable specification, a documented alternative measure
 * (45 CFR 164.306(d)(3)). Distinct from a risk acceptance (exceptions.yaml), which PCI DSS does not
 * allow: there an exception is read as a compensating control. Pure.
 */

export const DECISIONS = ['not-applicable', 'alternative'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface ApplicabilityDeclaration {
  /** `framework-id:requirement-id`; a heading's id covers every requirement under it. */
  requirement: string;
  decision: Decision;
  justification: string;
  /** The alternative measure, for decision `alternative`. */
  alternative?: string;
  approver: string;
  /** YYYY-MM-DD */
  approvedOn: string;
  /** YYYY-MM-DD: the declaration must be reviewed by then; after it, it is not applied. */
  reviewBy?: string;
}

/** Is the declaration in force on `day` (YYYY-MM-DD)? */
export function isDeclarationCurrent(d: ApplicabilityDeclaration, day: string): boolean {
  return d.approvedOn <= day && (d.reviewBy === undefined || day <= d.reviewBy);
}

/** One line saying what was declared, by whom and when. */
export function describeDeclaration(d: ApplicabilityDeclaration): string {
  const review = d.reviewBy ? `, to be reviewed by ${d.reviewBy}` : '';
  const what = d.decision === 'alternative' ? `Alternative measure documented: ${d.alternative ?? ''} Why` : 'Declared not applicable';
  return `${what}: ${d.justification} (approved by ${d.approver} on ${d.approvedOn}${review}).`;
}

/** Whether `id` is one of `roots` or under one of them in a framework's tree (`parentOf`: id -> parent). */
export function isUnderAny(id: string, roots: ReadonlySet<string>, parentOf: ReadonlyMap<string, string | undefined>): boolean {
  const seen = new Set<string>();
  for (let p: string | undefined = id; p !== undefined && !seen.has(p); p = parentOf.get(p)) {
    if (roots.has(p)) return true;
    seen.add(p);
  }
  return false;
}
