/**
 * The page's location: the view and its parameters live in the URL fragment (`#/requirements?
 * status=not-met&page=2`, `#/requirement/8.3.4`), so a filtered list or a requirement can be
 * bookmarked, shared and reopened from the file, and Back works.
 */

export type View = 'overview' | 'requirements' | 'requirement' | 'evidence' | 'rule';

export interface Route {
  view: View;
  id?: string;
  params: URLSearchParams;
}

const VIEWS: readonly View[] = ['overview', 'requirements', 'requirement', 'evidence', 'rule'];

export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#/') ? hash.slice(2) : '';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  const view = (VIEWS as readonly string[]).includes(name) ? (name as View) : 'overview';
  if (slash >= 0 && (view === 'requirement' || view === 'rule')) {
    let id = path.slice(slash + 1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // a malformed escape: keep the text as it is
    }
    return { view, id, params };
  }
  return { view, params };
}

/** The fragment (without `#/`) for a view with parameters; empty parameters are left out. */
export function toRoute(view: View, params: Record<string, string | number | undefined> = {}, id?: string): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return `${view}${id === undefined ? '' : `/${encodeURIComponent(id)}`}${s ? `?${s}` : ''}`;
}
