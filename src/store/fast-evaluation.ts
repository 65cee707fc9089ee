/**
 * The fast path of record validation, for the most numerous kind: an evaluation result that is
 * exactly what EvaluationRecordSchema accepts (the same patterns, the same keys, in the order the
 * schema gives them) is taken as it is, without running zod over it. Anything else, however
 * slightly off, goes through the schema, which says what is wrong and where. Pure.
 */
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN, type EvaluationRecord } from '../domain/snapshot.js';
import { COMPLIANCE_TYPES } from '../domain/status.js';
/** What `z.iso.datetime({ offset: true })` checks, from zod itself. */
export const ISO_DATETIME_PATTERN = z.regexes.datetime({ offset: true, local: false, precision: null });

/** The schema's keys in its order; `annotation` is the only optional one. */
export const EVALUATION_KEYS = ['account', 'region', 'ruleName', 'sourceIdentifier', 'resourceType', 'resourceId', 'complianceType', 'annotation', 'recordedAt'] as const;
const OPTIONAL = 'annotation';
const COMPLIANCE = new Set<unknown>(COMPLIANCE_TYPES);

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

/**
 * A test of `pattern` that remembers the last value it accepted: results stream grouped by
 * location, so most accounts and regions are compared, not matched.
 */
function lastAccepted(pattern: RegExp): (v: unknown) => boolean {
  let last: string | undefined;
  return (v) => {
    if (typeof v !== 'string') return false;
    if (v === last) return true;
    if (!pattern.test(v)) return false;
    last = v;
    return true;
  };
}

const isAccountId = lastAccepted(ACCOUNT_ID_PATTERN);
const isRegion = lastAccepted(REGION_PATTERN);

/**
 * True only for a parsed JSON value that EvaluationRecordSchema accepts unchanged (its output would
 * equal its input, key order included). False means "ask the schema", not "invalid".
 */
export function isExactEvaluation(v: unknown): v is EvaluationRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  let at = 0;
  for (const key in r) {
    if (EVALUATION_KEYS[at] === OPTIONAL && key !== OPTIONAL) at++;
    if (key !== EVALUATION_KEYS[at]) return false;
    at++;
  }
  if (at !== EVALUATION_KEYS.length) return false;
  return (
    isAccountId(r.account) &&
    isRegion(r.region) &&
    nonEmpty(r.ruleName) && nonEmpty(r.sourceIdentifier) && nonEmpty(r.resourceType) && nonEmpty(r.resourceId) &&
    COMPLIANCE.has(r.complianceType) &&
    (r.annotation === undefined || typeof r.annotation === 'string') &&
    typeof r.recordedAt === 'string' && ISO_DATETIME_PATTERN.test(r.recordedAt)
  );
}
