/**
 * Which requirements a filter keeps, and how they sort: pure functions over the page's
 * requirements, so the counts the list shows are the rows of requirements.csv that match.
 */
import type { PageRequirement } from '../page-data.js';

export const FILTER_KEYS = ['status', 'responsibility', 'owner', 'family'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface Filter {
  status: string;
  responsibility: string;
  owner: string;
  family: string;
  /** Words to find in the id, title or reasons (all of them, any case). */
  q: string;
}

export const SORTS = ['catalog', 'id', 'status', 'responsibility', 'title'] as const;
export type Sort = (typeof SORTS)[number];

export function filterFromParams(params: URLSearchParams): Filter {
  return { status: params.get('status') ?? '', responsibility: params.get('responsibility') ?? '', owner: params.get('owner') ?? '', family: params.get('family') ?? '', q: params.get('q') ?? '' };
}

/** The values a requirement has for a filter key (a requirement may have several owners or families). */
export function valuesOf(r: PageRequirement, key: FilterKey): readonly string[] {
  switch (key) {
    case 'status':
      return [r.status];
    case 'responsibility':
      return [r.responsibility];
    case 'owner':
      return r.owners;
    case 'family':
      return r.families;
  }
}

function matchesWords(r: PageRequirement, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return true;
  const text = `${r.id} ${r.title} ${r.reasons.join(' ')}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** Does `r` pass every part of the filter but `except` (used to count each option of that key)? */
export function matches(r: PageRequirement, f: Filter, except?: FilterKey): boolean {
  for (const key of FILTER_KEYS) {
    if (key === except || f[key] === '') continue;
    if (!valuesOf(r, key).includes(f[key])) return false;
  }
  return matchesWords(r, f.q);
}

const naturally = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

export function sortRequirements(rows: readonly PageRequirement[], sort: Sort, descending: boolean, statusOrder: readonly string[]): PageRequirement[] {
  const position = new Map(rows.map((r, i) => [r, i]));
  const rank = (s: string) => statusOrder.indexOf(s);
  const by: Record<Sort, (a: PageRequirement, b: PageRequirement) => number> = {
    catalog: () => 0,
    id: (a, b) => naturally(a.id, b.id),
    status: (a, b) => rank(a.status) - rank(b.status),
    responsibility: (a, b) => naturally(a.responsibility, b.responsibility),
    title: (a, b) => naturally(a.title, b.title),
  };
  const sorted = [...rows].sort((a, b) => by[sort](a, b) || (position.get(a) ?? 0) - (position.get(b) ?? 0));
  return descending ? sorted.reverse() : sorted;
}
