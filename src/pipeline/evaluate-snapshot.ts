/**
 * The one evaluation every output of a pack repeats: a snapshot read once, each framework evaluated
 * over its own scope (srmap.yaml), with the working folder laid over the snapshot, and the
 * catalog's complementary user entity controls given their status from each framework's result.
 */
import type { Catalog, Framework } from '../domain/catalog.js';
import type { ControlResult, EvidenceSummary, FrameworkResult } from '../domain/result.js';
import { scopeKey, toFrameworkScope, WHOLE_SNAPSHOT, type FrameworkScope } from '../domain/scope.js';
import type { WorkingFolder } from '../collect/manual/read-working-folder.js';
import { evaluateFramework } from '../evaluate/evaluate-framework.js';
import { evaluateControl, toControlContext } from '../evaluate/evaluate-control.js';
import { evaluateCuecs } from '../evaluate/evaluate-cuecs.js';
import type { Cuec, CuecResult } from '../domain/cuec.js';
import { createNarrativeRenderer } from '../render/narrative/render-narratives.js';
import { loadScopedEvidence, type EvaluationSinks } from './load-evidence.js';

/** Each framework's scope: what srmap.yaml declares for it, else the whole snapshot. */
export function frameworkScopes(frameworks: readonly Framework[], working: WorkingFolder | undefined): Map<string, FrameworkScope> {
  return new Map(frameworks.map((f) => [f.id, toFrameworkScope(working?.config?.scope?.[f.id])]));
}

/** Reads a snapshot once and evaluates each framework over its own scope. */
export async function evaluateSnapshot(options: {
  catalog: Catalog;
  snapshotDir: string;
  frameworks: readonly Framework[];
  working?: WorkingFolder;
  failingCap: number;
  expiringWithinDays?: number;
  /** Whatever else is made of the evaluation results, in the same read (the pack's evidence.csv). */
  sinks?: EvaluationSinks;
  /** The catalog's complementary user entity controls (read-cuecs.ts): each framework's result gives them a status. */
  cuecs?: readonly Cuec[];
  /** Read the resource tags even when no framework's scope selects by tag (for a sink's own folds). */
  readTags?: boolean;
}): Promise<{ id: string; result: FrameworkResult; evidence: EvidenceSummary; narratives: Map<string, string>; cuecs: CuecResult[] }[]> {
  const { catalog, frameworks, working } = options;
  const scopes = frameworkScopes(frameworks, working);
  const scoped = await loadScopedEvidence(options.snapshotDir, {
    failingCap: options.failingCap,
    scopes: [...scopes.values()],
    ...(working?.exceptions ? { exceptions: working.exceptions } : {}),
    ...(options.sinks ? { sinks: options.sinks } : {}),
    ...(options.readTags ? { readTags: true } : {}),
  });
  const evaluation = options.expiringWithinDays === undefined ? {} : { expiringWithinDays: options.expiringWithinDays };
  const caches = new Map<string, Map<string, ControlResult>>();
  const narrate = createNarrativeRenderer();
  return frameworks.map((f) => {
    const key = scopeKey(scopes.get(f.id) ?? WHOLE_SNAPSHOT);
    const evidence = withWorkingFolder(scoped.get(key) as EvidenceSummary, working);
    const cache = caches.get(key) ?? new Map<string, ControlResult>();
    caches.set(key, cache);
    const result = evaluateFramework(f, catalog, evidence, evaluation, cache);
    const narratives = new Map<string, string>();
    for (const [id, control] of result.controls) {
      const c = catalog.controls.get(id);
      if (c) narratives.set(id, narrate(c, control, evidence));
    }
    // A CUEC's control that no requirement of this framework names: the same evaluation, over the same evidence.
    let ctx: ReturnType<typeof toControlContext> | undefined;
    const otherControl = (id: string): ControlResult | undefined => {
      const control = catalog.controls.get(id);
      if (!control) return undefined;
      let r = cache.get(id);
      if (!r) {
        ctx ??= toControlContext(catalog, evidence, evaluation);
        r = evaluateControl(control, ctx);
        cache.set(id, r);
      }
      return r;
    };
    const cuecs = evaluateCuecs(options.cuecs ?? [], result, otherControl);
    return { id: f.id, result, evidence, narratives, cuecs };
  });
}

/** The snapshot's evidence with the working folder's register, owners, exceptions, declarations and settings laid over it. */
export function withWorkingFolder(evidence: EvidenceSummary, working: WorkingFolder | undefined): EvidenceSummary {
  if (!working) return evidence;
  const serviceProvider = working.config?.serviceProvider;
  return {
    ...evidence,
    manifest: {
      ...evidence.manifest,
      organisation: { ...evidence.manifest.organisation, ...(serviceProvider === undefined ? {} : { serviceProvider }) },
    },
    ...(working.manualEvidence ? { manualEvidence: working.manualEvidence } : {}),
    ...(working.owners ? { owners: working.owners } : {}),
    ...(working.exceptions ? { exceptions: working.exceptions } : {}),
    ...(working.declarations ? { declarations: working.declarations } : {}),
  };
}

