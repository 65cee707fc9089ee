/**
 * Two snapshots compared: scope first, then requirement statuses over the common scope, rules,
 * manual evidence and exceptions, and resources newly failing or fixed (streamed to the caller).
 */
import type { Catalog } from '../domain/catalog.js';
import { toDay } from '../domain/dates.js';
import type { ControlResult, EvidenceSummary } from '../domain/result.js';
import { scopeKey, WHOLE_SNAPSHOT } from '../domain/scope.js';
import type { WorkingFolder } from '../collect/manual/read-working-folder.js';
import type { EvaluationOptions } from '../evaluate/evaluate-control.js';
import { frameworkScopes, withWorkingFolder } from './evaluate-snapshot.js';
import type { ResourceChange, SnapshotDiff } from '../domain/changes.js';
import { compareEvidence } from '../compare/compare-evidence.js';
import { compareRequirements } from '../compare/compare-requirements.js';
import { compareRules } from '../compare/compare-rules.js';
import { commonConfigScope, compareScope, sourceLevelChanges } from '../compare/compare-scope.js';
import { createResourceDiff } from '../compare/resource-diff.js';
import { evaluateFramework } from '../evaluate/evaluate-framework.js';
import { readManifest } from '../store/read-snapshot.js';
import { RECORD_FILES } from '../domain/snapshot.js';
import { selectFrameworks } from './select-frameworks.js';
import { loadScopedEvidence, scopedFolds, type EvaluationSinks, type ScopedFolds } from './load-evidence.js';

export interface DiffOptions {
  catalog: Catalog;
  beforeDir: string;
  afterDir: string;
  frameworks?: readonly string[];
  /** Every resource change, in stream order (newly failing) then sorted (fixed, no longer evaluated). */
  onResourceChange?: (change: ResourceChange) => Promise<void> | void;
  /** How many resource changes of each kind to keep in the result (for the PDF); the callback sees all. */
  sampleCap?: number;
  onProgress?: (message: string) => void;
  /** A working folder: each framework's scope, and its register, owners, exceptions and declarations over both snapshots. */
  working?: WorkingFolder;
  evaluation?: EvaluationOptions;
}

export async function diffSnapshots(options: DiffOptions): Promise<SnapshotDiff> {
  const pending = await startDiff(options);
  // The later snapshot read once: its folds for the evaluation, and its results into the resource diff.
  await loadScopedEvidence(options.afterDir, { failingCap: 0, scopes: [], readTags: pending.needsTags, sinks: pending.afterSinks });
  return pending.finish();
}

/** A diff whose earlier snapshot is read: the later one streams into `afterSinks` (alone, or beside a report's own sinks). */
export interface PendingDiff {
  /** Sinks for the later snapshot's stream: its folds over the common scope and the resource diff. */
  afterSinks: EvaluationSinks;
  /** Whether afterSinks' folds select by tag (the stream must read the resource tags: loadScopedEvidence readTags). */
  needsTags: boolean;
  /** The diff, once the later snapshot has streamed through afterSinks. */
  finish(): Promise<SnapshotDiff>;
}

/**
 * Reads the earlier snapshot (its folds and the resource diff's side of it) and returns the sinks
 * the later snapshot streams into: `report --previous` feeds them from the pack's own read of the
 * current snapshot, so each snapshot is read once.
 */
export async function startDiff(options: DiffOptions): Promise<PendingDiff> {
  const { catalog, beforeDir, afterDir } = options;
  const progress = options.onProgress ?? (() => {});
  const cap = options.sampleCap ?? 50;
  const frameworks = selectFrameworks(catalog, options.frameworks);
  const [before, after] = await Promise.all([readManifest(beforeDir), readManifest(afterDir)]);
  if (before.createdAt > after.createdAt) progress(`Note: ${before.id} is later than ${after.id}; changes read from the first to the second.`);
  const common = commonConfigScope(before, after);
  const scope = compareScope(before, after);
  const unabsorbed = sourceLevelChanges(before, after, scope);

  progress(`Reading both snapshots over the common scope (${common.size} account/region pairs)`);
  // Each snapshot is read once: its folds for the evaluation, and its results into the resource diff.
  // Each framework over its own scope (srmap.yaml), narrowed to what both snapshots collected, with
  // the working folder laid over both: the pack's own evaluation, like for like.
  const working = options.working;
  const scopes = frameworkScopes(frameworks, working);
  const foldOptions = { failingCap: 0, scope: common, scopes: [...scopes.values()], ...(working?.exceptions ? { exceptions: working.exceptions } : {}) };
  const diff = createResourceDiff(common, before.files.find((f) => f.path === RECORD_FILES.evaluations)?.records ?? 0);
  const sample: ResourceChange[] = [];
  const kept = new Map<string, number>();
  const emit = async (c: ResourceChange) => {
    const n = kept.get(c.change) ?? 0;
    if (n < cap) {
      sample.push(c);
      kept.set(c.change, n + 1);
    }
    await options.onResourceChange?.(c);
  };
  const scopedBefore = await loadScopedEvidence(beforeDir, {
    ...foldOptions,
    sinks: () => [
      (batch) => {
        for (const r of batch) diff.addBefore(r);
      },
    ],
  });
  let afterFolds: ScopedFolds | undefined;
  const afterSinks: EvaluationSinks = (context) => {
    const folds = scopedFolds(context, foldOptions);
    afterFolds = folds;
    return [
      async (batch) => {
        folds.add(batch);
        for (const r of batch) {
          const c = diff.addAfter(r);
          if (c) await emit(c);
        }
      },
    ];
  };

  const finish = async (): Promise<SnapshotDiff> => {
    if (!afterFolds) throw new Error('startDiff: the later snapshot did not stream through afterSinks');
    const scopedAfter = afterFolds.finish();
    const { changes, totals } = diff.finish();
    for (const c of changes) await emit(c);

    progress('Comparing requirements');
    const caches = new Map<string, Map<string, ControlResult>>();
    const evaluate = (f: (typeof frameworks)[number], scoped: Map<string, EvidenceSummary>, side: string) => {
      const key = scopeKey(scopes.get(f.id) ?? WHOLE_SNAPSHOT);
      const cache = caches.get(`${side}|${key}`) ?? new Map<string, ControlResult>();
      caches.set(`${side}|${key}`, cache);
      return evaluateFramework(f, catalog, withWorkingFolder(scoped.get(key) as EvidenceSummary, working), options.evaluation ?? {}, cache);
    };
    const requirements = frameworks.map((f) => ({
      framework: f.id,
      name: f.name,
      changes: compareRequirements(evaluate(f, scopedBefore, 'before'), evaluate(f, scopedAfter, 'after'), unabsorbed),
    }));
    const evBefore = withWorkingFolder(scopedBefore.values().next().value as EvidenceSummary, working);
    const evAfter = withWorkingFolder(scopedAfter.values().next().value as EvidenceSummary, working);

    return {
      before,
      after,
      commonScope: [...common].sort().map((k) => k.replace('|', ' ')),
      scope,
      requirements,
      rules: compareRules(evBefore.configRules, evAfter.configRules, common),
      evidence: compareEvidence(
        { day: toDay(before.createdAt), manual: evBefore.manualEvidence, exceptions: evBefore.exceptions },
        { day: toDay(after.createdAt), manual: evAfter.manualEvidence, exceptions: evAfter.exceptions },
      ),
      resources: { totals, sample },
    };
  };
  return { afterSinks, needsTags: foldOptions.scopes.some((s) => s.tags !== undefined), finish };
}
