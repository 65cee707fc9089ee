/** `srmap diff` with CSVs: the diff streamed into resource-changes.csv, the rest written after. */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toVisibleJson } from '../domain/visible-text.js';
import type { SnapshotDiff } from '../domain/changes.js';
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
import { claimOutputDir, sha256File } from './claim-output.js';
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

export const DIFF_FORMAT = 'srmap-diff/1';

/**
 * Runs the diff, streaming every resource change to CSV; the output directory appears whole, with
 * a manifest.json (format srmap-diff/1: both snapshots' ids and manifest hashes, every file's
 * sha256 and size) by which a later run recognises it as a diff srmap wrote and may replace.
 */
export async function diffToDirectory(options: DiffOptions & { outDir: string; toolVersion?: string }): Promise<SnapshotDiff> {
  const claim = await claimOutputDir(options.outDir, DIFF_FORMAT, 'diff');
  for (const note of claim.notes) options.onProgress?.(note);
  const tmp = claim.tmp;
  const resources = openCsv(join(tmp, 'resource-changes.csv'), RESOURCE_CHANGE_COLUMNS);
  try {
    const diff = await diffSnapshots({ ...options, onResourceChange: (c) => resources.write(toResourceChangeRow(c)) });
    await resources.close();
    await writeChangeCsvs(tmp, diff, 'written');
    const files = [];
    for (const path of [...DIFF_FILES].sort()) {
      const full = join(tmp, path);
      files.push({ path, sha256: await sha256File(full), bytes: (await stat(full)).size });
    }
    const snapshot = async (dir: string, m: { id: string; createdAt: string }) => ({ id: m.id, createdAt: m.createdAt, manifestSha256: await sha256File(join(dir, 'manifest.json')) });
    const manifest = {
      format: DIFF_FORMAT,
      tool: { name: 'srmap', ...(options.toolVersion ? { version: options.toolVersion } : {}) },
      before: await snapshot(options.beforeDir, diff.before),
      after: await snapshot(options.afterDir, diff.after),
      files,
    };
    await writeFile(join(tmp, 'manifest.json'), `${toVisibleJson(manifest, 2)}\n`);
    await claim.commit();
    return diff;
  } catch (e) {
    await resources.abort();
    throw e;
  } finally {
    await claim.release();
  }
}
