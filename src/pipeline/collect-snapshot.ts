/**
 * collect: evidence from AWS into a new, immutable snapshot.
 *
 *   check the target and open ONE snapshot writer (temporary directory): an unwritable folder is
 *     found here, before any AWS call
 *   -> read a hand-saved Artifact listing, if any (a mistake in it stops the run before AWS is called)
 *   -> resolve credentials, regions or the aggregator's scope (planAwsConfig)
 *   -> run each source into the writer (AWS Config, AWS Artifact)
 *   -> commit (manifest.json, signed when a key is configured, then rename into place).
 * A signal (SIGINT, SIGTERM, SIGHUP) at any point removes the temporary directory and exits; nothing
 * that looks like a snapshot is left. Nothing here prints: progress goes to the printer it is given.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Catalog } from '../domain/catalog.js';
import { SrmapError } from '../domain/errors.js';
import type { SnapshotManifest } from '../domain/snapshot.js';
import { openSnapshot } from '../store/write-snapshot.js';
import { signManifest } from '../sign/manifest-signature.js';
import type { SnapshotWriter } from '../store/write-snapshot.js';
import { collectAwsConfig, planAwsConfig } from '../collect/aws-config/collect-aws-config.js';
import type { AwsConfigPlan } from '../collect/aws-config/collect-aws-config.js';
import { toManagedRuleNames } from '../collect/aws-config/to-config-records.js';
import type { CallCounts } from '../collect/collect-calls.js';
import { createProgress } from '../collect/collect-progress.js';
import type { CollectProgress, ProgressMode } from '../collect/collect-progress.js';
import type { RetrySettings } from '../collect/collect-retry.js';
import { tallySink } from '../collect/collect-sink.js';
import type { SinkTally } from '../collect/collect-sink.js';
import { removeStalePartials } from '../collect/collect-stale.js';
import { prepareArtifactSource, runArtifactSource } from '../collect/aws-artifact/artifact-source.js';
import type { ArtifactSettings } from '../collect/aws-artifact/artifact-source.js';
import type { CollectArtifactSummary } from '../collect/aws-artifact/collect-artifact.js';

export interface CollectSettings {
  id: string;
  createdAt: string;
  /** Final snapshot directory. */
  out: string;
  profile?: string;
  regions?: string[];
  allRegions: boolean;
  aggregator?: string;
  endpointUrl?: string;
  organisation?: string;
  concurrency: number;
  quiet: boolean;
  retry: RetrySettings;
  /** AWS Artifact (--artifact, --artifact-only, --artifact-from, --accept-artifact-terms). */
  artifact?: ArtifactSettings;
  /** Signs the snapshot's manifest (Ed25519 over its RFC 8785 form, src/sign/manifest-signature.ts). */
  signingKey?: KeyObject;
}

/** Signals that stop a collect, and the exit code each gives (128 + its number). */
export const INTERRUPT_SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type InterruptSignal = keyof typeof INTERRUPT_SIGNALS;

export interface CollectDeps {
  /** Raw writes for the progress bar and notes (stderr). */
  progressWrite: (text: string) => void;
  progressMode: ProgressMode;
  columns?: number;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  /** The catalog (managed-rule names for aggregator rules, the Artifact reports relied upon), loaded when needed. */
  loadCatalog: () => Promise<Catalog>;
  toolVersion: string;
  /** Install signal handlers; returns a function that removes them. */
  onInterrupt?: (handler: (signal: InterruptSignal) => void) => () => void;
  /** Leave the process with this code (after an interrupt has cleaned up). */
  exit: (code: number) => void;
}

export interface CollectOutcome {
  manifest: SnapshotManifest;
  dir: string;
  plan?: Pick<AwsConfigPlan, 'mode' | 'callerAccount' | 'callerArn' | 'homeRegion'> & { aggregator?: string };
  tally: SinkTally;
  calls: CallCounts;
  artifact?: { summary: CollectArtifactSummary; settings: ArtifactSettings };
  elapsedMs: number;
  /**
   * Complete: no gap, and no limit of the route that leaves evidence uncollected or unknown (an
   * aggregator collect never is: it cannot give NOT_APPLICABLE results or members' recorders).
   */
  complete: boolean;
}

/** Errors from creating the temporary directory that mean "this folder cannot take a snapshot", in words. */
const UNWRITABLE: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is in the way where a folder should be',
  EEXIST: 'a file is in the way where a folder should be',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path loops through symbolic links',
};

async function openWriter(settings: CollectSettings, toolVersion: string): Promise<SnapshotWriter> {
  const parent = dirname(settings.out);
  try {
    return await openSnapshot(
      parent,
      { id: settings.id, createdAt: settings.createdAt, organisation: { name: settings.organisation ?? 'pending' }, scope: { accounts: [], regions: [] }, toolVersion },
      { dirName: basename(settings.out) },
    );
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code ? UNWRITABLE[code] : undefined;
    if (code && why) {
      throw new SrmapError('OUT_NOT_WRITABLE', `Cannot write a snapshot under ${parent}: ${why} (${code}).`, {
        hint: 'Choose a folder you can write to with --out (or paths.snapshots in srmap.yaml); nothing was collected and no AWS call was made.',
        cause: err,
      });
    }
    throw err;
  }
}

export async function collectSnapshot(settings: CollectSettings, deps: CollectDeps): Promise<CollectOutcome> {
  const started = Date.now();
  if (existsSync(settings.out)) {
    throw new SrmapError('SNAPSHOT_EXISTS', `${settings.out} already exists.`, { hint: 'Snapshots are never overwritten: choose another --out, or leave it out for a new dated folder.' });
  }
  const progress: CollectProgress = createProgress({
    mode: settings.quiet ? 'quiet' : deps.progressMode,
    write: deps.progressWrite,
    ...(deps.columns ? { columns: deps.columns } : {}),
  });
  const parent = dirname(settings.out);
  for (const r of await removeStalePartials(parent)) progress.note(`removed ${join(parent, r)}: an unfinished snapshot left by an interrupted collect`);

  const writer = await openWriter(settings, deps.toolVersion);
  const retry: RetrySettings = { ...settings.retry, onWait: (ms) => (progress.calls.retryWaitMs += ms) };
  let interrupted: InterruptSignal | undefined;
  const removeHandlers = deps.onInterrupt?.((signal) => {
    if (interrupted) return;
    interrupted = signal;
    progress.done();
    deps.progressWrite(`\ninterrupted (${signal}): removing the unfinished snapshot; nothing was written to ${settings.out}\n`);
    void writer.abort().finally(() => deps.exit(INTERRUPT_SIGNALS[signal]));
  });
  try {
    let catalog: Promise<Catalog> | undefined;
    const theCatalog = () => (catalog ??= deps.loadCatalog());
    const art = settings.artifact ? await prepareArtifactSource(settings.artifact) : undefined;
    const plan = art?.only
      ? undefined
      : await planAwsConfig({
          ...(settings.profile ? { profile: settings.profile } : {}),
          ...(settings.endpointUrl ? { endpointUrl: settings.endpointUrl } : {}),
          ...(settings.regions ? { regions: settings.regions } : {}),
          allRegions: settings.allRegions,
          ...(settings.aggregator ? { aggregator: settings.aggregator } : {}),
          retry,
          regionConcurrency: settings.concurrency,
          ruleConcurrency: 4,
          managedRules: settings.aggregator ? toManagedRuleNames((await theCatalog()).managedRules.values()) : new Map(),
          calls: progress.calls,
        });
    if (plan) {
      progress.note(
        plan.mode === 'aggregator'
          ? `Collecting AWS Config through aggregator ${settings.aggregator ?? ''} (${plan.homeRegion}) as ${plan.callerArn}: ${plan.accounts.length} accounts, ${plan.aggregator?.pairs.length ?? 0} account/region pairs`
          : `Collecting AWS Config from account ${plan.callerAccount} as ${plan.callerArn}: ${plan.regions.join(', ')}`,
      );
    }
    writer.describe({
      organisation: {
        name: settings.organisation ?? (!plan ? 'AWS Artifact evidence' : plan.mode === 'aggregator' ? `AWS organisation via aggregator ${settings.aggregator ?? ''} (${plan.callerAccount})` : `AWS account ${plan.callerAccount}`),
      },
      scope: plan ? { accounts: plan.accounts, regions: plan.regions } : { accounts: [], regions: [] },
    });

    const { sink, tally } = tallySink(writer);
    if (plan) await collectAwsConfig(sink, plan, progress);
    const artifact = art
      ? await runArtifactSource(writer, art, {
          ...(settings.profile ? { profile: settings.profile } : {}),
          env: deps.env,
          retry,
          ...(plan?.callerArn ? { callerArn: plan.callerArn } : {}),
          ...(art.acceptTerms ? { download: [...(await theCatalog()).attestationKinds.values()].filter((k) => k.type === 'report').map((k) => k.match) } : {}),
          note: (line) => progress.note(line),
          now: deps.now,
        })
      : undefined;
    const key = settings.signingKey;
    const manifest = await writer.commit(key ? { sign: (m) => signManifest(m, key) } : {});
    progress.done();
    const incomplete = manifest.gaps.length > 0 || (manifest.limits ?? []).some((l) => l.effect !== 'not-checked');
    return {
      manifest,
      dir: writer.dir,
      ...(plan ? { plan: { mode: plan.mode, callerAccount: plan.callerAccount, callerArn: plan.callerArn, homeRegion: plan.homeRegion, ...(settings.aggregator ? { aggregator: settings.aggregator } : {}) } } : {}),
      tally,
      calls: progress.calls,
      ...(art && artifact ? { artifact: { summary: artifact, settings: art } } : {}),
      elapsedMs: Date.now() - started,
      complete: !incomplete,
    };
  } catch (err) {
    progress.done();
    await writer.abort();
    throw err;
  } finally {
    removeHandlers?.();
  }
}
