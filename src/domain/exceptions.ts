/** Which exception covers a NON_COMPLIANT result: shared by evaluate/ and render/csv. Pure. */
import type { ExceptionRecord } from './snapshot.js';

/** `*` matches any run of characters (including none); everything else is literal. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** Is the exception in force on `day` (YYYY-MM-DD)? */
export function isExceptionCurrent(ex: ExceptionRecord, day: string): boolean {
  return ex.approvedOn <= day && day <= ex.expiresOn;
}

export interface ExceptionMatch {
  /** The current exception that covers the result, if any. */
  current?: string;
  /** Exceptions that match but are expired or not yet approved on the snapshot date. */
  lapsed: string[];
}

export type ExceptionMatcher = (ruleIdentifier: string, resourceId: string) => ExceptionMatch;

export function createExceptionMatcher(exceptions: readonly ExceptionRecord[], day: string): ExceptionMatcher {
  const byRule = new Map<string, { ex: ExceptionRecord; re: RegExp; current: boolean }[]>();
  for (const ex of [...exceptions].sort((a, b) => a.id.localeCompare(b.id))) {
    if (ex.ruleIdentifier === undefined || ex.resourcePattern === undefined) continue;
    const list = byRule.get(ex.ruleIdentifier) ?? [];
    list.push({ ex, re: globToRegExp(ex.resourcePattern), current: isExceptionCurrent(ex, day) });
    byRule.set(ex.ruleIdentifier, list);
  }
  return (ruleIdentifier, resourceId) => {
    const out: ExceptionMatch = { lapsed: [] };
    for (const c of byRule.get(ruleIdentifier) ?? []) {
      if (!c.re.test(resourceId)) continue;
      if (c.current) out.current ??= c.ex.id;
      else out.lapsed.push(c.ex.id);
    }
    return out;
  };
}
