/**
 * How many requirements of each framework move from needs-evidence to a decided status when the
 * evidence register is filled: the sample snapshot evaluated with the sample working folder, once
 * with its register emptied and once as it is.
 *   npx tsx src/tools/register-impact.ts [--config evidence/sample-workspace/srmap.yaml] [--snapshot evidence/sample]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../catalog/load-catalog.js';
import { readWorkingFolder } from '../collect/manual/read-working-folder.js';
import type { ControlResult } from '../domain/result.js';
import { evaluateFramework } from '../evaluate/evaluate-framework.js';
import { withWorkingFolder } from '../pipeline/build-packs.js';
import { loadEvidence } from '../pipeline/load-evidence.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: join('evidence', 'sample-workspace', 'srmap.yaml') },
    snapshot: { type: 'string', default: join('evidence', 'sample') },
  },
});
const catalog = await loadCatalog();
const working = await readWorkingFolder({ config: values.config }, catalog);
const snapshot = await loadEvidence(values.snapshot, { failingCap: 0, ...(working.exceptions ? { exceptions: working.exceptions } : {}) });
const filled = withWorkingFolder(snapshot, working);
const empty = withWorkingFolder(snapshot, { ...working, manualEvidence: [] });
const options = working.config?.expiringWithinDays === undefined ? {} : { expiringWithinDays: working.config.expiringWithinDays };

console.log('| framework | requirements | needs-evidence, empty register | needs-evidence, filled | moved to a decided status | of which met / partial / not-met / accepted-risk |');
console.log('|---|---|---|---|---|---|');
const [cacheA, cacheB] = [new Map<string, ControlResult>(), new Map<string, ControlResult>()];
for (const f of catalog.frameworks) {
  const a = evaluateFramework(f, catalog, empty, options, cacheA);
  const b = evaluateFramework(f, catalog, filled, options, cacheB);
  const after = new Map(b.requirements.map((r) => [r.requirementId, r.status]));
  const moved = a.requirements.filter((r) => r.assessable && r.status === 'needs-evidence' && after.get(r.requirementId) !== 'needs-evidence');
  const to = (s: string) => moved.filter((r) => after.get(r.requirementId) === s).length;
  console.log(`| ${f.id} | ${a.counts.assessable} | ${a.counts.byStatus['needs-evidence']} | ${b.counts.byStatus['needs-evidence']} | ${moved.length} | ${to('met')} / ${to('partial')} / ${to('not-met')} / ${to('accepted-risk')} |`);
}
