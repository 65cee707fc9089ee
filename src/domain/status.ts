/**
 * The status vocabulary, defined once for every stage (evaluate, CSV, PDF, HTML, workbook, OSCAL,
 * answers, diff): the statuses, their orders, labels, definitions, colours and the sets the stages
 * test (satisfied, shortfall). See ARCHITECTURE.md "Status". Renderers read it; none keeps its own.
 */

/** The statuses, in the order srmap lists them as data (counts by status, the report table, JSON). */
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

/** Everything srmap says about one status. */
export interface StatusTerm {
  /** How it is written for people (srmap's own words; each framework shows its terms beside them). */
  label: string;
  /** One-line definition, printed in the pack's methodology and the README. */
  definition: string;
  /** Strong colour for a status word, bar or marker on white (at least 3:1 against white). */
  colour: string;
  /** A badge of the same hue: text on background inside a border; text at least 4.5:1 on the background (WCAG 2.1 AA). */
  badge: { text: string; background: string; border: string };
  /** Sort position, worst first: what needs work before what holds, a question of scope last. */
  severity: number;
  /** How good it is for the organisation, to tell improved from regressed; null when not comparable (a question of scope). */
  quality: number | null;
  /** The requirement holds: its evidence is in force (met, carried by AWS, or short under an accepted risk). */
  satisfied: boolean;
  /** A shortfall: a gap to remediate (gaps.csv, the PDF's gaps), and what a current exception can accept. */
  shortfall: boolean;
}

export const STATUS_VOCABULARY: Readonly<Record<Status, Readonly<StatusTerm>>> = {
  met: {
    label: 'Met',
    definition: 'Every mapped check is satisfied by current evidence.',
    colour: '#2e7d32',
    badge: { text: '#12522a', background: '#e3f4e8', border: '#9fd3ae' },
    severity: 4,
    quality: 4,
    satisfied: true,
    shortfall: false,
  },
  'not-met': {
    label: 'Not met',
    definition:
      'A mapped check fails: a NON_COMPLIANT resource not covered by a current exception, or expired manual evidence.',
    colour: '#c62828',
    badge: { text: '#8a1111', background: '#fde7e7', border: '#f0a8a8' },
    severity: 0,
    quality: 0,
    satisfied: false,
    shortfall: true,
  },
  partial: {
    label: 'Partial',
    definition: 'Some mapped parts are met; others have no deciding evidence yet.',
    colour: '#b8860b',
    badge: { text: '#6b4500', background: '#fff1d6', border: '#e9c27a' },
    severity: 2,
    quality: 2,
    satisfied: false,
    shortfall: true,
  },
  inherited: {
    label: 'Inherited',
    definition: 'AWS carries it for the AWS-hosted scope; the AWS attestation that covers it is cited.',
    colour: '#1565c0',
    badge: { text: '#173f8a', background: '#e6eefc', border: '#a9c1ef' },
    severity: 5,
    quality: 4,
    satisfied: true,
    shortfall: false,
  },
  'needs-evidence': {
    label: 'Needs evidence',
    definition:
      'Nothing decides it: no rule deployed, INSUFFICIENT_DATA, manual evidence missing, an attestation missing, or its source was not collected.',
    colour: '#e65100',
    badge: { text: '#7a3300', background: '#fff0e6', border: '#efb98f' },
    severity: 1,
    quality: 1,
    satisfied: false,
    shortfall: true,
  },
  'not-applicable': {
    label: 'Not applicable',
    definition: 'Out of scope: no resource of the types its checks cover was found in a fully collected scope.',
    colour: '#757575',
    badge: { text: '#39424c', background: '#eceff2', border: '#c3cad2' },
    severity: 6,
    quality: null,
    satisfied: false,
    shortfall: false,
  },
  'accepted-risk': {
    label: 'Accepted risk',
    definition: 'A failing check is covered by a current, approved exception (risk acceptance).',
    colour: '#6a1b9a',
    badge: { text: '#5e1a78', background: '#f6e8fb', border: '#d4a9e6' },
    severity: 3,
    quality: 3,
    satisfied: true,
    shortfall: false,
  },
};

/** The order people read statuses in (summaries, charts, legends, definitions, filters): good news first, then what needs work, then what is not ours. */
export const STATUS_DISPLAY_ORDER: readonly Status[] = [
  'met',
  'partial',
  'not-met',
  'accepted-risk',
  'needs-evidence',
  'inherited',
  'not-applicable',
];

function pick<K extends keyof StatusTerm>(key: K): Readonly<Record<Status, StatusTerm[K]>> {
  return Object.fromEntries(STATUSES.map((s) => [s, STATUS_VOCABULARY[s][key]])) as Record<Status, StatusTerm[K]>;
}

export const STATUS_LABELS = pick('label');
export const STATUS_DEFINITIONS = pick('definition');
export const STATUS_COLOURS = pick('colour');
/** Order used to sort and to pick the "worst" status when rolling up: lower is worse. */
export const STATUS_SEVERITY = pick('severity');

/** met, inherited, accepted-risk: the requirement (or a deciding part) holds. */
export const SATISFIED_STATUSES: ReadonlySet<Status> = new Set(STATUSES.filter((s) => STATUS_VOCABULARY[s].satisfied));
/** not-met, partial, needs-evidence: a gap to remediate, and what a current exception can turn into accepted-risk. */
export const SHORTFALL_STATUSES: ReadonlySet<Status> = new Set(STATUSES.filter((s) => STATUS_VOCABULARY[s].shortfall));

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && Object.hasOwn(STATUS_VOCABULARY, value);
}

export const RESPONSIBILITIES = ['inherited', 'shared', 'customer'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

/** How each responsibility is written for people. */
export const RESPONSIBILITY_LABELS: Readonly<Record<Responsibility, string>> = {
  inherited: 'Inherited (AWS)',
  shared: 'Shared',
  customer: 'Customer',
};

/** Colour of each responsibility's word or marker on white (at least 3:1 against white). */
export const RESPONSIBILITY_COLOURS: Readonly<Record<Responsibility, string>> = {
  inherited: '#1565c0',
  shared: '#00838f',
  customer: '#5d4037',
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
