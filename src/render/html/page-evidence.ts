/**
 * What a framework's page shows of its evidence.csv, gathered row by row as the pack writes it (so
 * the page and the CSV are the same rows, read once): every failing result (in scope,
 * NON_COMPLIANT, with its exception if one covers it) and, per managed rule, the in-scope results
 * by account and region. Pure: fed rows, holds no file.
 */
import type { ComplianceType } from '../../domain/status.js';
import type { PageFailing, PageLocation, PageRule } from './page-data.js';

/** The evidence.csv columns the page reads (README "CSV column contract"). */
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
  locations: Map<string, PageLocation>;
}

export interface PageEvidence {
  /** One evidence.csv row, in the order of the columns given to createPageEvidence, before CSV neutralisation. */
  add(row: readonly string[]): void;
  rules(): PageRule[];
  failing(): PageFailing[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const split = (list: string) => (list === '' ? [] : list.split(';'));

/** `columns`: evidence.csv's header (EVIDENCE_COLUMNS); every column the page reads must be in it. */
export function createPageEvidence(columns: readonly string[]): PageEvidence {
  const at = (name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`evidence.csv has no column ${name}: the HTML page cannot read it`);
    return i;
  };
  const C = Object.fromEntries(Object.entries(COLUMNS).map(([k, name]) => [k, at(name)])) as Record<keyof typeof COLUMNS, number>;
  const rules = new Map<string, RuleAccumulator>();
  const failing: PageFailing[] = [];
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
    rules() {
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
    },
    failing() {
      return failing.sort((a, b) => byText(a[0], b[0]) || byText(a[1], b[1]) || byText(a[2], b[2]) || byText(a[3], b[3]) || byText(a[4], b[4]) || byText(a[6], b[6]));
    },
  };
}
