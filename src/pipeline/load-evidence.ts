/**
 * Reads a snapshot into EvidenceSummaries, streaming the evaluation results once through one fold
 * per distinct framework scope (frameworks with the same scope share a fold) and through every sink
 * (evidence.csv, the resource diff), so a report or a diff reads each snapshot once.
 */
import type { ApplicabilityDeclaration } from '../domain/applicability.js';
import type { EvidenceSummary } from '../domain/result.js';
import { inScope, inScopeLocation, isAccountWide, scopeKey, toScopeGaps, WHOLE_SNAPSHOT, type FrameworkScope } from '../domain/scope.js';
import {
  RECORD_FILES,
  type ArtifactAgreementRecord,
  type ArtifactReportRecord,
  type ConfigRuleRecord,
  type EvaluationRecord,
  type ExceptionRecord,
  type ManualEvidenceRecord,
  type OwnerRecord,
  type ResourceCountRecord,
  type ResourceTagsRecord,
  type SnapshotManifest,
} from '../domain/snapshot.js';
import { createEvidenceAccumulator } from '../evaluate/accumulate-evidence.js';
import { locationTest, restrictManifest } from '../compare/compare-scope.js';
import { checkRecordFile, readAll, readManifest, readRecordBatches, readRecords } from '../store/read-snapshot.js';

export function toResourceTotals(records: readonly ResourceCountRecord[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of records) totals.set(r.resourceType, (totals.get(r.resourceType) ?? 0) + r.count);
  return new Map([...totals].sort(([a], [b]) => a.localeCompare(b)));
}

export interface LoadEvidenceOptions {
  failingCap: number;
  /** Only AWS Config evidence from these `account|region` pairs is read (how two snapshots are compared over their common scope). */
  scope?: ReadonlySet<string>;
  /** A working folder's exceptions: they decide which failing results are accepted while the results stream by. */
  exceptions?: readonly ExceptionRecord[];
}

/** What is known before the evaluation results stream: the snapshot's manifest and its small record kinds. */
export interface SnapshotContext {
  manifest: SnapshotManifest;
  exceptions: readonly ExceptionRecord[];
  /** Every deployed rule, manual evidence record and Artifact record of the snapshot (whatever the scopes): what evidence references number. */
  configRules: readonly ConfigRuleRecord[];
  manualEvidence: readonly ManualEvidenceRecord[];
  artifactReports: readonly ArtifactReportRecord[];
  artifactAgreements: readonly ArtifactAgreementRecord[];
  /** Everything but the evaluation results, for folds of the same stream (scopedFolds). */
  records: SnapshotRecords;
}

/** A snapshot's record kinds other than evaluation results, as read before the results stream. */
export interface SnapshotRecords {
  configRules: readonly ConfigRuleRecord[];
  resourceCounts: readonly ResourceCountRecord[];
  artifactReports: readonly ArtifactReportRecord[];
  artifactAgreements: readonly ArtifactAgreementRecord[];
  manualEvidence: readonly ManualEvidenceRecord[];
  exceptions: readonly ExceptionRecord[];
  owners: readonly OwnerRecord[];
  /** Whether the snapshot holds resource tags (collected). */
  tagsCollected: boolean;
  /** Resource tags by `account|region|type|id`: read only when a scope selects by tag, else undefined. */
  tags: ReadonlyMap<string, Record<string, string>> | undefined;
}

/**
 * Receives every evaluation result of the snapshot (whatever the location and the scopes), a batch at
 * a time, with, per scope (by scopeKey), a flag per result: 1 when it is in that scope.
 */
export type EvaluationSink = (batch: readonly EvaluationRecord[], inScope: ReadonlyMap<string, Uint8Array>) => void | Promise<void>;

/** Made once the small record kinds are read, before the first evaluation result. */
export type EvaluationSinks = (context: SnapshotContext) => readonly EvaluationSink[] | Promise<readonly EvaluationSink[]>;

/** The whole snapshot as one scope. */
export async function loadEvidence(snapshotDir: string, options: LoadEvidenceOptions): Promise<EvidenceSummary> {
  const summaries = await loadScopedEvidence(snapshotDir, { ...options, scopes: [WHOLE_SNAPSHOT] });
  return summaries.get(scopeKey(WHOLE_SNAPSHOT)) as EvidenceSummary;
}

/** Resource tags by `account|region|type|id`, or undefined when the snapshot holds none (not collected). */
async function readResourceTags(dir: string, manifest: SnapshotManifest): Promise<Map<string, Record<string, string>> | undefined> {
  if (!manifest.files.some((f) => f.path === RECORD_FILES.resourceTags)) return undefined;
  const tags = new Map<string, Record<string, string>>();
  for await (const r of readRecords(dir, manifest, 'resourceTags')) tags.set(tagKey(r), r.tags);
  return tags;
}

function tagKey(r: Pick<ResourceTagsRecord, 'account' | 'region' | 'resourceType' | 'resourceId'>): string {
  return `${r.account}|${r.region}|${r.resourceType}|${r.resourceId}`;
}

export interface ScopedEvidenceOptions extends LoadEvidenceOptions {
  scopes: readonly FrameworkScope[];
  declarations?: readonly ApplicabilityDeclaration[];
}

/**
 * One EvidenceSummary per distinct scope (keyed by scopeKey). Results outside a scope are counted,
 * not folded; resource counts follow the scope (by tag, from the resource tags, when it selects by tag).
 * `sinks` see every result in the same stream; when this throws, what they received must be discarded.
 * `readTags` reads the resource tags even when no scope of these selects by tag (for a sink's own folds).
 */
export async function loadScopedEvidence(snapshotDir: string, options: ScopedEvidenceOptions & { sinks?: EvaluationSinks; readTags?: boolean }): Promise<Map<string, EvidenceSummary>> {
  const full = await readManifest(snapshotDir);
  // Resource tags are read only when a scope selects by tag (a map of every tagged resource costs
  // about 1.4 s and 110 MB per 234,000 resources); otherwise their file is only checked against
  // the manifest, as every file a report relies on.
  const byTag = options.readTags === true || options.scopes.some((s) => s.tags !== undefined);
  const [configRules, resourceCounts, artifactReports, artifactAgreements, manualEvidence, exceptions, owners, tags] = await Promise.all([
    readAll(snapshotDir, full, 'configRules'),
    readAll(snapshotDir, full, 'resourceCounts'),
    readAll(snapshotDir, full, 'artifactReports'),
    readAll(snapshotDir, full, 'artifactAgreements'),
    readAll(snapshotDir, full, 'manualEvidence'),
    readAll(snapshotDir, full, 'exceptions'),
    readAll(snapshotDir, full, 'owners'),
    byTag ? readResourceTags(snapshotDir, full) : checkRecordFile(snapshotDir, full, 'resourceTags').then(() => undefined),
  ]);
  const records: SnapshotRecords = {
    configRules, resourceCounts, artifactReports, artifactAgreements, manualEvidence, exceptions, owners,
    tagsCollected: full.files.some((f) => f.path === RECORD_FILES.resourceTags),
    tags,
  };
  const context: SnapshotContext = { manifest: full, exceptions, configRules, manualEvidence, artifactReports, artifactAgreements, records };
  const folds = scopedFolds(context, options);
  const consumers = options.sinks ? await options.sinks(context) : [];
  for await (const batch of readRecordBatches(snapshotDir, full, 'evaluations')) {
    // Which results each scope holds: folded here, and told to the sinks (evidence.csv's in_scope).
    const flags = folds.add(batch);
    for (const sink of consumers) await sink(batch, flags);
  }
  return folds.finish();
}

/** Folds of a snapshot's results, one per distinct scope: loadScopedEvidence's, or a sink's own over the same stream. */
export interface ScopedFolds {
  /** Folds a batch; returns, per scope key, a flag per result: 1 when it is in that scope (whatever the location). */
  add(batch: readonly EvaluationRecord[]): Map<string, Uint8Array>;
  /** One EvidenceSummary per distinct scope; call once, after every batch. */
  finish(): Map<string, EvidenceSummary>;
}

export function scopedFolds(context: SnapshotContext, options: ScopedEvidenceOptions): ScopedFolds {
  const { manifest: full, records } = context;
  const { tags } = records;
  if (options.scopes.some((s) => s.tags !== undefined) && records.tagsCollected && tags === undefined) {
    throw new Error('scopedFolds: a scope selects by tag but the resource tags were not read (loadScopedEvidence readTags)');
  }
  const location = options.scope;
  const inLocation = location === undefined ? () => true : locationTest(location);
  const manifest = location === undefined ? full : restrictManifest(full, location);
  const tagsOf = (r: { account: string; region: string; resourceType: string; resourceId: string }) => tags?.get(tagKey(r));

  const folds = new Map<string, { scope: FrameworkScope; acc: ReturnType<typeof createEvidenceAccumulator>; outOfScope: number }>();
  for (const scope of options.scopes) {
    const key = scopeKey(scope);
    if (folds.has(key)) continue;
    folds.set(key, { scope, acc: createEvidenceAccumulator({ manifest, exceptions: options.exceptions ?? records.exceptions, failingCap: options.failingCap }), outOfScope: 0 });
  }
  const configRules = records.configRules.filter(inLocation);
  for (const f of folds.values()) {
    for (const rule of configRules) if (rule.sourceOwner === 'AWS' && inScopeLocation(f.scope, rule.account, rule.region)) f.acc.addRule(rule);
  }
  const list = [...folds.entries()].map(([key, fold]) => ({ key, fold }));
  return {
    add(batch) {
      const flags = new Map<string, Uint8Array>();
      for (const { key, fold: f } of list) {
        const inside = new Uint8Array(batch.length);
        for (let i = 0; i < batch.length; i++) {
          const record = batch[i] as EvaluationRecord;
          const held = inScope(f.scope, f.scope.tags ? { ...record, tags: tagsOf(record) } : record);
          if (held) inside[i] = 1;
          if (!inLocation(record)) continue;
          if (held) f.acc.addEvaluation(record);
          else f.outOfScope += 1;
        }
        flags.set(key, inside);
      }
      return flags;
    },
    finish() {
      const out = new Map<string, EvidenceSummary>();
      for (const [key, f] of folds) {
        const { rules, totals } = f.acc.finish();
        out.set(key, {
          manifest,
          scope: f.scope,
          scopeGaps: toScopeGaps(f.scope, manifest, records.tagsCollected),
          outOfScopeResults: f.outOfScope,
          rules,
          configRules: configRules.filter((r) => inScopeLocation(f.scope, r.account, r.region)),
          resourceCounts: resourceCountsIn(f.scope, records.resourceCounts.filter(inLocation), tags),
          artifactReports: [...records.artifactReports],
          artifactAgreements: [...records.artifactAgreements],
          manualEvidence: [...records.manualEvidence],
          exceptions: [...records.exceptions],
          owners: [...records.owners],
          declarations: options.declarations ?? [],
          totals,
        });
      }
      return out;
    },
  };
}

/**
 * Resources by type inside the scope: the collected counts of its accounts and regions, or, when it
 * selects by tag, the tagged resources the snapshot lists (account-wide types counted whole).
 */
function resourceCountsIn(scope: FrameworkScope, counts: readonly ResourceCountRecord[], tags: ReadonlyMap<string, Record<string, string>> | undefined): Map<string, number> {
  const located = counts.filter((c) => inScopeLocation(scope, c.account, isAccountWide(scope, c.resourceType) ? undefined : c.region));
  if (!scope.tags || !tags) return toResourceTotals(located);
  const totals = toResourceTotals(located.filter((c) => isAccountWide(scope, c.resourceType)));
  for (const [key, resourceTags] of tags) {
    const [account = '', region = '', resourceType = ''] = key.split('|');
    if (isAccountWide(scope, resourceType)) continue;
    if (inScope(scope, { account, region, resourceType, tags: resourceTags })) totals.set(resourceType, (totals.get(resourceType) ?? 0) + 1);
  }
  return new Map([...totals].sort(([a], [b]) => a.localeCompare(b)));
}
