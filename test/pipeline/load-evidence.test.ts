/**
 * One read of a snapshot serves every fold and every sink: the sinks see every evaluation result in
 * order (whatever the location and the scopes), with each scope's flags; each fold holds what is in
 * its scope and location, and counts what its scope leaves out.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '../../src/domain/snapshot.js';
import { inScope, scopeKey, toFrameworkScope, WHOLE_SNAPSHOT } from '../../src/domain/scope.js';
import { loadScopedEvidence } from '../../src/pipeline/load-evidence.js';
import { readManifest, readRecords } from '../../src/store/read-snapshot.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'evidence', 'sample');

describe('loadScopedEvidence with sinks', () => {
  it('gives the sinks every result with its scopes\' flags, in the same read as the folds', async () => {
    const manifest = await readManifest(SAMPLE);
    const all: EvaluationRecord[] = [];
    for await (const r of readRecords(SAMPLE, manifest, 'evaluations')) all.push(r);
    const regions = [...new Set(all.map((r) => r.region))].sort();
    expect(regions.length).toBeGreaterThan(1);
    const region = regions[0] as string;
    const account = (all[0] as EvaluationRecord).account;
    const oneRegion = toFrameworkScope({ regions: [region] });
    // The location (a diff's common scope) keeps one account's pairs only.
    const location = new Set(all.filter((r) => r.account === account).map((r) => `${r.account}|${r.region}`));

    const seen: EvaluationRecord[] = [];
    const flags: Record<string, number[]> = { whole: [], region: [] };
    let batches = 0;
    const summaries = await loadScopedEvidence(SAMPLE, {
      failingCap: 0,
      scope: location,
      scopes: [WHOLE_SNAPSHOT, oneRegion, WHOLE_SNAPSHOT],
      sinks: ({ manifest: m }) => {
        expect(m.id).toBe(manifest.id);
        return [
          (batch, inScope) => {
            batches += 1;
            seen.push(...batch);
            flags.whole?.push(...(inScope.get(scopeKey(WHOLE_SNAPSHOT)) ?? []));
            flags.region?.push(...(inScope.get(scopeKey(oneRegion)) ?? []));
          },
        ];
      },
    });

    expect(seen).toEqual(all);
    expect(batches).toBeLessThan(all.length);
    expect(flags.whole).toEqual(all.map(() => 1));
    const held = all.map((r) => (inScope(oneRegion, r) ? 1 : 0));
    expect(flags.region).toEqual(held);
    expect(new Set(held)).toEqual(new Set([0, 1]));
    expect([...summaries.keys()].sort()).toEqual([scopeKey(WHOLE_SNAPSHOT), scopeKey(oneRegion)].sort());
    const located = all.filter((r) => location.has(`${r.account}|${r.region}`));
    expect(summaries.get(scopeKey(WHOLE_SNAPSHOT))?.totals.evaluations).toBe(located.length);
    expect(summaries.get(scopeKey(oneRegion))?.totals.evaluations).toBe(located.filter((r) => inScope(oneRegion, r)).length);
    expect(summaries.get(scopeKey(oneRegion))?.outOfScopeResults).toBe(located.filter((r) => !inScope(oneRegion, r)).length);
  });
});
