/**
 * Folds a snapshot's records into an EvidenceSummary whose size does not grow with the number of
 * evaluation results: counts per managed rule plus a capped sample of failing resources.
 * Pure: the caller streams records in (see pipeline/), this module only adds them up.
 */
import type { EvidenceSummary, FailingResource, RuleEvidence } from '../domain/result.js';
import type {
  ConfigRuleRecord,
  EvaluationRecord,
  ExceptionRecord,
  SnapshotManifest,
} from '../domain/snapshot.js';
import { toDay } from '../domain/dates.js';
import { createExceptionMatcher } from '../domain/exceptions.js';
import { emptyCounts, emptyRuleEvidence } from '../domain/rule-evidence.js';

export { emptyCounts, emptyRuleEvidence } from '../domain/rule-evidence.js';

function compareFailing(a: FailingResource, b: FailingResource): number {
  return (
    a.account.localeCompare(b.account) ||
    a.region.localeCompare(b.region) ||
    a.resourceType.localeCompare(b.resourceType) ||
    a.resourceId.localeCompare(b.resourceId) ||
    a.ruleName.localeCompare(b.ruleName)
  );
}

interface RuleState {
  evidence: RuleEvidence;
  names: Set<string>;
  pairs: Set<string>;
  exceptionIds: Set<string>;
  exceptedById: Map<string, number>;
  lapsed: Set<string>;
}

export interface EvidenceAccumulator {
  addRule(rule: ConfigRuleRecord): void;
  addEvaluation(record: EvaluationRecord): void;
  /** The folded rules; call once, after every record was added. */
  finish(): { rules: Map<string, RuleEvidence>; totals: EvidenceSummary['totals'] };
}

/**
 * @param failingCap how many failing resources to keep per rule (the CSV lists them all).
 */
export function createEvidenceAccumulator(options: {
  manifest: SnapshotManifest;
  exceptions: readonly ExceptionRecord[];
  failingCap: number;
}): EvidenceAccumulator {
  const day = toDay(options.manifest.createdAt);
  const matchException = createExceptionMatcher(options.exceptions, day);
  const rules = new Map<string, RuleState>();
  const totals = { evaluations: 0, byCompliance: emptyCounts() };
  const cap = Math.max(0, options.failingCap);

  let lastIdentifier: string | undefined;
  let lastState: RuleState | undefined;

  function state(identifier: string): RuleState {
    let s = rules.get(identifier);
    if (!s) {
      s = { evidence: emptyRuleEvidence(identifier), names: new Set(), pairs: new Set(), exceptionIds: new Set(), exceptedById: new Map(), lapsed: new Set() };
      rules.set(identifier, s);
    }
    return s;
  }

  function trim(list: FailingResource[]): void {
    list.sort(compareFailing);
    list.length = Math.min(list.length, cap);
  }

  return {
    addRule(rule) {
      const s = state(rule.sourceIdentifier);
      s.names.add(rule.ruleName);
      s.pairs.add(`${rule.account}/${rule.region}`);
    },
    addEvaluation(r) {
      totals.evaluations += 1;
      totals.byCompliance[r.complianceType] += 1;
      // Results stream grouped by rule: the last rule's state is most often this one's.
      if (r.sourceIdentifier !== lastIdentifier || lastState === undefined) {
        lastIdentifier = r.sourceIdentifier;
        lastState = state(r.sourceIdentifier);
      }
      const s = lastState;
      s.evidence.counts[r.complianceType] += 1;
      if (r.complianceType !== 'NON_COMPLIANT') return;
      const match = matchException(r.sourceIdentifier, r.resourceId);
      for (const id of match.lapsed) s.lapsed.add(id);
      if (match.current !== undefined) {
        s.exceptionIds.add(match.current);
        s.exceptedById.set(match.current, (s.exceptedById.get(match.current) ?? 0) + 1);
        s.evidence.excepted += 1;
        return;
      }
      s.evidence.failingTotal += 1;
      if (cap === 0) return;
      const f: FailingResource = {
        account: r.account,
        region: r.region,
        ruleName: r.ruleName,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        recordedAt: r.recordedAt,
        ...(r.annotation === undefined ? {} : { annotation: r.annotation }),
      };
      s.evidence.failing.push(f);
      if (s.evidence.failing.length >= cap * 2) trim(s.evidence.failing);
    },
    finish() {
      const out = new Map<string, RuleEvidence>();
      for (const [id, s] of [...rules].sort(([a], [b]) => a.localeCompare(b))) {
        trim(s.evidence.failing);
        out.set(id, {
          ...s.evidence,
          ruleNames: [...s.names].sort(),
          deployments: s.pairs.size,
          exceptionIds: [...s.exceptionIds].sort(),
          ...(s.exceptedById.size > 0 ? { exceptedById: Object.fromEntries([...s.exceptedById].sort(([a], [b]) => a.localeCompare(b))) } : {}),
          lapsedExceptionIds: [...s.lapsed].sort(),
        });
      }
      return { rules: out, totals };
    },
  };
}
