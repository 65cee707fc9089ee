/** `srmap diff` with CSVs: the diff streamed into resource-changes.csv, the rest written after. */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SnapshotDiff } from '../domain/changes.js';
import { SrmapError } from '../domain/errors.js';
import {
  EVIDENCE_CHANGE_COLUMNS,
  REQUIREMENT_CHANGE_COLUMNS,
  RESOURCE_CHANGE_COLUMNS,
  RULE_CHANGE_COLUMNS,
  SCOPE_CHANGE_COLUMNS,
  toEvidenceChangeRow,
  toRequirementChangeRow,
  toResourceChangeRow,
  toRuleChangeRow,
  toScopeChangeRow,
} from '../render/csv/to-change-tables.js';
import { openCsv, writeCsv } from '../render/csv/write-csv.js';
import { diffSnapshots, type DiffOptions } from './diff-snapshots.js';

export const DIFF_FILES = ['scope-changes.csv', 'requirement-changes.csv', 'resource-changes.csv', 'rule-changes.csv', 'evidence-changes.csv'] as const;

/** Writes the change CSVs into `dir` (created; files replaced one by one, each atomically). */
export async function writeChangeCsvs(dir: string, diff: SnapshotDiff, resourceCsv: 'written' | 'from-sample'): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeCsv(join(dir, 'scope-changes.csv'), SCOPE_CHANGE_COLUMNS, diff.scope.map(toScopeChangeRow));
  await writeCsv(join(dir, 'requirement-changes.csv'), REQUIREMENT_CHANGE_COLUMNS, diff.requirements.flatMap((r) => r.changes.map(toRequirementChangeRow)));
  await writeCsv(join(dir, 'rule-changes.csv'), RULE_CHANGE_COLUMNS, diff.rules.map(toRuleChangeRow));
  await writeCsv(join(dir, 'evidence-changes.csv'), EVIDENCE_CHANGE_COLUMNS, diff.evidence.map(toEvidenceChangeRow));
  if (resourceCsv === 'from-sample') await writeCsv(join(dir, 'resource-changes.csv'), RESOURCE_CHANGE_COLUMNS, diff.resources.sample.map(toResourceChangeRow));
}

/** Runs the diff, streaming every resource change to CSV; the output directory appears whole. */
export async function diffToDirectory(options: DiffOptions & { outDir: string }): Promise<SnapshotDiff> {
  const existing = await readdir(options.outDir).catch(() => [] as string[]);
  const foreign = existing.filter((f) => !(DIFF_FILES as readonly string[]).includes(f));
  if (foreign.length > 0) {
    throw new SrmapError('OUT_NOT_A_DIFF', `${options.outDir} holds files that srmap diff did not write (${foreign.slice(0, 3).join(', ')}); refusing to replace it.`, {
      hint: 'Choose another --out directory, or empty this one first.',
    });
  }
  const tmp = join(dirname(options.outDir), `.${basename(options.outDir)}.partial-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const resources = openCsv(join(tmp, 'resource-changes.csv'), RESOURCE_CHANGE_COLUMNS);
  try {
    const diff = await diffSnapshots({ ...options, onResourceChange: (c) => resources.write(toResourceChangeRow(c)) });
    await resources.close();
    await writeChangeCsvs(tmp, diff, 'written');
    const old = `${tmp}.old`;
    const hadOld = await rename(options.outDir, old).then(() => true, () => false);
    await rename(tmp, options.outDir);
    if (hadOld) await rm(old, { recursive: true, force: true });
    return diff;
  } catch (e) {
    await resources.abort();
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
