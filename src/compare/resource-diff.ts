/**
 * Resources newly failing and newly fixed between two snapshots, over their common scope. Streams:
 * the earlier snapshot's NON_COMPLIANT results are kept exactly, off the JS heap (they decide
 * "fixed" and "newly failing"); every other result only as a 53-bit hash of its key with its
 * compliance type, used to label what a newly failing resource was before. Memory grows with the
 * failing results, not all.
 */
import type { EvaluationRecord } from '../domain/snapshot.js';
import { COMPLIANCE_TYPES, type ComplianceType } from '../domain/status.js';
import type { ResourceChange, ResourceChangeKind, ResourceDiffTotals } from '../domain/changes.js';
import { locationTest } from './compare-scope.js';
import { KeyHashTable } from './key-hash-table.js';
import { KeyStore } from './key-store.js';

/** What a failing result of the earlier snapshot contributes to a change: rule name, resource type, annotation, account, region, rule identifier, resource id. */
type FailingPayload = [string, string, string, string, string, string, string];

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
  h1 = H1;
  h2 = H2;
  mix(s);
  return (h1 >>> 0) * 0x200000 + (h2 & 0x1fffff);
}

/** The running state of hashKey: h1 and h2 of hash53 over the key's characters so far. */
let h1 = 0;
let h2 = 0;

/** Continues h1 and h2 over the characters of `s` (hash53's step, inlined by V8). */
function mix(s: string): void {
  let a = h1;
  let b = h2;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  h1 = a;
  h2 = b;
}

/** Continues h1 and h2 over the separator (NUL) between two fields. */
function separate(): void {
  h1 = Math.imul(h1, 0x01000193);
  const b = Math.imul(h2, 0x5bd1e995);
  h2 = b ^ (b >>> 15);
}

/** hashKey's state after the key's first four fields (and the separator after them), and those fields. */
let prefix1 = 0;
let prefix2 = 0;
let prefixOf: Pick<EvaluationRecord, 'account' | 'region' | 'sourceIdentifier' | 'resourceType'> = { account: '', region: '', sourceIdentifier: '', resourceType: '' };

/**
 * hash53(keyOf(r)) without building the key: most results are only hashed, and building a key
 * string per result cost more than the rest of the diff. Results stream grouped by location and
 * rule, so the state after the first four fields is kept and, while they repeat, only the
 * resource id is hashed. Leaves the hash in h1 (its high 32 bits, `h1 >>> 0`) and h2 (its low 21
 * bits, `h2 & 0x1fffff`), for a KeyHashTable without a heap number.
 */
function hashKey(r: EvaluationRecord): void {
  const p = prefixOf;
  if (r.resourceType !== p.resourceType || r.sourceIdentifier !== p.sourceIdentifier || r.region !== p.region || r.account !== p.account) {
    h1 = H1;
    h2 = H2;
    mix(r.account);
    separate();
    mix(r.region);
    separate();
    mix(r.sourceIdentifier);
    separate();
    mix(r.resourceType);
    separate();
    prefix1 = h1;
    prefix2 = h2;
    prefixOf = { account: r.account, region: r.region, sourceIdentifier: r.sourceIdentifier, resourceType: r.resourceType };
  } else {
    h1 = prefix1;
    h2 = prefix2;
  }
  mix(r.resourceId);
}

/** hash53(keyOf(r)), as a number (the diff itself keeps its two halves apart: hashKey). */
export function keyHash53(r: EvaluationRecord): number {
  hashKey(r);
  return (h1 >>> 0) * 0x200000 + (h2 & 0x1fffff);
}

export interface ResourceDiff {
  addBefore(r: EvaluationRecord): void;
  /** Returns the change this result reveals at once (a newly failing resource), if any. */
  addAfter(r: EvaluationRecord): ResourceChange | undefined;
  /** Fixed and no-longer-evaluated resources, sorted; call once after every record was added. */
  finish(): { changes: ResourceChange[]; totals: ResourceDiffTotals };
}

/** The worse of two CODEs (a key evaluated by two deployed rules counts as its worst result). */
const worseCode = (held: number, code: number): number =>
  WORSE[COMPLIANCE_TYPES[code - 1] as ComplianceType] < WORSE[COMPLIANCE_TYPES[held - 1] as ComplianceType] ? code : held;

/** `expectedBefore`: about how many results the earlier snapshot holds (its manifest says), to size the tables once. */
export function createResourceDiff(commonScope: ReadonlySet<string>, expectedBefore = 0): ResourceDiff {
  /**
   * The earlier snapshot's failing keys, exactly, with what the changes need (FailingPayload as
   * JSON) and, as their code, the worst CODE the later snapshot gave them (0: not evaluated).
   */
  let failing = new KeyStore();
  /** The worst compliance type (CODE) of every other key of the earlier snapshot, by key hash. */
  let otherBefore = new KeyHashTable(expectedBefore);
  /** Keys reported newly failing (two deployed rules may fail the same resource). */
  let reported = new KeyStore();
  let finished = false;
  const open = (call: string) => {
    if (finished) throw new Error(`createResourceDiff: ${call} called after finish`);
  };
  const totals: ResourceDiffTotals = { newlyFailing: 0, newlyFixed: 0, noLongerEvaluated: 0, stillFailing: 0, outOfScope: { before: 0, after: 0 } };
  const inScope = locationTest(commonScope);

  return {
    addBefore(r) {
      open('addBefore');
      if (!inScope(r)) {
        totals.outOfScope.before += 1;
        return;
      }
      hashKey(r);
      const high = h1 >>> 0;
      const low = h2 & 0x1fffff;
      if (r.complianceType === 'NON_COMPLIANT') {
        const key = keyOf(r);
        const payload: FailingPayload = [r.ruleName, r.resourceType, r.annotation ?? '', r.account, r.region, r.sourceIdentifier, r.resourceId];
        // A key failed by two deployed rules: the later result's details, the first one's place.
        const held = failing.find(high, low, key);
        if (held === -1) failing.add(high, low, key, JSON.stringify(payload));
        else failing.setPayload(held, JSON.stringify(payload));
      } else {
        otherBefore.merge(high, low, CODE[r.complianceType], worseCode);
      }
    },
    addAfter(r) {
      open('addAfter');
      if (!inScope(r)) {
        totals.outOfScope.after += 1;
        return undefined;
      }
      hashKey(r);
      const high = h1 >>> 0;
      const low = h2 & 0x1fffff;
      const was = failing.hasHash(high, low) ? failing.find(high, low, keyOf(r)) : -1;
      if (was !== -1) {
        const code = CODE[r.complianceType];
        const held = failing.code(was);
        failing.setCode(was, held === 0 ? code : worseCode(held, code));
        return undefined;
      }
      if (r.complianceType !== 'NON_COMPLIANT') return undefined;
      const key = keyOf(r);
      if (reported.find(high, low, key) !== -1) return undefined;
      reported.add(high, low, key, '');
      totals.newlyFailing += 1;
      const code = otherBefore.get(high, low);
      return {
        change: 'newly-failing',
        account: r.account,
        region: r.region,
        ruleIdentifier: r.sourceIdentifier,
        ruleName: r.ruleName,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        before: code === 0 ? '' : (COMPLIANCE_TYPES[code - 1] as ComplianceType),
        after: 'NON_COMPLIANT',
        annotation: r.annotation ?? '',
      };
    },
    finish() {
      open('finish');
      finished = true;
      const changes: ResourceChange[] = [];
      for (let e = 0; e < failing.size; e++) {
        const code = failing.code(e);
        const after = code === 0 ? undefined : (COMPLIANCE_TYPES[code - 1] as ComplianceType);
        if (after === 'NON_COMPLIANT') {
          totals.stillFailing += 1;
          continue;
        }
        const change: ResourceChangeKind = after === undefined ? 'no-longer-evaluated' : 'newly-fixed';
        if (change === 'newly-fixed') totals.newlyFixed += 1;
        else totals.noLongerEvaluated += 1;
        const [ruleName, resourceType, annotation, account, region, sourceIdentifier, resourceId] = JSON.parse(failing.payload(e)) as FailingPayload;
        changes.push({
          change,
          account,
          region,
          ruleIdentifier: sourceIdentifier,
          ruleName,
          resourceType,
          resourceId,
          before: 'NON_COMPLIANT',
          after: after ?? '',
          annotation,
        });
      }
      changes.sort((a, b) => a.change.localeCompare(b.change) || a.account.localeCompare(b.account) || a.region.localeCompare(b.region) || a.ruleIdentifier.localeCompare(b.ruleIdentifier) || a.resourceId.localeCompare(b.resourceId));
      // What the diff held is garbage now, even while its caller keeps it (a report's PDFs and workbooks come next).
      failing = reported = new KeyStore();
      otherBefore = new KeyHashTable(0);
      return { changes, totals };
    },
  };
}
