import type { Argv } from 'yargs';
import { resolve } from 'node:path';
import { loadCatalogFor } from '../catalog-options.js';
import { CHANGE_KINDS, type SnapshotDiff } from '../../domain/changes.js';
import { toDay } from '../../domain/dates.js';
import { diffSnapshots } from '../../pipeline/diff-snapshots.js';
import { diffToDirectory } from '../../pipeline/write-diff.js';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';
import { TOOL_VERSION } from '../paths.js';
import { resolveFrameworkIds, resolveWorkingFolder, workingFolderOptions, type WorkingFolderArgs } from '../working-folder-options.js';
import { maxOf } from '../../domain/arrays.js';

const SHOWN = 15;

export function printDiff(d: SnapshotDiff, io: Io): void {
  io.out(`${d.before.id} (${toDay(d.before.createdAt)}) -> ${d.after.id} (${toDay(d.after.createdAt)})`);
  io.out('');
  if (d.scope.length > 0) {
    io.out(`Scope changes (${d.scope.length}): compared over the ${d.commonScope.length} account/region pairs collected in both`);
    for (const s of d.scope) io.out(`  ${s.before} -> ${s.after}: ${s.detail}`);
  } else {
    io.out(`Same scope: ${d.commonScope.length} account/region pairs collected in both`);
  }
  io.out('');
  const header = ['framework', ...CHANGE_KINDS];
  const rows = d.requirements.map((r) => [r.framework, ...CHANGE_KINDS.map((k) => String(r.changes.filter((c) => c.change === k).length))]);
  const widths = header.map((h, i) => maxOf(rows.map((r) => (r[i] ?? '').length), h.length));
  for (const r of [header, ...rows]) io.out(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`);
  const t = d.resources.totals;
  io.out('');
  io.out(`Resources: ${t.newlyFailing} newly failing, ${t.newlyFixed} newly fixed, ${t.noLongerEvaluated} no longer evaluated, ${t.stillFailing} still failing (results outside the common scope: ${t.outOfScope.before} before, ${t.outOfScope.after} after)`);
  io.out(`Rules: ${d.rules.filter((r) => r.change === 'added').length} added, ${d.rules.filter((r) => r.change === 'removed').length} removed`);
  for (const e of d.evidence) io.out(`  ${e.type} ${e.subject}: ${e.change} (${e.before} -> ${e.after})`);
  const regressed = d.requirements.flatMap((r) => r.changes.filter((c) => c.change === 'regressed'));
  if (regressed.length > 0) {
    io.out('');
    io.out(`Regressed (${regressed.length}):`);
    for (const c of regressed.slice(0, SHOWN)) io.out(`  ${c.framework} ${c.requirementId} ${c.before} -> ${c.after}: ${c.reason}`);
    if (regressed.length > SHOWN) io.out(`  ... and ${regressed.length - SHOWN} more (requirement-changes.csv with --out)`);
  }
}

export function registerDiff(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'diff <old> <new>',
    'What changed between two snapshots: scope, requirements, resources, rules, evidence and exceptions',
    (yy) =>
      workingFolderOptions(yy)
        .positional('old', { type: 'string', demandOption: true, describe: 'The earlier snapshot directory' })
        .positional('new', { type: 'string', demandOption: true, describe: 'The later snapshot directory' })
        .option('framework', { type: 'array', string: true, describe: "Framework id(s); srmap.yaml's, or all, when omitted" })
        .option('out', { type: 'string', describe: 'Write scope-, requirement-, resource-, rule- and evidence-changes.csv here' })
        .option('catalog', catalogOption)
        .option('quiet', { type: 'boolean', default: false, describe: 'No progress lines' }),
    async (args) =>
      ctx.exit(
        (async () => {
          const { catalog } = await loadCatalogFor({ ...(args.catalog ? { catalog: args.catalog } : {}), ...(args.config ? { config: args.config } : {}) });
          // The working folder (./srmap.yaml or --config): each framework's scope and the register,
          // so the diff compares what the packs report.
          const working = await resolveWorkingFolder(args as WorkingFolderArgs, catalog);
          const common = {
            catalog,
            ...(working ? { working } : {}),
            beforeDir: resolve(args.old),
            afterDir: resolve(args.new),
            // Those the packs report: srmap.yaml's, as report and export take them.
            frameworks: resolveFrameworkIds(args.framework, working),
            ...(args.quiet ? {} : { onProgress: (m: string) => ctx.io.err(m) }),
          };
          const diff = args.out ? await diffToDirectory({ ...common, outDir: resolve(args.out), toolVersion: TOOL_VERSION }) : await diffSnapshots(common);
          printDiff(diff, ctx.io);
          if (args.out) ctx.io.out(resolve(args.out));
          return 0;
        })(),
      ),
  );
}
