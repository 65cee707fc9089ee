/** Status vocabulary shared by every stage. See ARCHITECTURE.md "Status". */

export const STATUSES = [
  'met',
  'not-met',
  'partial',
  'inherited',
  'needs-evidence',
  'not-applicable',
  'accepted-risk',
] as const;
export type Status = (typeof STATUSES)[number];

/** One-line definitions, printed in the pack appendix and the README. */
export const STATUS_DEFINITIONS: Readonly<Record<Status, string>> = {
  met: 'Every mapped check is satisfied by current evidence.',
  'not-met':
    'A mapped check fails: a NON_COMPLIANT resource not covered by a current exception, or expired manual evidence.',
  partial: 'Some mapped parts are met; others have no deciding evidence yet.',
  inherited:
    'AWS carries it for the AWS-hosted scope; the AWS attestation that covers it is cited.',
  'needs-evidence':
    'Nothing decides it: no rule deployed, INSUFFICIENT_DATA, manual evidence missing, an attestation missing, or its source was not collected.',
  'not-applicable':
    'Out of scope: no resource of the types its checks cover was found in a fully collected scope.',
  'accepted-risk':
    'A failing check is covered by a current, approved exception (risk acceptance).',
};

/** How each status is written for people (srmap's own vocabulary; frameworks add theirs beside it). */
export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  met: 'Met',
  'not-met': 'Not met',
  partial: 'Partial',
  inherited: 'Inherited',
  'needs-evidence': 'Needs evidence',
  'not-applicable': 'Not applicable',
  'accepted-risk': 'Accepted risk',
};

export const RESPONSIBILITIES = ['inherited', 'shared', 'customer'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

/** How each responsibility is written for people. */
export const RESPONSIBILITY_LABELS: Readonly<Record<Responsibility, string>> = {
  inherited: 'Inherited (AWS)',
  shared: 'Shared',
  customer: 'Customer',
};

/** One-line definitions, printed in the pack appendix. */
export const RESPONSIBILITY_DEFINITIONS: Readonly<Record<Responsibility, string>> = {
  inherited: 'AWS alone carries it for the AWS-hosted scope; the customer cites the AWS attestation.',
  shared: 'AWS and the customer each carry a part; both parts are described and the customer part is evidenced.',
  customer: 'The customer alone carries it, whatever AWS provides.',
};

export const COMPLIANCE_TYPES = [
  'COMPLIANT',
  'NON_COMPLIANT',
  'NOT_APPLICABLE',
  'INSUFFICIENT_DATA',
] as const;
export type ComplianceType = (typeof COMPLIANCE_TYPES)[number];

/** Order used to sort and to pick the "worst" status when rolling up. */
export const STATUS_SEVERITY: Readonly<Record<Status, number>> = {
  'not-met': 0,
  'needs-evidence': 1,
  partial: 2,
  'accepted-risk': 3,
  met: 4,
  inherited: 5,
  'not-applicable': 6,
};
