/**
 * srmap verify SNAPSHOT|PACK|FILE.zip|--pack DIR [--public-key FILE] [--json]: is this what srmap wrote?
 *
 * A snapshot (verify-signed-snapshot.ts): every file's sha256, size and record count against the
 * manifest, every record, no unlisted file, and the manifest's Ed25519 signature with the public
 * key. A pack (verify-pack.ts): every file against its manifest, no unlisted file, the signature.
 * A bundle (a file, FILE.zip: verify-bundle.ts): every entry against the bundle manifest, nothing
 * unlisted, its signature, and the pack and snapshot manifest inside it.
 * A directory given without --pack is taken for a pack when its manifest says so. Exit 0 when
 * intact, 2 when anything was altered, added or removed (each named). An unsigned snapshot or pack,
 * or a signed one checked without a public key, is said to be so, never "verified".
 */
import { lstat, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { SrmapError, formatProblems, type Problem } from '../../domain/errors.js';
import type { Gap, SnapshotManifest } from '../../domain/snapshot.js';
import { toVisibleJson } from '../../domain/visible-text.js';
import { RECORD_FILES } from '../../domain/snapshot.js';
import { verifySignedSnapshot, type SnapshotVerification } from '../../pipeline/verify-signed-snapshot.js';
import { verifyPack } from '../../pipeline/verify-pack.js';
import { verifyBundle } from '../../pipeline/verify-bundle.js';
import { PACK_FORMAT } from '../../pipeline/build-packs.js';
import { UNSIGNED_WITH_KEY, type SignatureCheck } from '../../sign/manifest-signature.js';
import { loadPublicKey } from '../../sign/signing-keys.js';
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
  /** unsigned, not-checked (no --public-key), verified, invalid. */
  signature?: { state: SignatureCheck['state']; keyId?: string };
  problems: { file: string; line?: number; path?: string; message: string }[];
}

export function toVerifyReport(dir: string, v: SnapshotVerification): VerifyReport {
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
    ...(v.signature ? { signature: { state: v.signature.state, ...('keyId' in v.signature ? { keyId: v.signature.keyId } : {}) } } : {}),
    problems: v.problems.map((p) => ({ file: p.file, ...(p.line !== undefined ? { line: p.line } : {}), ...(p.path ? { path: p.path } : {}), message: p.message })),
  };
}

export async function runVerify(args: { snapshot: string; publicKey?: string; json: boolean }, io: Io): Promise<number> {
  const dir = resolve(args.snapshot);
  let v: SnapshotVerification;
  try {
    const key = args.publicKey ? await loadPublicKey(args.publicKey) : undefined;
    v = await verifySignedSnapshot(dir, key);
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
  if (!report.ok) {
    throw failure('SNAPSHOT_INVALID', 'snapshot', dir, v.problems, v.signature, `${v.problems.length} problem(s) in the snapshot at ${dir}: it is not as it was written`, 'A snapshot is never edited after it is written: restore the original, or collect a new one.');
  }
  const c = report.counts;
  const what = `${c.files} files, ${c.records.toLocaleString('en-US')} records`;
  io.out(verdictLine('snapshot', report.id ?? dir, 'every sha256, size and record count as listed, nothing unlisted', what, v.signature, 'its dates, gaps, results and hashes were not rewritten together'));
  io.out(`  ${c.accounts} accounts, ${c.regions} regions, ${c.rules.toLocaleString('en-US')} rules, ${c.evaluations.toLocaleString('en-US')} evaluations, ${c.conformancePacks} conformance packs, ${c.resourceCounts} resource counts`);
  io.out(`  ${report.gaps.length} collection gap(s)${report.gaps.length > 0 ? ':' : ''}`);
  for (const g of report.gaps) io.out(`    ${g.source} ${[g.account, g.region].filter(Boolean).join(' ')} ${g.code}${g.action ? ` (needs ${g.action})` : ''}`);
  return 0;
}

export async function runVerifyPack(args: { pack: string; publicKey?: string; json: boolean }, io: Io): Promise<number> {
  const dir = resolve(args.pack);
  const key = args.publicKey ? await loadPublicKey(args.publicKey) : undefined;
  const v = await verifyPack(dir, key);
  if (args.json) {
    io.out(toVisibleJson(v, 2));
    return v.intact ? 0 : 2;
  }
  if (!v.intact) {
    throw failure('PACK_ALTERED', 'pack', dir, v.problems, v.signature, `${v.problems.length} problem(s) in the pack at ${dir}: it is not as srmap wrote it`, 'A pack is never edited after it is written: ask its author for the original, or build it again from its snapshot.');
  }
  const what = `${v.files} files, ${v.bytes.toLocaleString('en-US')} bytes; snapshot ${v.snapshotId ?? '?'}, as of ${v.asOf ?? '?'}`;
  io.out(verdictLine('pack', dir, 'every sha256 and size as listed, nothing unlisted', what, v.signature, 'the hashes were not rewritten'));
  return 0;
}

export async function runVerifyBundle(args: { file: string; publicKey?: string; json: boolean }, io: Io): Promise<number> {
  const file = resolve(args.file);
  const key = args.publicKey ? await loadPublicKey(args.publicKey) : undefined;
  const v = await verifyBundle(file, key);
  if (args.json) {
    io.out(toVisibleJson(v, 2));
    return v.intact ? 0 : 2;
  }
  for (const w of formatProblems(v.warnings)) io.err(`warning: ${w}`);
  if (!v.intact) {
    throw failure('BUNDLE_ALTERED', 'bundle', file, v.problems, v.signature, `${v.problems.length} problem(s) in the bundle ${file}: it is not as srmap wrote it`, 'A bundle is never edited after it is written: ask its author for the original.');
  }
  const what = `${v.files} files, ${v.bytes.toLocaleString('en-US')} bytes; snapshot ${v.snapshotId ?? '?'}, as of ${v.asOf ?? '?'}; ${v.frameworks.join(', ')}; ${v.documents} document(s), ${v.cited} cited`;
  const unlisted = v.warnings.length > 0 ? 'no unlisted file (empty folder entries aside: see the warning)' : 'nothing unlisted';
  io.out(verdictLine('bundle', file, `every sha256 and size as listed, ${unlisted}`, what, v.signature, 'the hashes were not rewritten'));
  const inner = (name: string, c: SignatureCheck | undefined) =>
    c === undefined ? `${name} unsigned` : c.state === 'verified' ? `${name} signed by key ${c.keyId}, verified` : c.state === 'not-checked' ? `${name} signed by key ${c.keyId}, not checked` : `${name} ${c.state}`;
  io.out(`  inside: the pack's files as its manifest lists them; the snapshot manifest the pack names; ${inner('pack manifest', v.packSignature)}; ${inner('snapshot manifest', v.snapshotSignature)}`);
  return 0;
}

/**
 * Why verify failed. When the one problem is that a public key was given for an unsigned manifest,
 * every hash matched: it says so, and what to do, instead of claiming the files were altered.
 */
function failure(code: string, kind: string, subject: string, problems: readonly Problem[], signature: SignatureCheck | undefined, altered: string, alteredHint: string): SrmapError {
  if (signature?.state === 'unsigned' && problems.length === 1 && problems[0]?.message === UNSIGNED_WITH_KEY) {
    return new SrmapError(code, `The ${kind} at ${subject} is as its manifest lists it, but the manifest is not signed and a public key was given: nothing shows who wrote it`, {
      problems,
      hint: `Ask its author for the ${kind} signed with the key's pair (--signing-key), or run srmap verify without --public-key to check its hashes alone (it then says UNSIGNED).`,
    });
  }
  return new SrmapError(code, altered, { problems, hint: alteredHint });
}

/**
 * The one verdict line of srmap verify: VERIFIED only with a checked signature, NOT VERIFIED when
 * signed but checked without a public key, UNSIGNED otherwise, each saying what was checked.
 */
function verdictLine(kind: string, subject: string, checked: string, what: string, s: SignatureCheck | undefined, unsignedLeaves: string): string {
  if (s?.state === 'verified') return `${kind} VERIFIED: ${subject}: ${checked}, manifest signed by key ${s.keyId} (${what})`;
  if (s?.state === 'not-checked') return `${kind} NOT VERIFIED: ${subject}: ${checked} (${what}); signed by key ${s.keyId}, not checked: give --public-key FILE`;
  return `${kind} UNSIGNED: ${subject}: ${checked} (${what}); its manifest is not signed, so nothing shows ${unsignedLeaves}`;
}

/** Is `dir` a pack (its manifest.json says srmap-pack), rather than a snapshot? */
async function isPackDir(dir: string): Promise<boolean> {
  try {
    const path = join(dir, 'manifest.json');
    const s = await lstat(path);
    if (!s.isFile() || s.size > 16 * 1024 * 1024) return false;
    return (JSON.parse(await readFile(path, 'utf8')) as { format?: unknown }).format === PACK_FORMAT;
  } catch {
    return false;
  }
}

export function registerVerify(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'verify [snapshot]',
    'Recompute every hash of a snapshot, a pack (--pack) or a bundle (FILE.zip), check its signature, and name what was altered (exit 2)',
    (yy) =>
      yy
        .positional('snapshot', { type: 'string', describe: 'A snapshot directory (holds manifest.json), a pack directory, or a bundle (FILE.zip)' })
        .option('pack', { type: 'string', describe: 'A pack directory (srmap report --out)' })
        .option('public-key', { type: 'string', describe: 'The signer\'s public key (srmap-signing-key.pub.pem): checks the manifest\'s signature' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {ok, counts, gaps, signature, problems} as JSON' })
        .check((a) => {
          // An SrmapError, not an Error: yargs hands what a check throws to .fail, which rethrows an error as is (exit 1 if not ours).
          if ((a.snapshot === undefined) === (a.pack === undefined)) {
            throw new SrmapError('USAGE', a.snapshot === undefined ? 'Name what to verify: a snapshot or pack directory, or a bundle FILE.zip.' : `Give ${String(a.snapshot)} or --pack ${String(a.pack)}, not both.`, {
              hint: 'e.g. `srmap verify evidence/snapshots/2026-11-22T101500Z`, `srmap verify --pack packs` or `srmap verify bundle.zip` (`srmap verify --help`).',
            });
          }
          return true;
        }),
    (args) =>
      ctx.exit(
        (async () => {
          const publicKey = args['public-key'] ? { publicKey: String(args['public-key']) } : {};
          const target = args.snapshot === undefined ? undefined : String(args.snapshot);
          // A file is a bundle; so is a name ending in .zip that is not there (said as a missing bundle, not a missing snapshot folder).
          const file = target !== undefined && (await lstat(resolve(target)).then((st) => st.isFile(), (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT' && /\.zip$/i.test(target)));
          if (target !== undefined && file) return runVerifyBundle({ file: target, ...publicKey, json: args.json }, ctx.io);
          const pack = args.pack !== undefined ? String(args.pack) : target !== undefined && (await isPackDir(resolve(target))) ? target : undefined;
          return pack !== undefined
            ? runVerifyPack({ pack, ...publicKey, json: args.json }, ctx.io)
            : runVerify({ snapshot: String(args.snapshot), ...publicKey, json: args.json }, ctx.io);
        })(),
      ),
  );
}
