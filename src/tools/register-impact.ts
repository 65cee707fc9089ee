/**
 * How many requirements of each framework move from needs-evidence to a decided status when the
 * evidence register is filled: the sample snapshot evaluated with the sample working folder three
 * times: its register emptied, as it is, and with one current row for every manual evidence kind
 * the catalog names (what a completely filled register can decide; the rest waits on AWS evidence).
 *   npx tsx src/tools/register-impact.ts [--config evidence/sample-workspace/srmap.yaml] [--snapshot evidence/sample]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../catalog/load-catalog.js';
import { readWorkingFolder } from '../collect/manual/read-working-folder.js';
import { toDay } from '../domain/dates.js';
import type { ControlResult, FrameworkResult } from '../domain/result.js';
import type { ManualEvidenceRecord } from '../domain/snapshot.js';
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
const day = toDay(snapshot.manifest.createdAt);
const nextYear = `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
const everyKind: ManualEvidenceRecord[] = [...catalog.manualKinds.values()].map((k) => ({
  id: `every-${k.id}`, kind: k.id, title: k.title, owner: 'register-impact', collectedOn: day, validUntil: nextYear, location: 'synthetic', integrity: 'not-checked',
}));
const options = working.config?.expiringWithinDays === undefined ? {} : { expiringWithinDays: working.config.expiringWithinDays };
const scenarios = [[], working.manualEvidence ?? [], everyKind].map((manualEvidence) => ({
  evidence: withWorkingFolder(snapshot, { ...working, manualEvidence }),
  cache: new Map<string, ControlResult>(),
}));

/** Requirements needs-evidence in `before` and decided in `after`, by the status they moved to. */
function moved(before: FrameworkResult, after: FrameworkResult): string {
  const now = new Map(after.requirements.map((r) => [r.requirementId, r.status]));
  const out = before.requirements.filter((r) => r.assessable && r.status === 'needs-evidence' && now.get(r.requirementId) !== 'needs-evidence');
  const to = (s: string) => out.filter((r) => now.get(r.requirementId) === s).length;
  return `${out.length} (${to('met')} / ${to('partial')} / ${to('not-met')} / ${to('accepted-risk')})`;
}

console.log(`Snapshot ${snapshot.manifest.id}; sample register ${working.manualEvidence?.length ?? 0} rows; every kind: ${everyKind.length} rows.`);
console.log('Moved: requirements needs-evidence with an empty register that a filled one decides (met / partial / not-met / accepted-risk).');
console.log('');
console.log('| framework | requirements | needs-evidence, empty register | sample register: needs-evidence | moved | every kind registered: needs-evidence | moved |');
console.log('|---|---|---|---|---|---|---|');
for (const f of catalog.frameworks) {
  const [empty, sample, full] = scenarios.map((s) => evaluateFramework(f, catalog, s.evidence, options, s.cache)) as [FrameworkResult, FrameworkResult, FrameworkResult];
  const ne = (r: FrameworkResult) => r.counts.byStatus['needs-evidence'];
  console.log(`| ${f.id} | ${empty.counts.assessable} | ${ne(empty)} | ${ne(sample)} | ${moved(empty, sample)} | ${ne(full)} | ${moved(empty, full)} |`);
}
