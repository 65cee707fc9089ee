/** Reads a snapshot into an EvidenceSummary, streaming the evaluation results through the fold. */
import type { EvidenceSummary } from '../domain/result.js';
import type { ExceptionRecord, ResourceCountRecord } from '../domain/snapshot.js';
import { createEvidenceAccumulator } from '../evaluate/accumulate-evidence.js';
import { restrictManifest } from '../compare/compare-scope.js';
import { readAll, readManifest, readRecords } from '../store/read-snapshot.js';

export function toResourceTotals(records: readonly ResourceCountRecord[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of records) totals.set(r.resourceType, (totals.get(r.resourceType) ?? 0) + r.count);
  return new Map([...totals].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * @param options.scope when given (`account|region` keys), only AWS Config evidence from those pairs
 * is read, and the manifest is narrowed to match: how two snapshots are compared over their common scope.
 */
export async function loadEvidence(
  snapshotDir: string,
  options: { failingCap: number; scope?: ReadonlySet<string>; exceptions?: readonly ExceptionRecord[] },
): Promise<EvidenceSummary> {
  const full = await readManifest(snapshotDir);
  const scope = options.scope;
  const inScope = (r: { account: string; region: string }) => scope === undefined || scope.has(`${r.account}|${r.region}`);
  const manifest = scope === undefined ? full : restrictManifest(full, scope);
  const [allConfigRules, allResourceCounts, artifactReports, artifactAgreements, manualEvidence, exceptions, owners] = await Promise.all([
    readAll(snapshotDir, full, 'configRules'),
    readAll(snapshotDir, full, 'resourceCounts'),
    readAll(snapshotDir, full, 'artifactReports'),
    readAll(snapshotDir, full, 'artifactAgreements'),
    readAll(snapshotDir, full, 'manualEvidence'),
    readAll(snapshotDir, full, 'exceptions'),
    readAll(snapshotDir, full, 'owners'),
  ]);
  const configRules = allConfigRules.filter(inScope);
  const resourceCounts = allResourceCounts.filter(inScope);
  // Exceptions decide which failing results are accepted while the results stream by, so a working
  // folder's exceptions must be known here, not laid over afterwards.
  const acc = createEvidenceAccumulator({ manifest, exceptions: options.exceptions ?? exceptions, failingCap: options.failingCap });
  for (const rule of configRules) if (rule.sourceOwner === 'AWS') acc.addRule(rule);
  for await (const record of readRecords(snapshotDir, full, 'evaluations')) if (inScope(record)) acc.addEvaluation(record);
  const { rules, totals } = acc.finish();
  return {
    manifest,
    rules,
    configRules,
    resourceCounts: toResourceTotals(resourceCounts),
    artifactReports,
    artifactAgreements,
    manualEvidence,
    exceptions,
    owners,
    totals,
  };
}
