/**
 * Which requirements and common controls a questionnaire question is about, best first: explicit
 * references in the text first ("ISO 27001 A.8.24", "CC6.1", "PCI DSS 8.4.2", "164.312(b)"), then a
 * ranked text search (MiniSearch, BM25) over requirement titles and descriptions and control titles
 * and objectives, with the question expanded by the catalog's vocabulary. Pure.
 */
import MiniSearch from 'minisearch';
import { z } from 'zod';
import type { Catalog } from '../domain/catalog.js';
import { maxOf } from '../domain/arrays.js';

export const VocabularySchema = z.strictObject({
  terms: z.array(z.strictObject({ term: z.string().min(1), expands: z.array(z.string().min(1)).min(1) })),
});
export type Vocabulary = z.output<typeof VocabularySchema>;

export interface RequirementMatch {
  framework: string;
  requirementId: string;
  score: number;
  explicit: boolean;
}

export interface QuestionMatch {
  requirements: RequirementMatch[];
  controls: { controlId: string; score: number }[];
  explicit: boolean;
  /** Best text-search score before normalisation (0 for explicit references only). */
  topScore: number;
  expandedWith: string[];
}

const STOP = new Set(
  'a an and are as at be been by can do does for from has have how if in is it its of on or our should that the their them there these this to was we what when where whether which who will with you your yours please describe provide explain confirm company organisation organization ensure ensured any all each per such'.split(' '),
);

function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 1 && !STOP.has(t));
}

interface Doc {
  id: string;
  kind: 'requirement' | 'control';
  framework: string;
  ref: string;
  title: string;
  body: string;
  related: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface MatchIndex {
  match(question: string, perFramework?: number): QuestionMatch;
}

export function buildMatchIndex(catalog: Catalog, vocabulary: Vocabulary): MatchIndex {
  const docs: Doc[] = [];
  const controlReqs = new Map<string, string[]>();
  const reqIds = new Map<string, Set<string>>();
  for (const f of catalog.frameworks) {
    const ids = new Set<string>();
    for (const r of f.requirements) {
      if (!r.assessable) continue;
      ids.add(r.id);
      // What a requirement is about: the controls that decide it and those that only support it.
      const about = [...r.controls, ...(r.supportedBy ?? [])];
      const controls = about.map((c) => catalog.controls.get(c)).filter((c) => c !== undefined);
      docs.push({
        id: `${f.id}:${r.id}`,
        kind: 'requirement',
        framework: f.id,
        ref: r.id,
        title: r.title,
        body: r.description ?? '',
        related: controls.map((c) => `${c.title}. ${c.objective}`).join(' '),
      });
      for (const c of about) controlReqs.set(c, [...(controlReqs.get(c) ?? []), r.title]);
    }
    reqIds.set(f.id, ids);
  }
  for (const c of catalog.controls.values()) {
    docs.push({ id: `control:${c.id}`, kind: 'control', framework: '', ref: c.id, title: c.title, body: c.objective, related: (controlReqs.get(c.id) ?? []).join('. ') });
  }
  const index = new MiniSearch<Doc>({
    fields: ['title', 'body', 'related'],
    storeFields: ['kind', 'framework', 'ref'],
    tokenize,
    searchOptions: { boost: { title: 3, body: 1.5, related: 0.6 }, prefix: (term) => term.length > 4, fuzzy: (term) => (term.length > 6 ? 0.15 : false), combineWith: 'OR' },
  });
  index.addAll(docs);
  const vocab = vocabulary.terms.map((t) => ({ ...t, re: new RegExp(`(^|[^a-z0-9])${escapeRegExp(t.term.toLowerCase())}s?([^a-z0-9]|$)`, 'i') }));

  /**
   * A reference may name a heading or a short form: 164.308(a)(1) for 164.308(a)(1)(i), ISO clause 9.2
   * for 9.2.1. It resolves to the first assessable requirement under it.
   */
  const resolve = (framework: string, ref: string): string | undefined => {
    const ids = reqIds.get(framework);
    if (!ids) return undefined;
    if (ids.has(ref)) return ref;
    return [...ids].find((id) => id.startsWith(`${ref}(`) || id.startsWith(`${ref}.`));
  };

  const explicitRefs = (q: string): RequirementMatch[] => {
    const out: RequirementMatch[] = [];
    const add = (framework: string, ref: string) => {
      const id = resolve(framework, ref);
      if (id && !out.some((m) => m.framework === framework && m.requirementId === id)) out.push({ framework, requirementId: id, score: 1, explicit: true });
    };
    for (const m of q.matchAll(/(?:§\s*|45\s*CFR\s*)?\b(164\.3\d\d(?:\([a-z0-9]+\))*)/gi)) add('hipaa-security', m[1] ?? '');
    for (const m of q.matchAll(/\b(CC[1-9]\.\d{1,2}|A1\.\d|C1\.\d|PI1\.\d|P[1-8]\.\d)\b/g)) add('soc2-2017', m[1] ?? '');
    for (const m of q.matchAll(/\bA\s?\.?\s?([5-8]\.\d{1,2})\b/g)) add('iso27001-2022', `A.${m[1] ?? ''}`);
    for (const m of q.matchAll(/\b(?:ISO(?:\/IEC)?\s*27001(?::2022)?[^0-9A]{0,20}(?:clause\s*)?)([4-9]|10)(\.\d{1,2})?\b/gi)) add('iso27001-2022', `${m[1] ?? ''}${m[2] ?? ''}`);
    for (const m of q.matchAll(/\b(?:PCI(?:\s*DSS)?(?:\s*v?4\.0(?:\.1)?)?\s*(?:req(?:uirement)?\.?\s*)?|req(?:uirement)?\.?\s+)((?:\d{1,2}|A[1-3])(?:\.\d{1,2}){1,3})\b/gi)) add('pci-dss-4.0.1', m[1] ?? '');
    return out;
  };

  return {
    match(question, perFramework = 5) {
      const explicit = explicitRefs(question);
      const expandedWith = vocab.filter((v) => v.re.test(question)).flatMap((v) => v.expands);
      const query = [question, ...expandedWith].join(' ');
      const hits = tokenize(query).length === 0 ? [] : index.search(query);
      const topScore = hits[0]?.score ?? 0;
      const controls = hits.filter((h) => h.kind === 'control').map((h) => ({ controlId: String(h.ref), score: h.score / (topScore || 1) }));
      const controlScore = new Map(controls.map((c) => [c.controlId, c.score]));
      const byFramework = new Map<string, RequirementMatch[]>();
      for (const h of hits) {
        if (h.kind !== 'requirement') continue;
        const fw = String(h.framework);
        const req = catalog.frameworks.find((f) => f.id === fw)?.requirements.find((r) => r.id === h.ref);
        const viaControls = maxOf([...(req?.controls ?? []), ...(req?.supportedBy ?? [])].map((c) => controlScore.get(c) ?? 0), 0);
        const list = byFramework.get(fw) ?? [];
        list.push({ framework: fw, requirementId: String(h.ref), score: h.score / (topScore || 1) + 0.5 * viaControls, explicit: false });
        byFramework.set(fw, list);
      }
      const ranked = [...byFramework.values()].flatMap((list) => list.sort((a, b) => b.score - a.score).slice(0, perFramework));
      ranked.sort((a, b) => b.score - a.score);
      const requirements = [...explicit, ...ranked.filter((r) => !explicit.some((e) => e.framework === r.framework && e.requirementId === r.requirementId))];
      return { requirements, controls, explicit: explicit.length > 0, topScore, expandedWith };
    },
  };
}
