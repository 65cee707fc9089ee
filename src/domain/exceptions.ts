/** Which exception covers a NON_COMPLIANT result: shared by evaluate/ and render/csv. Pure. */
import type { ExceptionRecord } from './snapshot.js';

export type GlobMatcher = (text: string) => boolean;

/**
 * `*` matches any run of characters (including none); everything else is literal. One pass, no
 * backtracking: the pattern is cut at its stars into literal pieces; the first must start the
 * text, the last end it, and each one between is found left to right after the previous (for a
 * star-only glob the leftmost match is always safe, so nothing is retried). The work is at most
 * the text's length times the pattern's, whatever the number of stars; a regular expression of
 * `.*` per star backtracks instead, exponentially: 14 stars took 29 s against one ARN.
 */
export function compileGlob(pattern: string): GlobMatcher {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return (text) => text === pattern;
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1).filter((p) => p !== '');
  const fixed = first.length + last.length;
  return (text) => {
    if (text.length < fixed || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, at);
      if (found === -1 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

/** Does `pattern` match every resource id: nothing but stars? */
export function matchesEverything(pattern: string): boolean {
  return /^\*+$/.test(pattern.trim());
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
  const byRule = new Map<string, { ex: ExceptionRecord; matches: GlobMatcher; current: boolean }[]>();
  for (const ex of [...exceptions].sort((a, b) => a.id.localeCompare(b.id))) {
    if (ex.ruleIdentifier === undefined || ex.resourcePattern === undefined) continue;
    const list = byRule.get(ex.ruleIdentifier) ?? [];
    list.push({ ex, matches: compileGlob(ex.resourcePattern), current: isExceptionCurrent(ex, day) });
    byRule.set(ex.ruleIdentifier, list);
  }
  return (ruleIdentifier, resourceId) => {
    const out: ExceptionMatch = { lapsed: [] };
    for (const c of byRule.get(ruleIdentifier) ?? []) {
      if (!c.matches(resourceId)) continue;
      if (c.current) out.current ??= c.ex.id;
      else out.lapsed.push(c.ex.id);
    }
    return out;
  };
}
