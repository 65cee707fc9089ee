/**
 * How a framework's requirements are cited in free text (a questionnaire's question): the patterns
 * its framework file declares under `citations:`, each a regular expression whose match names a
 * requirement through an id template ($1, $2, ... its groups). Pure.
 */
import type { Framework } from './catalog.js';

export type CitationPattern = NonNullable<Framework['citations']>[number];

/** How many capture groups a regular expression has (throws if it does not compile). */
export function countGroups(pattern: string): number {
  return (new RegExp(`${pattern}|`).exec('')?.length ?? 1) - 1;
}

/** The group numbers an id template names ($1 ... $9). */
export function templateGroups(template: string): number[] {
  return [...template.matchAll(/\$(\d)/g)].map((m) => Number(m[1]));
}

/** Every requirement reference in `text` that the patterns find, in pattern order then text order (ids as the templates build them). */
export function toCitationFinder(patterns: readonly CitationPattern[]): (text: string) => string[] {
  const compiled = patterns.map((p) => ({ re: new RegExp(p.pattern, p.ignoreCase ? 'gi' : 'g'), id: p.id }));
  return (text) => compiled.flatMap(({ re, id }) => [...text.matchAll(re)].map((m) => id.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '')));
}
