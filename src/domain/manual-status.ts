/** The status of a piece of manual evidence on a given day. Pure; shared by evaluate/ and compare/. */
import { daysBetween } from './dates.js';
import type { ManualEvidenceRecord } from './snapshot.js';

/** `unverified`: the local file changed since it was registered, or is gone; it proves nothing until re-registered. */
export type ManualStatus = 'current' | 'expiring' | 'expired' | 'missing' | 'unverified';

export function manualStatus(record: ManualEvidenceRecord | undefined, day: string, expiringWithinDays: number): ManualStatus {
  if (!record) return 'missing';
  if (record.integrity === 'mismatch' || record.integrity === 'file-missing') return 'unverified';
  const left = daysBetween(day, record.validUntil);
  return left < 0 ? 'expired' : left <= expiringWithinDays ? 'expiring' : 'current';
}

/**
 * The record that counts for a kind: the one valid longest (then the most recently collected).
 * With `day`, only records collected on or before it: evidence collected after a snapshot's date did
 * not exist on it (so an earlier snapshot in a trend is not credited with later evidence).
 */
export function latestForKind(records: readonly ManualEvidenceRecord[], kind: string, day?: string): ManualEvidenceRecord | undefined {
  return records
    .filter((r) => r.kind === kind && (day === undefined || r.collectedOn <= day))
    .sort((a, b) => b.validUntil.localeCompare(a.validUntil) || b.collectedOn.localeCompare(a.collectedOn))[0];
}
