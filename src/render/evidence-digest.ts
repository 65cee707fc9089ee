/**
 * What a framework's evidence.csv holds in its scope, gathered row by row by the writer of
 * evidence.csv as it writes each row (in its worker thread, or this one), so that the HTML page
 * reads the file's own rows without a second pass over the snapshot: every failing result (in
 * scope, NON_COMPLIANT, with its exception if one covers it) and, per managed rule, the in-scope
 * results by account and region. Shared by render/csv (which fills it) and render/html (which shows
 * it). Pure: fed rows, holds no file; its result is plain data a thread can post.
 */
import type { ComplianceType } from '../domain/status.js';

/** Results of one managed rule at one account and region, by compliance type. */
export type DigestLocation = [account: string, region: string, compliant: number, nonCompliant: number, notApplicable: number, insufficientData: number];

export interface DigestRule {
  id: string;
  ruleNames: string[];
  /** In-scope results by compliance type (evidence.csv rows with in_scope true). */
  counts: Record<ComplianceType, number>;
  /** In-scope results by account and region, sorted. */
  locations: DigestLocation[];
  /** Requirements it decides, and those it supports (evidence.csv requirement_ids, supporting_requirement_ids). */
  deciding: string[];
  supporting: string[];
}

/** One failing result: an in-scope NON_COMPLIANT row of evidence.csv. */
export type DigestFailing = [rule: string, account: string, region: string, resourceType: string, resourceId: string, annotation: string, recordedAt: string, exceptionId: string];

/** A framework's evidence.csv in its scope: rules sorted by id, failing results by rule, account, region, resource. */
export interface EvidenceDigest {
  rules: DigestRule[];
  failing: DigestFailing[];
}

/** The evidence.csv columns the digest reads (README "CSV column contract"). */
const COLUMNS = {
  account: 'account',
  region: 'region',
  ruleName: 'rule_name',
  rule: 'rule_identifier',
  resourceType: 'resource_type',
  resourceId: 'resource_id',
  compliance: 'compliance_type',
  annotation: 'annotation',
  recordedAt: 'recorded_at',
  exception: 'exception_id',
  deciding: 'requirement_ids',
  inScope: 'in_scope',
  supporting: 'supporting_requirement_ids',
} as const;

const COMPLIANCE_INDEX: Record<ComplianceType, 2 | 3 | 4 | 5> = { COMPLIANT: 2, NON_COMPLIANT: 3, NOT_APPLICABLE: 4, INSUFFICIENT_DATA: 5 };

interface RuleAccumulator {
  names: Set<string>;
  deciding: string;
  supporting: string;
  locations: Map<string, DigestLocation>;
}

export interface EvidenceDigestBuilder {
  /** One evidence.csv row, in the order of the columns given to createEvidenceDigest, before CSV neutralisation. */
  add(row: readonly string[]): void;
  /** The digest of every row added, sorted. */
  result(): EvidenceDigest;
}

/** The digest of no row (a framework whose evidence.csv is empty). */
export const EMPTY_DIGEST: EvidenceDigest = { rules: [], failing: [] };

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const split = (list: string) => (list === '' ? [] : list.split(';'));

/** `columns`: evidence.csv's header (EVIDENCE_COLUMNS); every column the page reads must be in it. */
export function createEvidenceDigest(columns: readonly string[]): EvidenceDigestBuilder {
  const at = (name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`evidence.csv has no column ${name}: its digest (the HTML page's evidence) cannot read it`);
    return i;
  };
  const C = Object.fromEntries(Object.entries(COLUMNS).map(([k, name]) => [k, at(name)])) as Record<keyof typeof COLUMNS, number>;
  const rules = new Map<string, RuleAccumulator>();
  const failing: DigestFailing[] = [];
  return {
    add(row) {
      const cell = (i: number) => row[i] ?? '';
      if (cell(C.inScope) !== 'true') return;
      const id = cell(C.rule);
      let rule = rules.get(id);
      if (!rule) {
        rule = { names: new Set(), deciding: cell(C.deciding), supporting: cell(C.supporting), locations: new Map() };
        rules.set(id, rule);
      }
      rule.names.add(cell(C.ruleName));
      const key = `${cell(C.account)}\u0000${cell(C.region)}`;
      let location = rule.locations.get(key);
      if (!location) {
        location = [cell(C.account), cell(C.region), 0, 0, 0, 0];
        rule.locations.set(key, location);
      }
      const compliance = cell(C.compliance) as ComplianceType;
      const at = COMPLIANCE_INDEX[compliance] as 2 | 3 | 4 | 5 | undefined;
      if (at !== undefined) location[at] += 1;
      if (compliance === 'NON_COMPLIANT') {
        failing.push([id, cell(C.account), cell(C.region), cell(C.resourceType), cell(C.resourceId), cell(C.annotation), cell(C.recordedAt), cell(C.exception)]);
      }
    },
    result() {
      return { rules: sortedRules(rules), failing: failing.sort(byFailing) };
    },
  };
}

function byFailing(a: DigestFailing, b: DigestFailing): number {
  return byText(a[0], b[0]) || byText(a[1], b[1]) || byText(a[2], b[2]) || byText(a[3], b[3]) || byText(a[4], b[4]) || byText(a[6], b[6]);
}

function sortedRules(rules: Map<string, RuleAccumulator>): DigestRule[] {
  return [...rules.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([id, r]) => {
      const locations = [...r.locations.values()].sort((a, b) => byText(a[0], b[0]) || byText(a[1], b[1]));
      const counts: Record<ComplianceType, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
      for (const l of locations) {
        counts.COMPLIANT += l[2];
        counts.NON_COMPLIANT += l[3];
        counts.NOT_APPLICABLE += l[4];
        counts.INSUFFICIENT_DATA += l[5];
      }
      return { id, ruleNames: [...r.names].sort(byText), counts, locations, deciding: split(r.deciding), supporting: split(r.supporting) };
    });
}
