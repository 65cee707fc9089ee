/** Date helpers on ISO strings: pure, no clock. Calendar dates are compared as YYYY-MM-DD. */

const DAY_MS = 86_400_000;

/** `2026-09-30T18:00:00Z` -> `2026-09-30` (UTC). */
export function toDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD or ISO); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(toDay(to)) - Date.parse(toDay(from))) / DAY_MS);
}

/** Is `s` a real calendar date written YYYY-MM-DD? */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
