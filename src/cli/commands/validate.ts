import { loadCatalogFor } from '../catalog-options.js';
import type { WorkingFolder } from '../../collect/manual/read-working-folder.js';
import { SrmapError } from '../../domain/errors.js';
import { verifySnapshot } from '../../store/verify-snapshot.js';
import type { Argv } from 'yargs';
import { relative, resolve } from 'node:path';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';
import { OSCAL_SCHEMA_PATH } from '../paths.js';
import { givenWorkingFiles, resolveWorkingFolder, workingFolderOptions, type WorkingFolderArgs } from '../working-folder-options.js';
import { findConfigFile } from '../../collect/manual/read-working-folder.js';

/** What was done to each row's document: verified against its registered sha256, or (sha256 empty) only hashed. */
function registerCounts(w: WorkingFolder): string {
  const rows = w.manualEvidence ?? [];
  const by = (i: string) => rows.filter((r) => r.integrity === i).length;
  const hashed = w.hashedNow?.length ?? 0;
  return `${rows.length} register rows (${by('verified') - hashed} files verified against their registered sha256, ${hashed} hashed with no sha256 registered, ${by('mismatch')} changed since registered, ${by('file-missing')} missing, ${by('not-checked')} URLs not checked)`;
}

function describeWorking(w: WorkingFolder): string {
  const what = w.config ? `working folder OK: ${w.dir}` : `working files OK (${w.inputs.map((i) => i.path).join(', ')})`;
  return `${what}: ${registerCounts(w)}, ${w.owners?.length ?? 0} owners, ${w.exceptions?.length ?? 0} exceptions`;
}

const shown = (file: string) => relative(process.cwd(), resolve(file)) || file;

/** `validate --register FILE` (or --owners, --exceptions, --applicability): a line for each file checked, and what lent its context. */
function describeGiven(w: WorkingFolder, files: ReturnType<typeof givenWorkingFiles>, config: string | undefined): string[] {
  const lines = [
    ...(files.register ? [`evidence register OK: ${shown(files.register)}: ${registerCounts(w)}`] : []),
    ...(files.owners ? [`owners file OK: ${shown(files.owners)}: ${w.owners?.length ?? 0} owners`] : []),
    ...(files.exceptions ? [`exceptions file OK: ${shown(files.exceptions)}: ${w.exceptions?.length ?? 0} exceptions`] : []),
    ...(files.applicability ? [`applicability file OK: ${shown(files.applicability)}: ${w.declarations?.length ?? 0} declarations`] : []),
  ];
  if (w.config && config !== undefined) lines.push(`  read with ${shown(config)} (its frameworks, document roots and limits); its other files were not checked: \`srmap validate\` without these flags checks the whole working folder`);
  return lines;
}

/** `validate --oscal PATH`: NIST's OSCAL 1.1.2 JSON Schema and srmap's identity check on every OSCAL JSON file under PATH. */
async function runValidateOscal(target: string, io: Io): Promise<number> {
  const { validateOscal } = await import('../../pipeline/validate-oscal.js');
  const { files, notes } = await validateOscal(target, OSCAL_SCHEMA_PATH);
  const problems = files.flatMap((f) => f.problems);
  for (const f of files) {
    if (f.skipped) io.out(`skipped ${f.path}: ${f.skipped}`);
    else if (f.problems.length === 0) {
      const unchecked = notes.filter((n) => n.startsWith(`${f.path}: `)).length;
      io.out(`OSCAL OK: ${f.path} (${f.model ?? ''}): valid against the OSCAL 1.1.2 JSON Schema, ids unique, ${unchecked === 0 ? 'every uuid reference resolves' : `every uuid reference resolves but ${unchecked} into a document not given (see the notes)`}`);
    }
  }
  for (const n of notes) io.out(`note: ${n}`);
  if (problems.length > 0) {
    throw new SrmapError('OSCAL_INVALID', `${problems.length} problem(s) in ${files.filter((f) => f.problems.length > 0).length} of ${files.filter((f) => !f.skipped).length} OSCAL file(s) under ${target}`, {
      problems: problems.slice(0, 200).map((p) => ({ file: p.file, path: p.path, message: p.message })),
      hint: problems.length > 200 ? `The first 200 are shown. Fix them (the schema: NIST OSCAL 1.1.2; references: every uuid a document names must be defined in it or in a document it imports).` : 'The schema is NIST OSCAL 1.1.2; a reference must name a uuid defined in the document or in one it imports (give the imported files too).',
    });
  }
  return 0;
}

export async function runValidate(args: WorkingFolderArgs & { catalog?: readonly string[]; snapshot?: string; oscal?: string }, io: Io): Promise<number> {
  if (args.oscal) return runValidateOscal(args.oscal, io);
  if (args.snapshot) {
    const result = await verifySnapshot(args.snapshot);
    if (!result.ok) {
      throw new SrmapError('SNAPSHOT_INVALID', `${result.problems.length} problem(s) in the snapshot at ${args.snapshot}`, {
        problems: result.problems,
        hint: 'A snapshot is never edited after it is written: restore the original, or collect a new one.',
      });
    }
    const m = result.manifest;
    io.out(`snapshot OK: ${m?.id ?? args.snapshot}: ${result.counts.files} files, ${result.counts.records.toLocaleString('en-US')} records, every sha256 verified`);
    if (m && m.gaps.length > 0) io.out(`  ${m.gaps.length} collection gap(s) recorded: ${m.gaps.map((g) => `${g.source} ${[g.account, g.region].filter(Boolean).join(' ')} ${g.code}`).join('; ')}`);
    // Hashes alone: whoever rewrites a file can rewrite its hash. Only verify checks who signed it.
    if (m?.signature) io.out(`  signed by key ${m.signature.keyId}: the signature was not checked here; check it with \`srmap verify ${args.snapshot} --public-key FILE\``);
    return 0;
  }
  const { catalog } = await loadCatalogFor({ ...(args.catalog ? { catalog: args.catalog } : {}), ...(args.config ? { config: args.config } : {}) });
  const cuecs = catalog.cuecs ?? [];
  const given = givenWorkingFiles(args);
  const onlyGiven = Object.keys(given).length > 0;
  const working = await resolveWorkingFolder(args, catalog, { onlyGiven });
  if (working && onlyGiven) {
    for (const line of describeGiven(working, given, findConfigFile(args.config))) io.out(line);
  } else if (working) {
    io.out(describeWorking(working));
  }
  if (working) {
    for (const r of (working.manualEvidence ?? []).filter((x) => x.integrity === 'mismatch' || x.integrity === 'file-missing')) io.out(`  ${r.id}: ${r.integrityDetail ?? r.integrity}`);
    const hashed = new Set(working.hashedNow);
    for (const r of (working.manualEvidence ?? []).filter((x) => hashed.has(x.id))) io.out(`  ${r.id}: no sha256 registered; the document hashes to ${r.sha256 ?? '?'}: put that in its sha256 cell so later runs check the document is the one approved`);
  }
  const requirements = catalog.frameworks.reduce((n, f) => n + f.requirements.filter((r) => r.assessable).length, 0);
  for (const o of catalog.overlays ?? []) {
    const changes = (catalog.changes ?? []).filter((c) => c.file.startsWith(`${o.dir}/`) || c.file.startsWith(`${o.dir}\\`));
    const count = (change: string) => changes.filter((c) => c.change === change).length;
    io.out(`catalog overlay OK: ${o.dir}: ${o.files.length} files, ${count('added')} items added, ${count('replaced')} replaced, ${count('removed')} removed, ${count('affected')} shipped requirements affected (see \`srmap frameworks show ID\`)`);
  }
  io.out(`catalog OK: ${catalog.frameworks.length} frameworks (${catalog.frameworks.map((f) => f.id).join(', ')}), ${requirements} assessable requirements, ${catalog.controls.size} common controls, ${catalog.manualKinds.size} manual evidence kinds, ${catalog.attestationKinds.size} attestation kinds, ${cuecs.length} complementary user entity controls`);
  return 0;
}

export function registerValidate(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'validate',
    'Check the catalog and the working folder (srmap.yaml, or only the files --register / --owners / --exceptions / --applicability name), a snapshot, or OSCAL files',
    (yy) =>
      workingFolderOptions(yy)
        .option('catalog', catalogOption)
        .option('snapshot', { type: 'string', describe: 'Snapshot directory to check instead of the catalog' })
        .option('oscal', { type: 'string', describe: 'An OSCAL JSON file, or a directory of them: check each against the OSCAL 1.1.2 JSON Schema and that every uuid reference resolves' }),
    (args) =>
      ctx.exit(
        runValidate(
          {
            ...(args.catalog ? { catalog: args.catalog } : {}),
            ...(args.snapshot ? { snapshot: resolve(args.snapshot) } : {}),
            ...(args.oscal ? { oscal: resolve(args.oscal) } : {}),
            ...(args.config ? { config: resolve(args.config) } : {}),
            ...(args.register ? { register: args.register } : {}),
            ...(args.owners ? { owners: args.owners } : {}),
            ...(args.exceptions ? { exceptions: args.exceptions } : {}),
            ...(args.applicability ? { applicability: args.applicability } : {}),
          },
          ctx.io,
        ),
      ),
  );
}
