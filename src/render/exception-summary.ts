/** One row per exception, as of the snapshot date: what it covers, whether it is in force, what it was used for. Pure. */
import { toDay } from '../domain/dates.js';
import { isExceptionCurrent } from '../domain/exceptions.js';
import type { PackInput } from '../domain/result.js';
import type { ExceptionRecord } from '../domain/snapshot.js';

export interface ExceptionSummary {
  exception: ExceptionRecord;
  covers: string;
  status: 'current' | 'expired' | 'not-yet-approved';
  /** NON_COMPLIANT results it covered (rule exceptions). */
  resultsCovered: number;
  /** This framework's requirements it made accepted-risk, or whose deciding evidence it covers. */
  requirements: string[];
}

export function toExceptionSummaries(input: PackInput): ExceptionSummary[] {
  const day = toDay(input.evidence.manifest.createdAt);
  const { result } = input;
  return [...input.evidence.exceptions]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((ex) => {
      const status = isExceptionCurrent(ex, day) ? 'current' : ex.approvedOn > day ? 'not-yet-approved' : 'expired';
      if (ex.requirement !== undefined) {
        const [fw, ...rest] = ex.requirement.split(':');
        const reqId = rest.join(':');
        const applied = fw === result.framework.id && result.requirements.some((r) => r.requirementId === reqId && r.exceptionId === ex.id);
        return { exception: ex, covers: `requirement ${ex.requirement}`, status, resultsCovered: 0, requirements: applied ? [reqId] : [] };
      }
      const rule = input.evidence.rules.get(ex.ruleIdentifier ?? '');
      const resultsCovered = rule?.exceptedById?.[ex.id] ?? 0;
      const requirements = result.requirements
        .filter((r) => r.assessable && r.deciding.some((p) => p.kind === 'rule' && p.id === ex.ruleIdentifier))
        .map((r) => r.requirementId);
      return { exception: ex, covers: `${ex.ruleIdentifier ?? ''} on ${ex.resourcePattern ?? ''}`, status, resultsCovered, requirements };
    });
}
