/**
 * srmap collect: evidence from AWS into a new, immutable snapshot.
 *
 *   parse options (toCollectSettings: the one place defaults are layered under the flags)
 *   -> resolve credentials, regions or the aggregator's scope (planAwsConfig)
 *   -> open ONE snapshot writer (temporary directory)
 *   -> run each source into it (AWS Config; AWS Artifact plugs in here)
 *   -> commit (manifest.json, then rename into place)
 *   -> summary; the last line on stdout is the snapshot path.
 *
 * Exit codes: 0 complete; 3 written, with gaps (in the manifest and the summary); 2 bad input or usage
 * (no credentials, unknown aggregator, bad region); 1 internal error; 130/143 interrupted (nothing written).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { SrmapError } from '../../domain/errors.js';
import { COMPLIANCE_TYPES } from '../../domain/status.js';
import type { SnapshotManifest } from '../../domain/snapshot.js';
import { openSnapshot } from '../../store/write-snapshot.js';
import type { SnapshotWriter } from '../../store/write-snapshot.js';
import { collectAwsConfig, planAwsConfig } from '../../collect/aws-config/collect-aws-config.js';
import type { AwsConfigPlan } from '../../collect/aws-config/collect-aws-config.js';
import { newCallCounts } from '../../collect/collect-calls.js';
import type { CallCounts } from '../../collect/collect-calls.js';
import { createProgress } from '../../collect/collect-progress.js';
import type { CollectProgress, ProgressMode } from '../../collect/collect-progress.js';
import { toRetrySettings } from '../../collect/collect-retry.js';
import type { RetrySettings } from '../../collect/collect-retry.js';
import { tallySink } from '../../collect/collect-sink.js';
import type { SinkTally } from '../../collect/collect-sink.js';
import { removeStalePartials } from '../../collect/collect-stale.js';
import { formatArtifactSummary, prepareArtifactSource, runArtifactSource, toArtifactSettings } from '../../collect/aws-artifact/artifact-source.js';
import type { ArtifactArgs, ArtifactSettings } from '../../collect/aws-artifact/artifact-source.js';
import { loadCatalog } from '../../catalog/load-catalog.js';
import type { CommandContext, Io } from '../command-context.js';
import { readCollectDefaults } from '../working-folder-options.js';
import { FRAMEWORKS_DIR, TOOL_VERSION } from '../paths.js';

/** Written, but something could not be collected: see the manifest's gaps. */
export const EXIT_GAPS = 3;

export interface CollectArgs extends ArtifactArgs {
  profile?: string;
  regions?: string[];
  'all-regions'?: boolean;
  aggregator?: string;
  'endpoint-url'?: string;
  out?: string;
  organisation?: string;
  concurrency?: number;
  quiet?: boolean;
}

/** Defaults from a working folder (srmap.yaml), laid under the flags. */
export interface CollectDefaults {
  /** Folder new snapshots go to (a snapshot is `<dir>/<id>`). */
  snapshotsDir?: string;
  organisation?: string;
  regions?: string[];
  profile?: string;
  aggregator?: string;
}

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
}

/** `2026-11-22T10:15:00.123Z` -> `2026-11-22T101500Z`. */
export function toSnapshotId(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
}

/** Split `a,b` and repeated flags into one list. */
function toList(v: readonly string[] | undefined): string[] | undefined {
  if (!v) return undefined;
  const out = v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  return out.length > 0 ? out : undefined;
}

/** Flags over defaults over built-in defaults: the one place collect's options are decided. */
export function toCollectSettings(args: CollectArgs, env: Record<string, string | undefined>, now: Date, defaults: CollectDefaults = {}): CollectSettings {
  const regions = toList(args.regions) ?? (args['all-regions'] ? undefined : defaults.regions);
  if (args['all-regions'] && toList(args.regions)) {
    throw new SrmapError('USAGE', '--regions and --all-regions exclude each other.', { hint: 'Give one of them.' });
  }
  const concurrency = args.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new SrmapError('USAGE', `--concurrency must be a whole number from 1 to 64, not ${String(args.concurrency)}`, { hint: 'The default, 4, suits most accounts.' });
  }
  const id = toSnapshotId(now);
  const out = resolve(args.out ?? join(defaults.snapshotsDir ?? join('evidence', 'snapshots'), id));
  const profile = args.profile ?? defaults.profile;
  const aggregator = args.aggregator ?? defaults.aggregator;
  const organisation = args.organisation ?? defaults.organisation;
  const artifact = toArtifactSettings(args);
  return {
    id,
    createdAt: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    out,
    ...(profile ? { profile } : {}),
    ...(regions ? { regions } : {}),
    allRegions: args['all-regions'] === true,
    ...(aggregator ? { aggregator } : {}),
    ...(args['endpoint-url'] ? { endpointUrl: args['endpoint-url'] } : {}),
    ...(organisation ? { organisation } : {}),
    concurrency,
    quiet: args.quiet === true,
    retry: toRetrySettings(env),
    ...(artifact ? { artifact } : {}),
  };
}

/** Managed-rule name -> identifier, from the catalog's list of known managed rules. */
export function loadManagedRuleNames(frameworksDir: string = FRAMEWORKS_DIR): Map<string, string> {
  const file = join(frameworksDir, 'aws-config-managed-rules.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { rules: { name: string; identifier: string }[] };
  return new Map(data.rules.map((r) => [r.name.toLowerCase(), r.identifier]));
}

export interface CollectDeps {
  /** Raw writes for the progress bar (stderr). */
  progressWrite: (text: string) => void;
  progressMode: ProgressMode;
  columns?: number;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** Install interrupt handlers; returns a function that removes them. */
  onInterrupt?: (handler: (signal: NodeJS.Signals) => void) => () => void;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function formatSummary(m: SnapshotManifest, plan: AwsConfigPlan, tally: SinkTally, calls: CallCounts, elapsedMs: number): string[] {
  const results = tally.records.evaluations ?? 0;
  const lines = [
    `collected ${m.id}: AWS Config, ${plan.mode === 'aggregator' ? `aggregator ${plan.aggregator?.name ?? ''}` : `account ${plan.callerAccount}`}`,
    `  accounts ${fmt(m.scope.accounts.length)}, regions ${fmt(m.scope.regions.length)} (${m.scope.regions.join(', ') || 'none'}), account/region pairs ${fmt(m.sources.filter((s) => s.source === 'aws-config').length)}`,
    `  rules ${fmt(tally.records.configRules ?? 0)}, conformance packs ${fmt(tally.records.conformancePacks ?? 0)}, resource types counted ${fmt(tally.records.resourceCounts ?? 0)}, resources with their tags ${fmt(tally.records.resourceTags ?? 0)}`,
    `  results ${fmt(results)}: ${COMPLIANCE_TYPES.map((t) => `${t} ${fmt(tally.byCompliance[t] ?? 0)}`).join(', ')}`,
    `  gaps ${fmt(m.gaps.length)}${m.gaps.length > 0 ? ':' : ''}`,
  ];
  for (const g of m.gaps.slice(0, 20)) lines.push(`    ${[g.account, g.region].filter(Boolean).join(' ') || 'organisation'} ${g.code}${g.action ? ` (needs ${g.action})` : ''}`);
  if (m.gaps.length > 20) lines.push(`    ... and ${m.gaps.length - 20} more in manifest.json`);
  const per1000 = results > 0 ? (calls.total * 1000) / results : 0;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  lines.push(
    `  API calls ${fmt(calls.total)} (${per1000.toFixed(1)} per 1,000 results; ${fmt(calls.throttled)} throttled, ${fmt(calls.failed)} failed, all retried or recorded as gaps)`,
    `  elapsed ${(elapsedMs / 1000).toFixed(1)} s, peak memory ${peakMb.toFixed(0)} MB`,
  );
  return lines;
}

export async function runCollect(settings: CollectSettings, io: Io, deps: CollectDeps): Promise<number> {
  const started = Date.now();
  if (existsSync(settings.out)) {
    throw new SrmapError('SNAPSHOT_EXISTS', `${settings.out} already exists.`, { hint: 'Snapshots are never overwritten: choose another --out, or leave it out for a new dated folder.' });
  }
  const parent = dirname(settings.out);
  const removed = await removeStalePartials(parent);
  if (!settings.quiet) for (const r of removed) io.err(`removed ${join(parent, r)}: an unfinished snapshot left by an interrupted collect`);

  const calls = newCallCounts();
  const progress: CollectProgress = createProgress({
    mode: settings.quiet ? 'quiet' : deps.progressMode,
    write: deps.progressWrite,
    ...(deps.columns ? { columns: deps.columns } : {}),
  });
  Object.assign(progress.calls, calls);
  const art = settings.artifact ? await prepareArtifactSource(settings.artifact) : undefined;
  const plan = art?.only ? undefined : await planAwsConfig({
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpointUrl ? { endpointUrl: settings.endpointUrl } : {}),
    ...(settings.regions ? { regions: settings.regions } : {}),
    allRegions: settings.allRegions,
    ...(settings.aggregator ? { aggregator: settings.aggregator } : {}),
    retry: settings.retry,
    regionConcurrency: settings.concurrency,
    ruleConcurrency: 4,
    managedRules: loadManagedRuleNames(),
    calls: progress.calls,
  });
  if (!settings.quiet && plan) {
    io.err(
      plan.mode === 'aggregator'
        ? `Collecting AWS Config through aggregator ${settings.aggregator ?? ''} (${plan.homeRegion}) as ${plan.callerArn}: ${plan.accounts.length} accounts, ${plan.aggregator?.pairs.length ?? 0} account/region pairs`
        : `Collecting AWS Config from account ${plan.callerAccount} as ${plan.callerArn}: ${plan.regions.join(', ')}`,
    );
  }

  const writer: SnapshotWriter = await openSnapshot(
    parent,
    {
      id: settings.id,
      createdAt: settings.createdAt,
      organisation: { name: settings.organisation ?? (!plan ? 'AWS Artifact evidence' : plan.mode === 'aggregator' ? `AWS organisation via aggregator ${settings.aggregator ?? ''} (${plan.callerAccount})` : `AWS account ${plan.callerAccount}`) },
      scope: plan ? { accounts: plan.accounts, regions: plan.regions } : { accounts: [], regions: [] },
      toolVersion: TOOL_VERSION,
    },
    { dirName: basename(settings.out) },
  );
  let interrupted: NodeJS.Signals | undefined;
  const removeHandlers = deps.onInterrupt?.((signal) => {
    if (interrupted) return;
    interrupted = signal;
    progress.done();
    io.err(`\ninterrupted (${signal}): removing the unfinished snapshot; nothing was written to ${settings.out}`);
    void writer.abort().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
  try {
    const { sink, tally } = tallySink(writer);
    if (plan) await collectAwsConfig(sink, plan, progress);
    const artifact = art
      ? await runArtifactSource(writer, art, {
          ...(settings.profile ? { profile: settings.profile } : {}),
          env: deps.env,
          ...(plan?.callerArn ? { callerArn: plan.callerArn } : {}),
          ...(art.acceptTerms ? { download: [...(await loadCatalog(FRAMEWORKS_DIR)).attestationKinds.values()].filter((k) => k.type === 'report').map((k) => k.match) } : {}),
          note: (line) => progress.note(line),
          now: deps.now,
        })
      : undefined;
    const manifest = await writer.commit();
    progress.done();
    const summary = [
      ...(plan ? formatSummary(manifest, plan, tally, progress.calls, Date.now() - started) : [`collected ${manifest.id}: AWS Artifact only`]),
      ...(art && artifact ? formatArtifactSummary(artifact, art, manifest) : []),
    ];
    if (!settings.quiet) for (const line of summary) io.out(line);
    io.out(writer.dir);
    return manifest.gaps.length > 0 ? EXIT_GAPS : 0;
  } catch (err) {
    progress.done();
    await writer.abort();
    throw err;
  } finally {
    removeHandlers?.();
  }
}

export function collectOptions<T>(y: Argv<T>) {
  return y
    .option('profile', { type: 'string', describe: 'AWS profile (shared config, SSO); default: the standard credential chain' })
    .option('regions', { type: 'array', string: true, describe: 'Regions, comma-separated or repeated (first: home region for STS and the aggregator)', defaultDescription: 'the profile\'s region' })
    .option('all-regions', { type: 'boolean', describe: 'Every commercial region (regions not enabled are recorded as gaps)' })
    .option('aggregator', { type: 'string', describe: 'Collect every account and region of this AWS Config aggregator' })
    .option('endpoint-url', { type: 'string', describe: 'Send AWS Config and STS calls here (also AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CONFIG_SERVICE, AWS_ENDPOINT_URL_STS)' })
    .option('out', { type: 'string', describe: 'The new snapshot directory', defaultDescription: 'evidence/snapshots/<UTC time, e.g. 2026-11-22T101500Z>' })
    .option('organisation', { type: 'string', describe: 'Organisation name recorded in the snapshot', defaultDescription: 'the account id' })
    .option('concurrency', { type: 'number', describe: 'Account/region pairs collected at once', default: 4 })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress or summary: print only the snapshot path' })
    .option('config', { type: 'string', describe: 'Working folder config (srmap.yaml): its organisation, regions and paths.snapshots, under these flags', defaultDescription: './srmap.yaml when present' })
    .option('artifact', { type: 'boolean', describe: 'Also collect AWS Artifact: the report listing (name, series, version, period) and the customer agreements (BAA)' })
    .option('artifact-only', { type: 'boolean', describe: 'Collect AWS Artifact only (no AWS Config)' })
    .option('artifact-from', { type: 'string', describe: 'Import an AWS Artifact listing saved by hand (JSON as `aws artifact list-reports` / `list-customer-agreements` print it) instead of calling the Artifact API' })
    .option('accept-artifact-terms', { type: 'boolean', describe: 'Accept each relied-upon report\'s AWS Artifact terms and download it into the snapshot (cited in packs, never embedded)' });
}

export function registerCollect(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'collect',
    'Collect AWS Config evidence (one account, several regions, or an organisation aggregator) into a new snapshot',
    (yy) => collectOptions(yy),
    (args) =>
      ctx.exit(
        (async () => {
          const env = process.env;
          const settings = toCollectSettings(args as unknown as CollectArgs, env, new Date(), await readCollectDefaults(args.config));
          return runCollect(settings, ctx.io, {
            progressWrite: (t) => process.stderr.write(t),
            progressMode: process.stderr.isTTY ? 'bar' : 'lines',
            columns: process.stderr.columns,
            env,
            now: () => new Date(),
            onInterrupt: (handler) => {
              process.on('SIGINT', handler);
              process.on('SIGTERM', handler);
              return () => {
                process.off('SIGINT', handler);
                process.off('SIGTERM', handler);
              };
            },
          });
        })(),
      ),
  );
}
