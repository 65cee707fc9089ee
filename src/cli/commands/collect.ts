/**
 * srmap collect: parse the options (toCollectSettings: the one place defaults are layered under the
 * flags), run the collect pipeline stage (src/pipeline/collect-snapshot.ts), print its summary; the
 * last line on stdout is the snapshot path.
 *
 * Exit codes: 0 complete; 3 written but not complete (gaps, or limits of the route that leave
 * evidence uncollected: see the manifest and the summary); 2 bad input or usage (no credentials,
 * unknown aggregator, bad region, an --out that exists or cannot be written); 1 internal error;
 * 129/130/143 interrupted by SIGHUP/SIGINT/SIGTERM (nothing written).
 */
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { loadCatalog } from '../../catalog/load-catalog.js';
import { configCatalogDirs, loadCatalogFor } from '../catalog-options.js';
import { pushAll } from '../../domain/arrays.js';
import { SrmapError } from '../../domain/errors.js';
import { COMPLIANCE_TYPES } from '../../domain/status.js';
import { toRetrySettings } from '../../collect/collect-retry.js';
import { formatArtifactSummary, toArtifactSettings } from '../../collect/aws-artifact/artifact-source.js';
import type { ArtifactArgs } from '../../collect/aws-artifact/artifact-source.js';
import { collectSnapshot, INTERRUPT_SIGNALS } from '../../pipeline/collect-snapshot.js';
import type { CollectOutcome, CollectSettings, InterruptSignal } from '../../pipeline/collect-snapshot.js';
import { catalogOption, type CommandContext } from '../command-context.js';
import { readCollectDefaults } from '../working-folder-options.js';
import { resolveSigningKey, signingKeyOption } from '../signing-key-option.js';
import { FRAMEWORKS_DIR, TOOL_VERSION } from '../paths.js';

/** Written, but not complete: see the manifest's gaps and limits. */
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
  catalog?: string[];
  config?: string;
  'signing-key'?: string;
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

const fmt = (n: number) => n.toLocaleString('en-US');

/** The summary printed on stdout after a collect (the snapshot path follows it). */
export function formatSummary(o: CollectOutcome): string[] {
  const m = o.manifest;
  const lines: string[] = [];
  if (o.plan) {
    const results = o.tally.records.evaluations ?? 0;
    const rules = o.manifest.sources.reduce((n, s) => n + (s.counts?.rulesInsufficientData ?? 0), 0);
    lines.push(
      `collected ${m.id}: AWS Config, ${o.plan.mode === 'aggregator' ? `aggregator ${o.plan.aggregator ?? ''}` : `account ${o.plan.callerAccount}`}`,
      `  accounts ${fmt(m.scope.accounts.length)}, regions ${fmt(m.scope.regions.length)} (${m.scope.regions.join(', ') || 'none'}), account/region pairs ${fmt(m.sources.filter((s) => s.source === 'aws-config').length)}`,
      `  rules ${fmt(o.tally.records.configRules ?? 0)} (${fmt(rules)} with INSUFFICIENT_DATA), conformance packs ${fmt(o.tally.records.conformancePacks ?? 0)}, resource types counted ${fmt(o.tally.records.resourceCounts ?? 0)}, resources with their tags ${fmt(o.tally.records.resourceTags ?? 0)}`,
      `  results ${fmt(results)}: ${COMPLIANCE_TYPES.filter((t) => t !== 'INSUFFICIENT_DATA').map((t) => `${t} ${fmt(o.tally.byCompliance[t] ?? 0)}`).join(', ')}`,
    );
    const per1000 = results > 0 ? (o.calls.total * 1000) / results : 0;
    lines.push(`  API calls ${fmt(o.calls.total)} (${per1000.toFixed(1)} per 1,000 results; ${fmt(o.calls.throttled)} throttled, ${fmt(o.calls.failed)} failed, all retried or recorded as gaps; ${(o.calls.retryWaitMs / 1000).toFixed(1)} s of retry waits summed over calls)`);
  } else {
    lines.push(`collected ${m.id}: AWS Artifact only`);
  }
  const limits = m.limits ?? [];
  if (limits.length > 0) {
    lines.push(`  limits of the route ${fmt(limits.length)}:`);
    for (const l of limits) lines.push(`    ${l.code} (${l.effect}${l.complianceTypes ? `: ${l.complianceTypes.join(', ')}` : ''}): ${l.message}`);
  }
  lines.push(`  gaps ${fmt(m.gaps.length)}${m.gaps.length > 0 ? ':' : ''}`);
  for (const g of m.gaps.slice(0, 20)) lines.push(`    ${[g.account, g.region].filter(Boolean).join(' ') || (g.source === 'aws-artifact' ? 'AWS Artifact' : 'organisation')} ${g.code}${g.complianceType ? ` ${g.complianceType}` : ''}${g.action ? ` (needs ${g.action})` : ''}`);
  if (m.gaps.length > 20) lines.push(`    ... and ${m.gaps.length - 20} more in manifest.json`);
  if (o.artifact) pushAll(lines, formatArtifactSummary(o.artifact.summary, o.artifact.settings, m));
  lines.push(`  elapsed ${(o.elapsedMs / 1000).toFixed(1)} s, peak memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, ${o.complete ? 'complete' : 'NOT complete: see gaps and limits'}`);
  return lines;
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
    .option('config', { type: 'string', describe: 'Working folder config (srmap.yaml): its organisation, regions, paths.snapshots and catalog overlays, under these flags', defaultDescription: './srmap.yaml when present' })
    .option('catalog', catalogOption)
    .option('artifact', { type: 'boolean', describe: 'Also collect AWS Artifact: the report listing (name, series, version, period) and the customer agreements (BAA)' })
    .option('artifact-only', { type: 'boolean', describe: 'Collect AWS Artifact only (no AWS Config)' })
    .option('artifact-from', { type: 'string', describe: 'Import an AWS Artifact listing saved by hand (JSON as `aws artifact list-reports` / `list-customer-agreements` print it) instead of calling the Artifact API' })
    .option('signing-key', signingKeyOption)
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
          const defaults = await readCollectDefaults(args.config);
          const settings = toCollectSettings(args as unknown as CollectArgs, env, new Date(), defaults);
          // A bad signing key is exit 2 before any AWS call; none configured: the snapshot is not signed.
          const signing = await resolveSigningKey({ flag: args['signing-key'], env, config: defaults.signingKey }, [
            { dir: dirname(settings.out), what: 'the folder snapshots are written to' },
          ]);
          if (signing) settings.signingKey = signing.key;
          // A user's catalog (srmap.yaml catalog:, --catalog) is checked before any AWS call, so a
          // broken overlay is exit 2 at once; the shipped catalog alone still loads only when needed.
          const catalogArgs = { ...(args.catalog ? { catalog: args.catalog } : {}), ...(args.config ? { config: args.config } : {}) };
          const userCatalog = (args.catalog?.length ?? 0) > 0 || (await configCatalogDirs(args.config)).length > 0 ? (await loadCatalogFor(catalogArgs)).catalog : undefined;
          const outcome = await collectSnapshot(settings, {
            progressWrite: (t) => process.stderr.write(t),
            progressMode: process.stderr.isTTY ? 'bar' : 'lines',
            columns: process.stderr.columns,
            env,
            now: () => new Date(),
            loadCatalog: () => (userCatalog ? Promise.resolve(userCatalog) : loadCatalog(FRAMEWORKS_DIR)),
            toolVersion: TOOL_VERSION,
            onInterrupt: (handler) => {
              const signals = Object.keys(INTERRUPT_SIGNALS) as InterruptSignal[];
              const on = signals.map((sig) => [sig, () => handler(sig)] as const);
              for (const [sig, fn] of on) process.on(sig, fn);
              return () => {
                for (const [sig, fn] of on) process.off(sig, fn);
              };
            },
            exit: (code) => process.exit(code),
          });
          if (!settings.quiet) for (const line of formatSummary(outcome)) ctx.io.out(line);
          if (!settings.quiet) ctx.io.err(signing ? `manifest.json signed by key ${signing.keyId} (${signing.from})` : 'manifest.json not signed: no signing key configured (--signing-key, SRMAP_SIGNING_KEY or paths.signingKey in srmap.yaml)');
          ctx.io.out(outcome.dir);
          return outcome.complete ? 0 : EXIT_GAPS;
        })(),
      ),
  );
}
