import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadCatalog } from '../../catalog/load-catalog.js';
import { parseRegister } from '../../collect/manual/parse-register.js';
import { CONFIG_FILE, checkRegisterFiles, readWorkingFolder, toWorkingContext, type WorkingFolder } from '../../collect/manual/read-working-folder.js';
import { SrmapError } from '../../domain/errors.js';
import { verifySnapshot } from '../../store/verify-snapshot.js';
import type { Argv } from 'yargs';
import { resolve } from 'node:path';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';

function describeWorking(w: WorkingFolder): string {
  const rows = w.manualEvidence ?? [];
  const by = (i: string) => rows.filter((r) => r.integrity === i).length;
  return `working folder OK: ${w.dir}: ${rows.length} register rows (${by('verified')} files verified, ${by('mismatch')} changed since registered, ${by('file-missing')} missing, ${by('not-checked')} URLs not checked), ${w.owners?.length ?? 0} owners, ${w.exceptions?.length ?? 0} exceptions`;
}

export async function runValidate(args: { catalog: string; snapshot?: string; config?: string; register?: string }, io: Io): Promise<number> {
  if (args.snapshot) {
    const result = await verifySnapshot(args.snapshot);
    for (const w of result.warnings) io.err(`warning: ${w.file}: ${w.message}`);
    if (!result.ok) {
      throw new SrmapError('SNAPSHOT_INVALID', `${result.problems.length} problem(s) in the snapshot at ${args.snapshot}`, {
        problems: result.problems,
        hint: 'A snapshot is never edited after it is written: restore the original, or collect a new one.',
      });
    }
    const m = result.manifest;
    io.out(`snapshot OK: ${m?.id ?? args.snapshot}: ${result.counts.files} files, ${result.counts.records.toLocaleString('en-US')} records, every sha256 verified`);
    if (m && m.gaps.length > 0) io.out(`  ${m.gaps.length} collection gap(s) recorded: ${m.gaps.map((g) => `${g.source} ${[g.account, g.region].filter(Boolean).join(' ')} ${g.code}`).join('; ')}`);
    return 0;
  }
  const catalog = await loadCatalog(args.catalog);
  if (args.register) {
    const text = await readFile(args.register, 'utf8').catch((e: Error) => {
      throw new SrmapError('REGISTER_NOT_FOUND', `Cannot read the register ${args.register}: ${e.message}`, { hint: 'Give the path of the evidence register CSV.' });
    });
    const ctx = toWorkingContext(catalog);
    const parsed = parseRegister(text, args.register, { kinds: new Set(catalog.manualKinds.keys()), controls: ctx.controls });
    if (parsed.problems.length > 0) {
      throw new SrmapError('REGISTER_INVALID', `${parsed.problems.length} problem(s) in the evidence register ${args.register}`, { problems: parsed.problems, hint: 'Fix every row listed (line, column), then validate again.' });
    }
    const checked = await checkRegisterFiles(parsed.rows.map((r) => r.record), dirname(resolve(args.register)));
    io.out(describeWorking({ dir: dirname(resolve(args.register)), config: { organisation: '' }, manualEvidence: checked, inputs: [] }).replace('working folder OK', 'register OK'));
    for (const r of checked.filter((x) => x.integrity === 'mismatch' || x.integrity === 'file-missing')) io.out(`  ${r.id}: ${r.integrityDetail ?? r.integrity}`);
    return 0;
  }
  const configPath = args.config ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  if (configPath) {
    const working = await readWorkingFolder(resolve(configPath), catalog);
    io.out(describeWorking(working));
    for (const r of (working.manualEvidence ?? []).filter((x) => x.integrity === 'mismatch' || x.integrity === 'file-missing')) io.out(`  ${r.id}: ${r.integrityDetail ?? r.integrity}`);
  }
  const requirements = catalog.frameworks.reduce((n, f) => n + f.requirements.filter((r) => r.assessable).length, 0);
  io.out(`catalog OK: ${catalog.frameworks.length} frameworks (${catalog.frameworks.map((f) => f.id).join(', ')}), ${requirements} assessable requirements, ${catalog.controls.size} common controls, ${catalog.manualKinds.size} manual evidence kinds, ${catalog.attestationKinds.size} attestation kinds`);
  return 0;
}

export function registerValidate(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'validate',
    'Check the catalog and the working folder (srmap.yaml, register, owners, exceptions), or a snapshot, or a register',
    (yy) =>
      yy
        .option('catalog', catalogOption)
        .option('snapshot', { type: 'string', describe: 'Snapshot directory to check instead of the catalog' })
        .option('config', { type: 'string', describe: 'Working folder config to check with the catalog', defaultDescription: './srmap.yaml when present' })
        .option('register', { type: 'string', describe: 'An evidence register CSV to check on its own' }),
    (args) =>
      ctx.exit(
        runValidate(
          {
            catalog: resolve(args.catalog),
            ...(args.snapshot ? { snapshot: resolve(args.snapshot) } : {}),
            ...(args.config ? { config: resolve(args.config) } : {}),
            ...(args.register ? { register: args.register } : {}),
          },
          ctx.io,
        ),
      ),
  );
}
