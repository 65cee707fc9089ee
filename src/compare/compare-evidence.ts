/** Manual evidence and exceptions that expired, were renewed, appeared or went between two dates. Pure. */
import { latestForKind, manualStatus, type ManualStatus } from '../domain/manual-status.js';
import { isExceptionCurrent } from '../domain/exceptions.js';
import type { ExceptionRecord, ManualEvidenceRecord } from '../domain/snapshot.js';
import type { EvidenceChange } from '../domain/changes.js';

function describe(r: ManualEvidenceRecord | undefined, status: ManualStatus): string {
  return r ? `${r.title} (${r.id}), valid until ${r.validUntil}: ${status}` : 'none';
}

export function compareEvidence(
  before: { day: string; manual: readonly ManualEvidenceRecord[]; exceptions: readonly ExceptionRecord[] },
  after: { day: string; manual: readonly ManualEvidenceRecord[]; exceptions: readonly ExceptionRecord[] },
  expiringWithinDays = 30,
): EvidenceChange[] {
  const changes: EvidenceChange[] = [];
  const kinds = [...new Set([...before.manual, ...after.manual].map((m) => m.kind))].sort();
  for (const kind of kinds) {
    const a = latestForKind(before.manual, kind);
    const b = latestForKind(after.manual, kind);
    const sa = manualStatus(a, before.day, expiringWithinDays);
    const sb = manualStatus(b, after.day, expiringWithinDays);
    const ok = (s: ManualStatus) => s === 'current' || s === 'expiring';
    let change: EvidenceChange['change'] | undefined;
    if (!a && b) change = 'added';
    else if (a && !b) change = 'removed';
    else if (a && b && ok(sa) && !ok(sb)) change = 'expired';
    else if (a && b && (a.id !== b.id || b.validUntil > a.validUntil) && ok(sb)) change = 'renewed';
    if (change) changes.push({ type: 'manual-evidence', subject: kind, change, before: describe(a, sa), after: describe(b, sb), detail: `${before.day} -> ${after.day}` });
  }
  const ids = [...new Set([...before.exceptions, ...after.exceptions].map((e) => e.id))].sort();
  for (const id of ids) {
    const a = before.exceptions.find((e) => e.id === id);
    const b = after.exceptions.find((e) => e.id === id);
    const cover = (e: ExceptionRecord) => e.requirement ?? `${e.ruleIdentifier} on ${e.resourcePattern}`;
    const state = (e: ExceptionRecord | undefined, day: string) => (e ? `${cover(e)}, ${e.approvedOn} to ${e.expiresOn}: ${isExceptionCurrent(e, day) ? 'current' : 'not in force'}` : 'none');
    const ca = a ? isExceptionCurrent(a, before.day) : false;
    const cb = b ? isExceptionCurrent(b, after.day) : false;
    let change: EvidenceChange['change'] | undefined;
    if (!a && b) change = 'added';
    else if (a && !b) change = 'removed';
    else if (ca && !cb) change = 'expired';
    else if (a && b && b.expiresOn > a.expiresOn) change = 'renewed';
    else if (!ca && cb) change = 'became-current';
    if (change) changes.push({ type: 'exception', subject: id, change, before: state(a, before.day), after: state(b, after.day), detail: `${before.day} -> ${after.day}` });
  }
  return changes;
}
