/**
 * srmap bundle --pack DIR --out FILE.zip [--snapshot DIR] [--config srmap.yaml] [--signing-key FILE]:
 * the pack, the snapshot's manifest and the working-folder documents that decided manual evidence
 * in one deterministic, signed zip (src/pipeline/bundle-pack.ts); `srmap verify FILE.zip` checks it.
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { bundlePack } from '../../pipeline/bundle-pack.js';
import { loadCatalogFor } from '../catalog-options.js';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';
import { TOOL_VERSION } from '../paths.js';
import { resolveSigningKey, signingKeyOption } from '../signing-key-option.js';
import { resolveWorkingFolder, workingFolderOptions, type WorkingFolderArgs } from '../working-folder-options.js';

export interface BundleArgs extends WorkingFolderArgs {
  pack: string;
  out: string;
  snapshot?: string;
  catalog?: string[];
  'signing-key'?: string;
  quiet: boolean;
}

export async function runBundle(args: BundleArgs, io: Io): Promise<number> {
  const { catalog } = await loadCatalogFor(args);
  const working = await resolveWorkingFolder(args, catalog);
  const packDir = resolve(args.pack);
  const signing = await resolveSigningKey(
    { flag: args['signing-key'], env: process.env, ...(working ? { config: { dir: working.dir, signingKey: working.config?.paths?.signingKey } } : {}) },
    [{ dir: packDir, what: 'the pack being bundled' }],
  );
  const snapshots = working?.config?.paths?.snapshots;
  const summary = await bundlePack({
    packDir,
    outFile: resolve(args.out),
    ...(args.snapshot ? { snapshotDir: resolve(args.snapshot) } : {}),
    ...(working && snapshots ? { snapshotsDir: resolve(working.dir, snapshots) } : {}),
    ...(working ? { working } : {}),
    ...(signing ? { signingKey: signing.key } : {}),
    toolVersion: TOOL_VERSION,
    ...(args.quiet ? {} : { onProgress: (m: string) => io.err(m) }),
  });
  if (!args.quiet) {
    io.out(`bundle ${summary.outFile}: ${summary.files} files, ${summary.bytes.toLocaleString('en-US')} bytes, sha256 ${summary.sha256}`);
    io.out(`  pack of snapshot ${summary.snapshotId}: ${summary.frameworks.join(', ')}`);
    io.out(`  ${summary.documents.length} working-folder document(s) that decided manual evidence, each as registered; ${summary.cited.length} cited, not bundled`);
    for (const c of summary.cited) io.out(`    ${c.evidenceId} ${c.location}: ${c.why}`);
    io.out(signing ? `  manifest.json signed by key ${signing.keyId} (${signing.from})` : '  manifest.json not signed: no signing key configured (--signing-key, SRMAP_SIGNING_KEY or paths.signingKey in srmap.yaml)');
  }
  io.out(summary.outFile);
  return 0;
}

export function registerBundle(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'bundle',
    'One zip for the auditor: the pack, the snapshot manifest and the documents that decided manual evidence, signed (verify FILE.zip checks it)',
    (yy) =>
      workingFolderOptions(yy)
        .option('pack', { type: 'string', demandOption: true, describe: 'The pack directory (srmap report --out)' })
        .option('out', { type: 'string', demandOption: true, describe: 'The bundle to write (FILE.zip); an existing file is replaced only when srmap bundle wrote it' })
        .option('snapshot', { type: 'string', describe: 'The snapshot the pack was built from', defaultDescription: 'found under paths.snapshots of srmap.yaml by its manifest sha256' })
        .option('catalog', catalogOption)
        .option('signing-key', signingKeyOption)
        .option('quiet', { type: 'boolean', default: false, describe: 'Print only the bundle path' }),
    (args) => ctx.exit(runBundle(args as unknown as BundleArgs, ctx.io)),
  );
}
