/**
 * Resources newly failing and newly fixed between two snapshots, over their common scope. Streams:
 * the earlier snapshot's NON_COMPLIANT results are kept exactly (they decide "fixed" and "newly
 * failing"); every other result only as a 53-bit hash of its key with its compliance type, used to
 * label what a newly failing resource was before. Memory grows with the failing results, not all.
 */
import type { EvaluationRecord } from '../domain/snapshot.js';
import { COMPLIANCE_TYPES, type ComplianceType } from '../domain/status.js';
import type { ResourceChange, ResourceChangeKind, ResourceDiffTotals } from '../domain/changes.js';

interface Failing {
  ruleName: string;
  resourceType: string;
  annotation: string;
  /** Worst compliance type seen for the key in the later snapshot. */
  after?: ComplianceType;
  record: Pick<EvaluationRecord, 'account' | 'region' | 'sourceIdentifier' | 'resourceId'>;
}

const SEP = '\u0000';
const CODE: Record<ComplianceType, number> = { COMPLIANT: 1, NON_COMPLIANT: 2, NOT_APPLICABLE: 3, INSUFFICIENT_DATA: 4 };
/** Worse first: a key evaluated by two deployed rules counts as failing if either fails. */
const WORSE: Record<ComplianceType, number> = { NON_COMPLIANT: 0, INSUFFICIENT_DATA: 1, COMPLIANT: 2, NOT_APPLICABLE: 3 };

function keyOf(r: EvaluationRecord): string {
  return [r.account, r.region, r.sourceIdentifier, r.resourceType, r.resourceId].join(SEP);
}

const H1 = 0x811c9dc5;
const H2 = 0x01000193 ^ 0x5bd1e995;

/** Two FNV-1a variants folded into a 53-bit integer (exactly representable as a number). */
export function hash53(s: string): number {
  return fold53(s, H1, H2);
}

/** hash53 of `s` continued from the state (h1, h2). */
function fold53(s: string, start1: number, start2: number): number {
  let h1 = start1;
  let h2 = start2;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 0x200000 + (h2 & 0x1fffff);
}

/**
 * hash53(keyOf(r)) without building the key: most results are only hashed, and building a key
 * string per result cost more than the rest of the diff (h1 and h2 are carried field to field).
 */
export function keyHash53(r: EvaluationRecord): number {
  let h1 = H1;
  let h2 = H2;
  const fields = [r.account, r.region, r.sourceIdentifier, r.resourceType, r.resourceId];
  for (let f = 0; f < fields.length; f += 1) {
    const s = fields[f] as string;
    for (let i = -1; i < s.length; i += 1) {
      // The separator (NUL) before every field but the first.
      if (i === -1 && f === 0) continue;
      const c = i === -1 ? 0 : s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
      h2 ^= h2 >>> 15;
    }
  }
  return (h1 >>> 0) * 0x200000 + (h2 & 0x1fffff);
}

export interface ResourceDiff {
  addBefore(r: EvaluationRecord): void;
  /** Returns the change this result reveals at once (a newly failing resource), if any. */
  addAfter(r: EvaluationRecord): ResourceChange | undefined;
  /** Fixed and no-longer-evaluated resources, sorted; call once after every record was added. */
  finish(): { changes: ResourceChange[]; totals: ResourceDiffTotals };
}

export function createResourceDiff(commonScope: ReadonlySet<string>): ResourceDiff {
  const failingBefore = new Map<string, Failing>();
  /** keyHash53 of every key in failingBefore: a later result whose hash is not here was not failing before. */
  const failingHashes = new Set<number>();
  const otherBefore = new Map<number, number>();
  const reported = new Set<string>();
  const totals: ResourceDiffTotals = { newlyFailing: 0, newlyFixed: 0, noLongerEvaluated: 0, stillFailing: 0, outOfScope: { before: 0, after: 0 } };
  const inScope = (r: EvaluationRecord) => commonScope.has(`${r.account}|${r.region}`);

  return {
    addBefore(r) {
      if (!inScope(r)) {
        totals.outOfScope.before += 1;
        return;
      }
      if (r.complianceType === 'NON_COMPLIANT') {
        failingBefore.set(keyOf(r), { ruleName: r.ruleName, resourceType: r.resourceType, annotation: r.annotation ?? '', record: r });
        failingHashes.add(keyHash53(r));
      } else {
        const h = keyHash53(r);
        const prev = otherBefore.get(h);
        if (prev === undefined || WORSE[r.complianceType] < WORSE[COMPLIANCE_TYPES[prev - 1] as ComplianceType]) otherBefore.set(h, CODE[r.complianceType]);
      }
    },
    addAfter(r) {
      if (!inScope(r)) {
        totals.outOfScope.after += 1;
        return undefined;
      }
      const h = keyHash53(r);
      const was = failingHashes.has(h) ? failingBefore.get(keyOf(r)) : undefined;
      if (was) {
        if (was.after === undefined || WORSE[r.complianceType] < WORSE[was.after]) was.after = r.complianceType;
        return undefined;
      }
      if (r.complianceType !== 'NON_COMPLIANT') return undefined;
      const key = keyOf(r);
      if (reported.has(key)) return undefined;
      reported.add(key);
      totals.newlyFailing += 1;
      const code = otherBefore.get(h);
      return {
        change: 'newly-failing',
        account: r.account,
        region: r.region,
        ruleIdentifier: r.sourceIdentifier,
        ruleName: r.ruleName,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        before: code === undefined ? '' : (COMPLIANCE_TYPES[code - 1] as ComplianceType),
        after: 'NON_COMPLIANT',
        annotation: r.annotation ?? '',
      };
    },
    finish() {
      const changes: ResourceChange[] = [];
      for (const f of failingBefore.values()) {
        if (f.after === 'NON_COMPLIANT') {
          totals.stillFailing += 1;
          continue;
        }
        const change: ResourceChangeKind = f.after === undefined ? 'no-longer-evaluated' : 'newly-fixed';
        if (change === 'newly-fixed') totals.newlyFixed += 1;
        else totals.noLongerEvaluated += 1;
        changes.push({
          change,
          account: f.record.account,
          region: f.record.region,
          ruleIdentifier: f.record.sourceIdentifier,
          ruleName: f.ruleName,
          resourceType: f.resourceType,
          resourceId: f.record.resourceId,
          before: 'NON_COMPLIANT',
          after: f.after ?? '',
          annotation: f.annotation,
        });
      }
      changes.sort((a, b) => a.change.localeCompare(b.change) || a.account.localeCompare(b.account) || a.region.localeCompare(b.region) || a.ruleIdentifier.localeCompare(b.ruleIdentifier) || a.resourceId.localeCompare(b.resourceId));
      return { changes, totals };
    },
  };
}
