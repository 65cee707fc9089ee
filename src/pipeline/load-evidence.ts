/** Reads a snapshot into an EvidenceSummary, streaming the evaluation results through the fold. */
import type { EvidenceSummary } from '../domain/result.js';
import type { ResourceCountRecord } from '../domain/snapshot.js';
import { createEvidenceAccumulator } from '../evaluate/accumulate-evidence.js';
import { readAll, readManifest, readRecords } from '../store/read-snapshot.js';

export function toResourceTotals(records: readonly ResourceCountRecord[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of records) totals.set(r.resourceType, (totals.get(r.resourceType) ?? 0) + r.count);
  return new Map([...totals].sort(([a], [b]) => a.localeCompare(b)));
}

export async function loadEvidence(snapshotDir: string, options: { failingCap: number }): Promise<EvidenceSummary> {
  const manifest = await readManifest(snapshotDir);
  const [configRules, resourceCounts, artifactReports, artifactAgreements, manualEvidence, exceptions, owners] = await Promise.all([
    readAll(snapshotDir, manifest, 'configRules'),
    readAll(snapshotDir, manifest, 'resourceCounts'),
    readAll(snapshotDir, manifest, 'artifactReports'),
    readAll(snapshotDir, manifest, 'artifactAgreements'),
    readAll(snapshotDir, manifest, 'manualEvidence'),
    readAll(snapshotDir, manifest, 'exceptions'),
    readAll(snapshotDir, manifest, 'owners'),
  ]);
  const acc = createEvidenceAccumulator({ manifest, exceptions, failingCap: options.failingCap });
  for (const rule of configRules) if (rule.sourceOwner === 'AWS') acc.addRule(rule);
  for await (const record of readRecords(snapshotDir, manifest, 'evaluations')) acc.addEvaluation(record);
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
