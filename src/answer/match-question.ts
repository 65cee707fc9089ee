/**
 * Which requirements and common controls a question is about, ranked per framework by how
 * specifically they match it. Explicit references in the text come first ("ISO 27001 A.8.24",
 * "CC6.1", "PCI DSS 8.4.2", "164.312(b)"). Otherwise: the question (expanded by the synonyms) is
 * ranked against the common controls (title, objective, the words questionnaires use for them)
 * and, per framework, against the requirements' own titles and headings; a requirement's score
 * adds the score of its best-matching controls, weighted down by the control's place in its list
 * (the first control of a requirement is what it is about), and a share of the best control of the
 * same family. Matching is on requirement and control text and ids only, never on evaluated status. Pure.
 */
import { z } from 'zod';
import type { Catalog, Framework, Requirement } from '../domain/catalog.js';
import { buildBm25, toQuery, type Bm25Index } from './bm25.js';
import { pushAll } from '../domain/arrays.js';
import { toCitationFinder } from '../domain/citations.js';

export const VocabularySchema = z.strictObject({
  terms: z.array(z.strictObject({ term: z.string().min(1), expands: z.array(z.string().min(1)).min(1) })),
});
export type Vocabulary = z.output<typeof VocabularySchema>;

export const ControlTermsSchema = z.strictObject({
  controls: z.array(z.strictObject({ control: z.string().min(1), terms: z.array(z.string().min(1)).min(1) })),
});
export type ControlTerms = z.output<typeof ControlTermsSchema>;

export interface MatchWeights {
  /** Share of a requirement's score from its own text (the rest from its controls), for a framework whose file gives no `answerTextWeight`. */
  text: number;
  /** Weight of a control by its place in the requirement's list: decay^place. */
  placeDecay: number;
  /**
   * A requirement also scores this share of the best control of the same family it names: the
   * catalog may map a control to a framework through a sibling (log retention through logging).
   */
  family: number;
  /** A requirement naming the second-best of its matched controls too gains this share of it. */
  coverage: number;
  /** Weight of synonym expansions against the question's own words. */
  expansion: number;
  /** Weight of the parent headings' titles in a requirement's text. */
  parent: number;
  /** A requirement is cited when its score is at least this share of the framework's best. */
  cite: number;
  /** At most this many citations per framework. */
  maxCitations: number;
}

export const DEFAULT_WEIGHTS: MatchWeights = {
  text: 0.2,
  placeDecay: 0.95,
  family: 0.3,
  coverage: 0.1,
  expansion: 0.3,
  parent: 0.3,
  cite: 0.8,
  maxCitations: 3,
};

export interface RequirementMatch {
  framework: string;
  requirementId: string;
  score: number;
  explicit: boolean;
  /** The common controls that decide the requirement, in the catalog's order. */
  controls: readonly string[];
  /** What the requirement is about: the controls that decide it, then those that only support it. */
  about: readonly string[];
}

export interface ControlMatch {
  controlId: string;
  /** Relative to the best control (1 for the best). */
  score: number;
}

export interface QuestionMatch {
  /** Per framework, best first; the explicitly referenced ones first of all. */
  byFramework: ReadonlyMap<string, RequirementMatch[]>;
  /** The requirements to cite: per framework those close to its best, at most `maxCitations`. */
  citations: RequirementMatch[];
  controls: ControlMatch[];
  explicit: boolean;
  /** The best control's raw score: how much of the question the catalog's words cover. */
  strength: number;
  /** 1 - second / best control score: how clearly one control stands out. */
  margin: number;
  expandedWith: string[];
}

export interface MatchIndex {
  match(question: string): QuestionMatch;
  weights: MatchWeights;
}

/**
 * What a requirement is about: the controls that decide it, then the related ones that only support
 * it (`supportedBy`), in that order. Matching reads both alike, so moving a control from one list to
 * the other changes no match; which controls decide the answer is the evaluation's business.
 */
function aboutOf(r: Requirement): string[] {
  return [...r.controls, ...(r.supportedBy ?? [])];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface ReqDoc {
  framework: string;
  req: Requirement;
  parents: string[];
}

export function buildMatchIndex(catalog: Catalog, vocabulary: Vocabulary, controlTerms: ControlTerms = { controls: [] }, weights: MatchWeights = DEFAULT_WEIGHTS): MatchIndex {
  const termsOf = new Map(controlTerms.controls.map((c) => [c.control, c.terms]));
  const primaryOf = new Map<string, string[]>();
  const reqDocs: ReqDoc[] = [];
  const assessable = new Map<string, Requirement[]>();
  for (const f of catalog.frameworks) {
    const byId = new Map(f.requirements.map((r) => [r.id, r]));
    const list: Requirement[] = [];
    for (const r of f.requirements) {
      if (!r.assessable) continue;
      list.push(r);
      const parents: string[] = [];
      for (let p = r.parent ? byId.get(r.parent) : undefined; p; p = p.parent ? byId.get(p.parent) : undefined) parents.push(p.title);
      reqDocs.push({ framework: f.id, req: r, parents });
      const first = aboutOf(r)[0];
      if (first) primaryOf.set(first, [...(primaryOf.get(first) ?? []), r.title]);
    }
    assessable.set(f.id, list);
  }
  const controls = [...catalog.controls.values()];
  const controlIndex = buildBm25(controls, (c) => [
    { text: c.title, weight: 3 },
    { text: c.objective, weight: 1.5 },
    { text: (termsOf.get(c.id) ?? []).join('. '), weight: 2.5 },
    { text: c.evidence.manual.map((k) => catalog.manualKinds.get(k)?.title ?? '').join('. '), weight: 0.8 },
    { text: (primaryOf.get(c.id) ?? []).join('. '), weight: 0.5 },
  ]);
  const reqIndex = new Map<string, Bm25Index<ReqDoc>>();
  for (const f of catalog.frameworks) {
    reqIndex.set(
      f.id,
      buildBm25(
        reqDocs.filter((d) => d.framework === f.id),
        (d) => [
          { text: d.req.title, weight: 3 },
          { text: d.req.description ?? '', weight: 1 },
          ...d.parents.map((t, i) => ({ text: t, weight: weights.parent / (i + 1) })),
        ],
      ),
    );
  }
  const vocab = vocabulary.terms.map((t) => ({ ...t, re: new RegExp(`(^|[^a-z0-9])${escapeRegExp(t.term.toLowerCase())}s?([^a-z0-9]|$)`, 'i') }));
  const explicitRefs = explicitReferences(catalog.frameworks);

  return {
    weights,
    match(question) {
      const expandedWith = vocab.filter((v) => v.re.test(question)).flatMap((v) => v.expands);
      const query = toQuery(question, expandedWith, weights.expansion);
      const controlHits = controlIndex.search(query);
      const best = controlHits[0]?.score ?? 0;
      const matchedControls: ControlMatch[] = controlHits.map((h) => ({ controlId: h.doc.id, score: best > 0 ? h.score / best : 0 }));
      const controlScore = new Map(matchedControls.map((c) => [c.controlId, c.score]));
      const familyScore = new Map<string, number>();
      for (const c of matchedControls) {
        const fam = catalog.controls.get(c.controlId)?.family ?? '';
        familyScore.set(fam, Math.max(familyScore.get(fam) ?? 0, c.score));
      }
      const explicit = explicitRefs(question);
      const byFramework = new Map<string, RequirementMatch[]>();
      const citations: RequirementMatch[] = [];
      for (const f of catalog.frameworks) {
        const index = reqIndex.get(f.id);
        const hits = new Map((index?.search(query) ?? []).map((h) => [h.doc.req.id, h.score]));
        // Text scores relative to what a title holding every word of the question would score.
        const top = index?.ideal(query, 3) ?? 0;
        const alpha = f.answerTextWeight ?? weights.text;
        const scored: RequirementMatch[] = [];
        for (const r of assessable.get(f.id) ?? []) {
          const text = top > 0 ? Math.min(1, (hits.get(r.id) ?? 0) / top) : 0;
          const each = aboutOf(r).map((c, place) => Math.max((controlScore.get(c) ?? 0) * weights.placeDecay ** place, weights.family * (familyScore.get(catalog.controls.get(c)?.family ?? '') ?? 0)));
          each.sort((a, b) => b - a);
          const via = (each[0] ?? 0) + weights.coverage * (each[1] ?? 0);
          const score = alpha * text + (1 - alpha) * via;
          if (score > 0) scored.push({ framework: f.id, requirementId: r.id, score, explicit: false, controls: r.controls, about: aboutOf(r) });
        }
        scored.sort((a, b) => b.score - a.score);
        const mine = explicit.filter((e) => e.framework === f.id);
        const ranked = [...mine, ...scored.filter((s) => !mine.some((m) => m.requirementId === s.requirementId))];
        byFramework.set(f.id, ranked);
        if (mine.length > 0) pushAll(citations, mine);
        else {
          const head = scored[0]?.score ?? 0;
          pushAll(citations, scored.filter((s) => head > 0 && s.score >= weights.cite * head).slice(0, weights.maxCitations));
        }
      }
      const second = controlHits[1]?.score ?? 0;
      return { byFramework, citations, controls: matchedControls, explicit: explicit.length > 0, strength: best, margin: best > 0 ? 1 - second / best : 0, expandedWith };
    },
  };
}

/**
 * References written the standards' way, found by the patterns each framework file declares. A reference may name a heading or a short form:
 * 164.308(a)(1) for 164.308(a)(1)(i), ISO clause 9.2 for 9.2.1: it resolves to the first
 * assessable requirement under it.
 */
function explicitReferences(frameworks: readonly Framework[]): (q: string) => RequirementMatch[] {
  const reqs = new Map(frameworks.map((f) => [f.id, f.requirements.filter((r) => r.assessable)]));
  const ids = new Map([...reqs].map(([f, list]) => [f, list.map((r) => r.id)]));
  // Each framework's citation patterns, as its file declares them (citations:).
  const finders = frameworks.flatMap((f) => (f.citations && f.citations.length > 0 ? [[f.id, toCitationFinder(f.citations)] as const] : []));
  const resolve = (framework: string, ref: string): string | undefined => {
    const list = ids.get(framework);
    if (!list) return undefined;
    if (list.includes(ref)) return ref;
    return list.find((id) => id.startsWith(`${ref}(`) || id.startsWith(`${ref}.`));
  };
  return (q) => {
    const out: RequirementMatch[] = [];
    const add = (framework: string, ref: string) => {
      const id = resolve(framework, ref);
      if (id && !out.some((m) => m.framework === framework && m.requirementId === id)) {
        const r = reqs.get(framework)?.find((x) => x.id === id);
        out.push({ framework, requirementId: id, score: 1, explicit: true, controls: r?.controls ?? [], about: r ? aboutOf(r) : [] });
      }
    };
    for (const [framework, find] of finders) for (const ref of find(q)) add(framework, ref);
    return out;
  };
}
