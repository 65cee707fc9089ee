/**
 * A small BM25F ranker over documents made of weighted fields, with Porter-stemmed tokens: enough to
 * rank a few hundred short requirement and control texts against one question, deterministically. Pure.
 */
import { stemmer } from 'stemmer';

const STOP = new Set(
  'a about above after all also an and any are as at be been being both but by can could do does done each either ensure ensured every for from has have having how i if in into is it its may must of on or other our ours over per please provide shall should so such than that the their them then there these they this those through to under up upon us use used uses using was we were what when where whether which while who whom will with within would yes no you your yours describe explain confirm company organisation organization vendor supplier'.split(
    ' ',
  ),
);

/** Cadence adverbs stem apart from their nouns (quarterly -> quarterli): bring them together. */
const CADENCE: Readonly<Record<string, string>> = { hourli: 'hour', daili: 'dai', weekli: 'week', monthli: 'month', quarterli: 'quarter', yearli: 'year' };

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 1 && !STOP.has(t))
    .map((t) => (/^\d/.test(t) ? t : stemmer(t)))
    .map((t) => CADENCE[t] ?? t);
}

export interface Field {
  text: string;
  weight: number;
}

interface IndexedDoc<T> {
  doc: T;
  tf: Map<string, number>;
  length: number;
}

export interface Bm25Index<T> {
  /** Scores every document with at least one query term, best first (ties in document order). */
  search(query: ReadonlyMap<string, number>, filter?: (doc: T) => boolean): { doc: T; score: number }[];
  idf(term: string): number;
  /** The score of a document holding every query term once in its main field: what "all of it" scores. */
  ideal(query: ReadonlyMap<string, number>, weight: number): number;
}

export function buildBm25<T>(docs: readonly T[], fields: (doc: T) => Field[], k1 = 1.2, b = 0.5): Bm25Index<T> {
  const indexed: IndexedDoc<T>[] = docs.map((doc) => {
    const tf = new Map<string, number>();
    let length = 0;
    for (const f of fields(doc)) {
      for (const t of tokenize(f.text)) {
        tf.set(t, (tf.get(t) ?? 0) + f.weight);
        length += f.weight;
      }
    }
    return { doc, tf, length };
  });
  const avg = indexed.reduce((n, d) => n + d.length, 0) / Math.max(1, indexed.length);
  const df = new Map<string, number>();
  for (const d of indexed) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = indexed.length;
  const idf = (t: string) => {
    const f = df.get(t) ?? 0;
    return f === 0 ? 0 : Math.log(1 + (n - f + 0.5) / (f + 0.5));
  };
  return {
    idf,
    ideal(query, weight) {
      let total = 0;
      for (const [t, w] of query) total += w * idf(t) * ((weight * (k1 + 1)) / (weight + k1));
      return total;
    },
    search(query, filter) {
      const out: { doc: T; score: number; i: number }[] = [];
      indexed.forEach((d, i) => {
        if (filter && !filter(d.doc)) return;
        let score = 0;
        for (const [t, w] of query) {
          const f = d.tf.get(t);
          if (!f) continue;
          score += w * idf(t) * ((f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / avg)));
        }
        if (score > 0) out.push({ doc: d.doc, score, i });
      });
      return out.sort((x, y) => y.score - x.score || x.i - y.i).map(({ doc, score }) => ({ doc, score }));
    },
  };
}

/** Query terms with weights: the question's own words at 1, expansions at `expansionWeight` (never lowering a word). */
export function toQuery(question: string, expansions: readonly string[], expansionWeight: number): Map<string, number> {
  const q = new Map<string, number>();
  for (const t of tokenize(question)) q.set(t, 1);
  for (const e of expansions) for (const t of tokenize(e)) if (!q.has(t) || (q.get(t) ?? 0) < expansionWeight) q.set(t, Math.max(q.get(t) ?? 0, expansionWeight));
  return q;
}
