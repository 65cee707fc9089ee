/**
 * AWS Config as a source of a snapshot, in two steps so the caller can open the snapshot with its
 * scope known: planAwsConfig() finds who we are (STS GetCallerIdentity) and what to collect (regions,
 * or an aggregator's accounts and regions); collectAwsConfig() writes records, SourceStatus and gaps
 * into the sink. Nothing here prints: progress goes through the CollectProgress it is given.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SrmapError } from '../../domain/errors.js';
import type { AccountRef, Gap, RecorderState } from '../../domain/snapshot.js';
import type { EvidenceSink } from '../collect-sink.js';
import type { CollectProgress } from '../collect-progress.js';
import type { RetrySettings } from '../collect-retry.js';
import type { CallCounts } from '../collect-calls.js';
import { forEachLimit } from '../collect-pool.js';
import { AwsClients, resolveDefaultRegion } from './config-clients.js';
import { collectAccountRegion } from './collect-account.js';
import { collectAggregator, planAggregator } from './collect-aggregator.js';
import type { AggregatorPlan } from './collect-aggregator.js';
import { errorCode } from '../aws-errors.js';
import { call, OperationError } from '../collect-paging.js';
import { ACCOUNT_LIMITS, AGGREGATOR_LIMITS } from './route-limits.js';
import { toGap } from './to-config-records.js';

/** Commercial-partition regions, for --all-regions. A region not enabled for the account answers with an auth error and is recorded as a gap. */
export const ALL_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1',
] as const;

export interface AwsConfigOptions {
  profile?: string;
  endpointUrl?: string;
  /** Explicit regions (first one is the home region: STS, and the aggregator's region). */
  regions?: string[];
  allRegions?: boolean;
  aggregator?: string;
  retry: RetrySettings;
  /** Account/region pairs collected at once. */
  regionConcurrency: number;
  /** Rules of one pair read at once. */
  ruleConcurrency: number;
  /** Managed-rule name -> identifier (frameworks/aws-config-managed-rules.json), for aggregator mode. */
  managedRules: ReadonlyMap<string, string>;
  calls: CallCounts;
  /** Per-request deadline (default REQUEST_TIMEOUT_MS of config-clients.ts). */
  requestTimeoutMs?: number;
}

export interface AwsConfigPlan {
  mode: 'account' | 'aggregator';
  /** The account the credentials belong to. */
  callerAccount: string;
  callerArn: string;
  homeRegion: string;
  accounts: AccountRef[];
  regions: string[];
  aggregator?: AggregatorPlan;
  clients: AwsClients;
  options: AwsConfigOptions;
}

export interface AwsConfigOutcome {
  pairs: number;
  pairsWithGaps: number;
  gaps: number;
}

const REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

function credentialsError(err: unknown, profile: string | undefined): SrmapError {
  const e = err instanceof OperationError ? err.error : err;
  const code = errorCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (code === 'CredentialsProviderError' || /credential/i.test(msg)) {
    return new SrmapError('AWS_CREDENTIALS', `No usable AWS credentials${profile ? ` for profile "${profile}"` : ''}: ${msg}`, {
      hint: 'Sign in (aws sso login --profile P), pass --profile, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); srmap uses the standard AWS credential chain.',
      cause: err,
    });
  }
  return new SrmapError('AWS_IDENTITY_FAILED', `sts:GetCallerIdentity failed (${code}): ${msg}`, {
    hint: 'Check the network, the region, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS and --endpoint-url, and that the credentials are valid.',
    cause: err,
  });
}

export async function planAwsConfig(options: AwsConfigOptions): Promise<AwsConfigPlan> {
  for (const r of options.regions ?? []) {
    if (!REGION_RE.test(r)) {
      throw new SrmapError('USAGE', `"${r}" is not an AWS region`, { hint: 'Write regions like us-east-1,eu-west-1.' });
    }
  }
  let regions = options.regions && options.regions.length > 0 ? [...new Set(options.regions)] : undefined;
  const fallback = await resolveDefaultRegion(options.profile);
  if (!regions && options.allRegions) regions = [...ALL_REGIONS];
  const homeRegion = (options.allRegions || !options.regions?.length ? fallback : options.regions[0]) ?? regions?.[0];
  if (!homeRegion) {
    throw new SrmapError('USAGE', 'No region to collect from.', {
      hint: 'Pass --regions us-east-1,eu-west-1 (or --all-regions), or set AWS_REGION or a region in your AWS profile.',
    });
  }
  regions ??= [homeRegion];
  const clients = new AwsClients({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    calls: options.calls,
  });
  try {
    const id = await call('GetCallerIdentity', options.retry, () => clients.stsClient(homeRegion).send(new GetCallerIdentityCommand({}))).catch((err: unknown) => {
      throw credentialsError(err, options.profile);
    });
    const callerAccount = id.Account ?? '';
    if (!/^\d{12}$/.test(callerAccount)) {
      throw new SrmapError('AWS_IDENTITY_FAILED', `sts:GetCallerIdentity returned no account id`, { hint: 'Check --endpoint-url / AWS_ENDPOINT_URL_STS.', kind: 'input' });
    }
    const base = { callerAccount, callerArn: id.Arn ?? '', homeRegion, clients, options };
    if (options.aggregator) {
      const filter = options.regions?.length ? new Set(regions) : undefined;
      const aggregator = await planAggregator(clients.configService(homeRegion), options.aggregator, options.retry, filter);
      const accounts = [...new Set(aggregator.pairs.map((p) => p.account))].sort().map((a) => ({ id: a }));
      const aggRegions = [...new Set(aggregator.pairs.map((p) => p.region))].sort();
      return { ...base, mode: 'aggregator', accounts, regions: aggRegions, aggregator };
    }
    return { ...base, mode: 'account', accounts: [{ id: callerAccount }], regions };
  } catch (err) {
    clients.destroy();
    throw err;
  }
}

export async function collectAwsConfig(sink: EvidenceSink, plan: AwsConfigPlan, progress: CollectProgress): Promise<AwsConfigOutcome> {
  const { options, clients } = plan;
  const outcome: AwsConfigOutcome = { pairs: 0, pairsWithGaps: 0, gaps: 0 };
  // Tags are collected for every pair: the file is listed even when no resource has any.
  sink.include('resourceTags');
  for (const limit of plan.mode === 'aggregator' ? AGGREGATOR_LIMITS : ACCOUNT_LIMITS) sink.addLimit(limit);
  const addGap = (g: Gap) => {
    sink.addGap(g);
    outcome.gaps++;
    progress.add('gaps');
    progress.note(`gap: ${[g.account, g.region].filter(Boolean).join(' ')} ${g.code}${g.action ? ` (needs ${g.action})` : ''}: ${g.message}`);
  };
  const finishPair = (account: string, region: string, gaps: Gap[], counts: Record<string, number>, recorder: RecorderState) => {
    for (const g of gaps) addGap(g);
    sink.addSource({ source: 'aws-config', account, region, status: gaps.length > 0 ? 'gap' : 'collected', counts, recorder });
    outcome.pairs++;
    if (gaps.length > 0) outcome.pairsWithGaps++;
    progress.add('regionsDone');
    progress.note(`${gaps.length > 0 ? 'gap' : 'ok '} ${account} ${region}: ${counts.rules ?? 0} rules, ${(counts.evaluations ?? 0).toLocaleString('en-US')} results, ${counts.resources ?? 0} resources, ${counts.conformancePacks ?? 0} conformance packs`);
  };

  try {
    if (plan.mode === 'aggregator' && plan.aggregator) {
      const agg = plan.aggregator;
      progress.add('accounts', plan.accounts.length);
      progress.add('regions', agg.pairs.length);
      // Source gaps found while planning belong to their pair (or to every pair of their region).
      const pending = new Map<string, Gap[]>();
      for (const g of agg.gaps) {
        for (const p of agg.pairs) {
          if (p.region === g.region && (g.account === undefined || g.account === p.account)) {
            const k = `${p.account}|${p.region}`;
            pending.set(k, [...(pending.get(k) ?? []), g]);
          }
        }
        if (!agg.pairs.some((p) => p.region === g.region && (g.account === undefined || g.account === p.account))) addGap(g);
      }
      const perAccountLeft = new Map<string, number>();
      for (const p of agg.pairs) perAccountLeft.set(p.account, (perAccountLeft.get(p.account) ?? 0) + 1);
      const orgGaps = await collectAggregator({
        client: clients.configService(plan.homeRegion),
        plan: agg,
        sink,
        progress,
        retry: options.retry,
        managedRules: options.managedRules,
        pairConcurrency: options.regionConcurrency,
        ruleConcurrency: options.ruleConcurrency,
        onPair: (pair, o) => {
          const known = pending.get(`${pair.account}|${pair.region}`) ?? [];
          // A region-wide source gap is recorded once per pair it covers, with the pair named.
          finishPair(pair.account, pair.region, [...known.map((g) => ({ ...g, account: pair.account })), ...o.gaps], o.counts, 'unknown');
          const left = (perAccountLeft.get(pair.account) ?? 1) - 1;
          perAccountLeft.set(pair.account, left);
          if (left === 0) progress.add('accountsDone');
        },
      });
      for (const g of orgGaps) addGap(g);
      return outcome;
    }

    progress.add('accounts', 1);
    progress.add('regions', plan.regions.length);
    await forEachLimit(plan.regions, options.regionConcurrency, async (region) => {
      let result;
      try {
        result = await collectAccountRegion({
          client: clients.configService(region),
          account: plan.callerAccount,
          region,
          sink,
          progress,
          retry: options.retry,
          ruleConcurrency: options.ruleConcurrency,
        });
      } catch (err) {
        // Anything not already turned into a gap (a bug, a write failure) stops the run.
        if (err instanceof OperationError) {
          result = { gaps: [toGap(err.error, { account: plan.callerAccount, region, operation: err.operation, what: 'the region' })], counts: {}, recorder: 'unknown' as const };
        } else throw err;
      }
      finishPair(plan.callerAccount, region, result.gaps, result.counts, result.recorder);
    });
    progress.add('accountsDone');
    return outcome;
  } finally {
    clients.destroy();
  }
}
