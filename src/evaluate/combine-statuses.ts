/**
 * How part statuses combine into a control status, and control statuses into a requirement
 * status. One rule for both levels, so the roll-up can never claim more than its parts.
 */
import { SATISFIED_STATUSES as SATISFIED, type Status } from '../domain/status.js';

export function combineStatuses(parts: readonly Status[]): Status {
  if (parts.length === 0) return 'needs-evidence';
  if (parts.includes('not-met')) return 'not-met';
  const relevant = parts.filter((s) => s !== 'not-applicable');
  if (relevant.length === 0) return 'not-applicable';
  if (relevant.every((s) => SATISFIED.has(s))) {
    if (relevant.includes('accepted-risk')) return 'accepted-risk';
    if (relevant.every((s) => s === 'inherited')) return 'inherited';
    return 'met';
  }
  if (relevant.every((s) => s === 'needs-evidence')) return 'needs-evidence';
  return 'partial';
}

/**
 * A collection gap can only lower a status: what looked met may hide failures in the part that
 * was not collected, and "no resources" cannot be claimed for a scope that was not seen.
 */
export function lowerForGap(status: Status): Status {
  switch (status) {
    case 'met':
    case 'accepted-risk':
      return 'partial';
    case 'not-applicable':
      return 'needs-evidence';
    default:
      return status;
  }
}
