/**
 * srmap verify SNAPSHOT [--json]: recompute every file's sha256, size and record count against the
 * manifest and check every record. Exit 0 when the snapshot is intact, 2 when a file is tampered with,
 * missing or truncated (or the directory is not a snapshot).
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { SrmapError, formatProblems } from '../../domain/errors.js';
import type { Gap, SnapshotManifest } from '../../domain/snapshot.js';
import { toVisibleJson } from '../../domain/visible-text.js';
import { RECORD_FILES } from '../../domain/snapshot.js';
import { verifySnapshot } from '../../store/verify-snapshot.js';
import type { VerifyResult } from '../../store/verify-snapshot.js';
import type { CommandContext, Io } from '../command-context.js';

export interface VerifyReport {
  ok: boolean;
  snapshot: string;
  id?: string;
  createdAt?: string;
  counts: {
    accounts: number;
    regions: number;
    rules: number;
    evaluations: number;
    resourceCounts: number;
    conformancePacks: number;
    artifactReports: number;
    artifactAgreements: number;
    manualEvidence: number;
    exceptions: number;
    owners: number;
    resourceTags: number;
    files: number;
    filesOk: number;
    records: number;
  };
  gaps: Gap[];
  problems: { file: string; line?: number; path?: string; message: string }[];
  warnings: { file: string; message: string }[];
}

export function toVerifyReport(dir: string, v: VerifyResult): VerifyReport {
  const m: SnapshotManifest | undefined = v.manifest;
  const n = (file: string) => v.counts.byFile[file] ?? 0;
  return {
    ok: v.ok,
    snapshot: dir,
    ...(m ? { id: m.id, createdAt: m.createdAt } : {}),
    counts: {
      accounts: m?.scope.accounts.length ?? 0,
      regions: m?.scope.regions.length ?? 0,
      rules: n(RECORD_FILES.configRules),
      evaluations: n(RECORD_FILES.evaluations),
      resourceCounts: n(RECORD_FILES.resourceCounts),
      conformancePacks: n(RECORD_FILES.conformancePacks),
      artifactReports: n(RECORD_FILES.artifactReports),
      artifactAgreements: n(RECORD_FILES.artifactAgreements),
      manualEvidence: n(RECORD_FILES.manualEvidence),
      exceptions: n(RECORD_FILES.exceptions),
      owners: n(RECORD_FILES.owners),
      resourceTags: n(RECORD_FILES.resourceTags),
      files: v.counts.files,
      filesOk: v.counts.filesOk,
      records: v.counts.records,
    },
    gaps: m?.gaps ?? [],
    problems: v.problems.map((p) => ({ file: p.file, ...(p.line !== undefined ? { line: p.line } : {}), ...(p.path ? { path: p.path } : {}), message: p.message })),
    warnings: v.warnings.map((w) => ({ file: w.file, message: w.message })),
  };
}

export async function runVerify(args: { snapshot: string; json: boolean }, io: Io): Promise<number> {
  const dir = resolve(args.snapshot);
  let v: VerifyResult;
  try {
    v = await verifySnapshot(dir);
  } catch (err) {
    if (args.json && err instanceof SrmapError) {
      io.out(toVisibleJson({ ok: false, snapshot: dir, error: { code: err.code, message: err.message, hint: err.hint } }, 2));
      return 2;
    }
    throw err;
  }
  const report = toVerifyReport(dir, v);
  if (args.json) {
    io.out(toVisibleJson(report, 2));
    return report.ok ? 0 : 2;
  }
  for (const w of formatProblems(v.warnings)) io.err(`warning: ${w}`);
  if (!report.ok) {
    throw new SrmapError('SNAPSHOT_INVALID', `${v.problems.length} problem(s) in the snapshot at ${dir}: it is not as it was written`, {
      problems: v.problems,
      hint: 'A snapshot is never edited after it is written: restore the original, or collect a new one.',
    });
  }
  const c = report.counts;
  io.out(`snapshot OK: ${report.id ?? dir}: every sha256, size and record count verified (${c.files} files, ${c.records.toLocaleString('en-US')} records)`);
  io.out(`  ${c.accounts} accounts, ${c.regions} regions, ${c.rules.toLocaleString('en-US')} rules, ${c.evaluations.toLocaleString('en-US')} evaluations, ${c.conformancePacks} conformance packs, ${c.resourceCounts} resource counts`);
  io.out(`  ${report.gaps.length} collection gap(s)${report.gaps.length > 0 ? ':' : ''}`);
  for (const g of report.gaps) io.out(`    ${g.source} ${[g.account, g.region].filter(Boolean).join(' ')} ${g.code}${g.action ? ` (needs ${g.action})` : ''}`);
  return 0;
}

export function registerVerify(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'verify <snapshot>',
    'Recompute every hash of a snapshot and report a tampered, missing or truncated file (exit 2)',
    (yy) =>
      yy
        .positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot directory (holds manifest.json)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {ok, counts, gaps, problems} as JSON' }),
    (args) => ctx.exit(runVerify({ snapshot: String(args.snapshot), json: args.json }, ctx.io)),
  );
}
