/**
 * A whole organisation through one AWS Config aggregator, with the aggregate APIs: no role to assume
 * per account, one credential, and pages of up to 1,000 (rule lists) or 100 (results) items.
 *
 * Plan (before the snapshot is opened): the aggregator exists; its sources' status (a FAILED or
 * OUTDATED source is a gap); every (rule, account, region) the aggregator knows, which also gives the
 * account/region pairs in scope.
 * Collect: per pair, every rule's results (GetAggregateComplianceDetailsByConfigRule, paged to the end),
 * resource counts by type, resource tags; conformance packs once for the organisation.
 *
 * Compliance types (API reference): GetAggregateComplianceDetailsByConfigRule takes ONE ComplianceType
 * and "supports only the COMPLIANT and NON_COMPLIANT", so both are asked for by name, one after the
 * other; NOT_APPLICABLE results cannot be had through an aggregator, and a rule whose compliance is
 * INSUFFICIENT_DATA may not be listed (ConfigRuleComplianceFilters supports only COMPLIANT and
 * NON_COMPLIANT). The aggregate APIs do not show a member's configuration recorder. All three are
 * stated limits of the route (route-limits.ts), written into the manifest.
 *
 * The aggregate APIs do not return a rule's Source, so the managed-rule identifier is read from the
 * deployed name against the known managed rules (frameworks/aws-config-managed-rules.json); a name
 * that is not a managed rule is kept as a custom rule (CUSTOM_LAMBDA, identifier = its name).
 */
import {
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeAggregateComplianceByConformancePacksCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  DescribeConfigurationAggregatorsCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  GetAggregateDiscoveredResourceCountsCommand,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { SrmapError } from '../../domain/errors.js';
import type { ConfigRuleRecord, Gap } from '../../domain/snapshot.js';
import type { EvidenceSink } from '../collect-sink.js';
import type { CollectProgress } from '../collect-progress.js';
import type { RetrySettings } from '../collect-retry.js';
import { forEachLimit } from '../collect-pool.js';
import { pushAll } from '../../domain/arrays.js';
import type { ComplianceType } from '../../domain/status.js';
import { errorCode, isAccessDenied } from '../aws-errors.js';
import { OperationError, call, paginate } from '../collect-paging.js';
import { checkCompleteness, emptyByType, toShortfallGaps } from './check-completeness.js';
import type { AwsRuleCompliance, CollectedByType, Shortfall } from './check-completeness.js';
import { TAGS_PAGE, toAggregateTagsQuery, toResourceTagsRecord, unreadableTagsGap } from './collect-resource-tags.js';
import { isComplianceType, toEvaluationRecord, toGap, toManagedIdentifierFromName, unreadableResultsGap } from './to-config-records.js';

export interface AggregatorPair {
  account: string;
  region: string;
  /** Deployed rules the aggregator reports for the pair, with each rule's own compliance there. */
  rules: { name: string; aws?: AwsRuleCompliance }[];
}

/** The only types GetAggregateComplianceDetailsByConfigRule can return, each asked for by name. */
export const AGGREGATE_RESULT_TYPES: readonly ComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT'];
/** GetAggregateComplianceDetailsByConfigRule: the documented maximum page (the default is 50). */
const RESULTS_PAGE = 100;

export interface AggregatorPlan {
  name: string;
  pairs: AggregatorPair[];
  /** Gaps known before collecting: failed or outdated sources. */
  gaps: Gap[];
}

const pairKey = (account: string, region: string) => `${account}|${region}`;

function planError(err: unknown, name: string, operation: string): SrmapError {
  const e = err instanceof OperationError ? err.error : err;
  const code = errorCode(e);
  if (code === 'NoSuchConfigurationAggregatorException') {
    return new SrmapError('AGGREGATOR_NOT_FOUND', `No AWS Config aggregator named "${name}" in this account and region.`, {
      hint: 'List them with `aws configservice describe-configuration-aggregators`; the aggregator lives in one region: pass it first in --regions or set AWS_REGION.',
      cause: err,
    });
  }
  if (isAccessDenied(e)) {
    return new SrmapError('AWS_ACCESS_DENIED', `AccessDenied on config:${operation} for aggregator "${name}".`, {
      hint: `Grant config:${operation} (src/collect/aws-config/iam-policy.json lists every action srmap needs).`,
      cause: err,
    });
  }
  return new SrmapError('AWS_CONFIG_FAILED', `config:${operation} failed for aggregator "${name}": ${code}: ${e instanceof Error ? e.message : String(e)}`, {
    hint: 'Check the region (the aggregator lives in one), the network, and the credentials; then run collect again.',
    kind: 'input',
    cause: err,
  });
}

/** Discover the aggregator's scope. Throws SrmapError when the aggregator cannot be used at all. */
export async function planAggregator(client: ConfigServiceClient, name: string, retry: RetrySettings, regionFilter: ReadonlySet<string> | undefined): Promise<AggregatorPlan> {
  let op = 'DescribeConfigurationAggregators';
  try {
    await call(op, retry, () => client.send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: [name] })));
    const gaps: Gap[] = [];
    const pairs = new Map<string, AggregatorPair>();
    const inRegion = (r: string) => regionFilter === undefined || regionFilter.has(r);
    const pairOf = (account: string, region: string) => {
      const k = pairKey(account, region);
      let p = pairs.get(k);
      if (!p) pairs.set(k, (p = { account, region, rules: [] }));
      return p;
    };
    op = 'DescribeConfigurationAggregatorSourcesStatus';
    await paginate(
      op,
      retry,
      async (token) => {
        const out = await client.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: name, Limit: 100, NextToken: token }));
        return { items: out.AggregatedSourceStatusList, next: out.NextToken };
      },
      (items) => {
        for (const s of items) {
          if (!s.AwsRegion || !inRegion(s.AwsRegion)) continue;
          const account = s.SourceType === 'ACCOUNT' && s.SourceId && /^\d{12}$/.test(s.SourceId) ? s.SourceId : undefined;
          if (account) pairOf(account, s.AwsRegion);
          if (s.LastUpdateStatus === 'FAILED' || s.LastUpdateStatus === 'OUTDATED') {
            gaps.push({
              source: 'aws-config',
              ...(account ? { account } : {}),
              region: s.AwsRegion,
              code: s.LastErrorCode || (s.LastUpdateStatus === 'FAILED' ? 'AggregatorSourceFailed' : 'AggregatorSourceOutdated'),
              message: `Aggregator ${name}: source ${s.SourceId ?? '?'} (${s.SourceType ?? '?'}) in ${s.AwsRegion} is ${s.LastUpdateStatus}${s.LastErrorMessage ? `: ${s.LastErrorMessage}` : ''}; its data may be missing or stale.`,
            });
          }
        }
      },
    );
    op = 'DescribeAggregateComplianceByConfigRules';
    await paginate(
      op,
      retry,
      async (token) => {
        const out = await client.send(new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: name, Limit: 1000, NextToken: token }));
        return { items: out.AggregateComplianceByConfigRules, next: out.NextToken };
      },
      (items) => {
        for (const r of items) {
          if (!r.ConfigRuleName || !r.AccountId || !r.AwsRegion || !inRegion(r.AwsRegion)) continue;
          const type = r.Compliance?.ComplianceType;
          const n = r.Compliance?.ComplianceContributorCount;
          const aws: AwsRuleCompliance | undefined = isComplianceType(type)
            ? { compliance: type, ...(n?.CappedCount !== undefined ? { nonCompliant: { count: n.CappedCount, capExceeded: n.CapExceeded === true } } : {}) }
            : undefined;
          pairOf(r.AccountId, r.AwsRegion).rules.push({ name: r.ConfigRuleName, ...(aws ? { aws } : {}) });
        }
      },
    );
    const sorted = [...pairs.values()].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
    return { name, pairs: sorted, gaps };
  } catch (err) {
    throw planError(err, name, op);
  }
}

export interface AggregatorJob {
  client: ConfigServiceClient;
  plan: AggregatorPlan;
  sink: EvidenceSink;
  progress: CollectProgress;
  retry: RetrySettings;
  managedRules: ReadonlyMap<string, string>;
  /** Account/region pairs collected at once. */
  pairConcurrency: number;
  /** Rules of one pair fetched at once. */
  ruleConcurrency: number;
  /** Called when a pair is finished, with its gaps and counts. */
  onPair: (pair: AggregatorPair, outcome: { gaps: Gap[]; counts: Record<string, number> }) => void;
}

export function toAggregateRuleRecord(ruleName: string, account: string, region: string, managedRules: ReadonlyMap<string, string>): ConfigRuleRecord {
  const id = toManagedIdentifierFromName(ruleName, managedRules);
  return id
    ? { account, region, ruleName, sourceOwner: 'AWS', sourceIdentifier: id }
    : { account, region, ruleName, sourceOwner: 'CUSTOM_LAMBDA', sourceIdentifier: ruleName };
}

export async function collectAggregator(job: AggregatorJob): Promise<Gap[]> {
  const { client, plan, sink, progress, retry } = job;
  const name = plan.name;
  const orgGaps: Gap[] = [];
  const packsPerPair = new Map<string, number>();

  // Conformance packs, once for the organisation. The aggregate API gives each pack's compliance but
  // not its rules, so the records list no rules.
  try {
    await paginate(
      'DescribeAggregateComplianceByConformancePacks',
      retry,
      async (token) => {
        const out = await client.send(new DescribeAggregateComplianceByConformancePacksCommand({ ConfigurationAggregatorName: name, Limit: 100, NextToken: token }));
        return { items: out.AggregateComplianceByConformancePacks, next: out.NextToken };
      },
      async (items) => {
        const inScope = new Set(plan.pairs.map((p) => pairKey(p.account, p.region)));
        for (const p of items) {
          if (!p.ConformancePackName || !p.AccountId || !p.AwsRegion || !inScope.has(pairKey(p.AccountId, p.AwsRegion))) continue;
          await sink.write('conformancePacks', { account: p.AccountId, region: p.AwsRegion, name: p.ConformancePackName, rules: [] });
          const k = pairKey(p.AccountId, p.AwsRegion);
          packsPerPair.set(k, (packsPerPair.get(k) ?? 0) + 1);
        }
      },
    );
  } catch (err) {
    const e = err instanceof OperationError ? err : new OperationError('DescribeAggregateComplianceByConformancePacks', err);
    orgGaps.push(toGap(e.error, { operation: e.operation, what: 'conformance packs of the organisation' }));
  }

  await forEachLimit(plan.pairs, job.pairConcurrency, async (pair) => {
    const { account, region } = pair;
    const where = { account, region };
    const gaps: Gap[] = [];
    const byType = emptyByType();
    const counts: Record<string, number> = { rules: 0, evaluations: 0, resources: 0, conformancePacks: packsPerPair.get(pairKey(account, region)) ?? 0, resourceTags: 0, rulesInsufficientData: 0, rulesUnchecked: 0 };
    let ruleFailures = 0;
    let firstFailure: Gap | undefined;
    let unreadable = 0;
    const shortfalls = new Map<string, Shortfall[]>();
    const rules = pair.rules.map((r) => ({ record: toAggregateRuleRecord(r.name, account, region, job.managedRules), aws: r.aws }));
    for (const { record, aws } of rules) {
      await sink.write('configRules', aws ? { ...record, compliance: aws.compliance } : record);
      counts.rules = (counts.rules ?? 0) + 1;
      if (aws?.compliance === 'INSUFFICIENT_DATA') counts.rulesInsufficientData = (counts.rulesInsufficientData ?? 0) + 1;
      if (!aws) counts.rulesUnchecked = (counts.rulesUnchecked ?? 0) + 1;
    }
    progress.add('rules', rules.length);
    await forEachLimit(rules, job.ruleConcurrency, async ({ record: rule, aws }) => {
      const mine = emptyByType();
      try {
        for (const type of AGGREGATE_RESULT_TYPES) {
          await paginate(
            'GetAggregateComplianceDetailsByConfigRule',
            retry,
            async (token) => {
              const out = await client.send(
                new GetAggregateComplianceDetailsByConfigRuleCommand({
                  ConfigurationAggregatorName: name,
                  ConfigRuleName: rule.ruleName,
                  AccountId: account,
                  AwsRegion: region,
                  ComplianceType: type,
                  Limit: RESULTS_PAGE,
                  NextToken: token,
                }),
              );
              return { items: out.AggregateEvaluationResults, next: out.NextToken };
            },
            async (items) => {
              let n = 0;
              for (const result of items) {
                const record = toEvaluationRecord(result, rule);
                // Only the type asked for, with its resource and time: anything else is not what the call
                // promises, so it is not evidence; counted, a gap.
                if (!record || record.complianceType !== type) {
                  unreadable++;
                  continue;
                }
                mine[type as keyof CollectedByType]++;
                await sink.write('evaluations', record);
                n++;
              }
              progress.add('results', n);
            },
          );
        }
        if (aws) {
          const short = checkCompleteness(mine, aws);
          if (short.length > 0) shortfalls.set(rule.ruleName, short);
        }
      } catch (err) {
        if (ruleFailures++ === 0) {
          const e = err instanceof OperationError ? err : new OperationError('GetAggregateComplianceDetailsByConfigRule', err);
          firstFailure = toGap(e.error, { account, region, operation: e.operation, what: `the results of rule ${rule.ruleName} (and any other rule that failed the same way)` });
          gaps.push(firstFailure);
        }
      } finally {
        byType.COMPLIANT += mine.COMPLIANT;
        byType.NON_COMPLIANT += mine.NON_COMPLIANT;
      }
    });
    if (ruleFailures > 1 && firstFailure) firstFailure.message += ` ${ruleFailures} rules in all could not be read.`;
    if (unreadable > 0) gaps.push(unreadableResultsGap(where, unreadable));
    pushAll(gaps, toShortfallGaps(where, shortfalls));
    counts.evaluations = byType.COMPLIANT + byType.NON_COMPLIANT;

    try {
      await paginate(
        'GetAggregateDiscoveredResourceCounts',
        retry,
        async (token) => {
          const out = await client.send(
            new GetAggregateDiscoveredResourceCountsCommand({
              ConfigurationAggregatorName: name,
              Filters: { AccountId: account, Region: region },
              GroupByKey: 'RESOURCE_TYPE',
              Limit: 1000,
              NextToken: token,
            }),
          );
          return { items: out.GroupedResourceCounts, next: out.NextToken };
        },
        async (items) => {
          for (const g of items) {
            if (!g.GroupName || g.ResourceCount === undefined) continue;
            await sink.write('resourceCounts', { account, region, resourceType: g.GroupName, count: g.ResourceCount });
            counts.resources = (counts.resources ?? 0) + g.ResourceCount;
          }
        },
      );
    } catch (err) {
      const e = err instanceof OperationError ? err : new OperationError('GetAggregateDiscoveredResourceCounts', err);
      gaps.push(toGap(e.error, { account, region, operation: e.operation, what: 'the discovered resource counts' }));
    }

    // Every recorded resource of the pair with its tags, for scope by tag.
    try {
      let unreadable = 0;
      const expression = toAggregateTagsQuery(account, region);
      await paginate(
        'SelectAggregateResourceConfig',
        retry,
        async (token) => {
          const out = await client.send(new SelectAggregateResourceConfigCommand({ ConfigurationAggregatorName: name, Expression: expression, Limit: TAGS_PAGE, NextToken: token }));
          return { items: out.Results, next: out.NextToken };
        },
        async (items) => {
          for (const result of items) {
            const record = toResourceTagsRecord(result, { account, region });
            if (!record) {
              unreadable++;
              continue;
            }
            await sink.write('resourceTags', record);
            counts.resourceTags = (counts.resourceTags ?? 0) + 1;
          }
        },
      );
      if (unreadable > 0) gaps.push(unreadableTagsGap({ account, region }, unreadable));
    } catch (err) {
      const e = err instanceof OperationError ? err : new OperationError('SelectAggregateResourceConfig', err);
      gaps.push(toGap(e.error, { account, region, operation: e.operation, what: 'the resource tags (scope by tag)' }));
    }

    // The aggregator cannot show a member's recorder (a stated limit of the route: recorder 'unknown').
    // A source with neither rules nor recorded resources has given nothing: most often its recorder is
    // off or was never set up. Never read that as "nothing to check".
    if (counts.rules === 0 && counts.resources === 0 && gaps.length === 0) {
      gaps.push({
        source: 'aws-config',
        account,
        region,
        code: 'NoConfigData',
        message: `Aggregator ${name} holds no rules and no recorded resources for ${account} ${region}: the configuration recorder there is probably stopped, never set up, or not delivering to the aggregator. The account's administrator checks it; srmap only reads.`,
      });
    }
    job.onPair(pair, { gaps, counts: { ...counts, COMPLIANT: byType.COMPLIANT, NON_COMPLIANT: byType.NON_COMPLIANT } });
  });
  return orgGaps;
}
