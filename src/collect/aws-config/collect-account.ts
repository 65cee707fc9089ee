/**
 * One account, one region, through that account's own AWS Config APIs: recorder status, conformance
 * packs and their per-rule compliance, deployed rules with Source.SourceIdentifier and their own
 * compliance, every evaluation result of every rule (paged to the end), completeness per compliance
 * type against AWS's own counts, discovered resource counts, and resource tags.
 * Records go to the sink page by page; what fails becomes a gap and the rest is still collected.
 *
 * Compliance types (API reference, GetComplianceDetailsByConfigRule): which types come back when
 * `ComplianceTypes` is omitted is not promised, so every type the filter accepts is asked for:
 * COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE. INSUFFICIENT_DATA "cannot be used as a ComplianceType for
 * filtering results", and an EvaluationResult never carries it ("Config does not support the
 * INSUFFICIENT_DATA value for the EvaluationResult data type"): it is a rule's state, learned from
 * DescribeComplianceByConfigRule (asked for COMPLIANT, NON_COMPLIANT and INSUFFICIENT_DATA, the values
 * its filter allows per the AWS CLI reference) and recorded on the rule.
 */
import {
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  GetComplianceDetailsByConfigRuleCommand,
  GetDiscoveredResourceCountsCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import type { ConfigServiceClient, ConfigRule } from '@aws-sdk/client-config-service';
import type { ConfigRuleRecord, ConformancePackRecord, Gap, RecorderState } from '../../domain/snapshot.js';
import { pushAll } from '../../domain/arrays.js';
import type { ComplianceType } from '../../domain/status.js';
import { isRegionNotEnabled } from '../aws-errors.js';
import type { EvidenceSink } from '../collect-sink.js';
import type { CollectProgress } from '../collect-progress.js';
import type { RetrySettings } from '../collect-retry.js';
import { forEachLimit } from '../collect-pool.js';
import { OperationError, call, paginate } from '../collect-paging.js';
import { checkCompleteness, emptyByType, toShortfallGaps } from './check-completeness.js';
import type { AwsRuleCompliance, CollectedByType, Shortfall } from './check-completeness.js';
import { RESOURCE_TAGS_QUERY, TAGS_PAGE, toResourceTagsRecord, unreadableTagsGap } from './collect-resource-tags.js';
import { isComplianceType, toConfigRuleRecord, toEvaluationRecord, toGap, toRecorderFinding, unreadableResultsGap } from './to-config-records.js';

export interface RegionJob {
  client: ConfigServiceClient;
  account: string;
  region: string;
  sink: EvidenceSink;
  progress: CollectProgress;
  retry: RetrySettings;
  /** Rules whose results are fetched in parallel within the region. */
  ruleConcurrency: number;
}

export interface RegionOutcome {
  gaps: Gap[];
  counts: Record<string, number>;
  recorder: RecorderState;
}

/** DescribeComplianceByConfigRule takes at most 25 rule names. */
const NAMES_PER_CALL = 25;
/** GetComplianceDetailsByConfigRule: every type its filter accepts. */
export const RESULT_TYPES: readonly ComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];
/** DescribeComplianceByConfigRule: every type a rule's compliance can be. */
export const RULE_TYPES: readonly ComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA'];
/** GetComplianceDetailsByConfigRule: the documented maximum page (the default is 10). */
const RESULTS_PAGE = 100;

export async function collectAccountRegion(job: RegionJob): Promise<RegionOutcome> {
  const { client, account, region, sink, progress, retry } = job;
  const byType: CollectedByType = emptyByType();
  const counts: Record<string, number> = { rules: 0, evaluations: 0, resources: 0, conformancePacks: 0, resourceTags: 0, rulesInsufficientData: 0, rulesUnchecked: 0 };
  const gaps: Gap[] = [];
  const where = { account, region };
  const gap = (err: unknown, what: string) => {
    const e = err instanceof OperationError ? err : new OperationError('Unknown', err);
    gaps.push(toGap(e.error, { ...where, operation: e.operation, what }));
  };
  const finish = (recorder: RecorderState): RegionOutcome => ({ gaps, counts: { ...counts, ...byType }, recorder });

  // 1. Recorder. Off, absent or failing: a recorder gap for the region; rules and results are still
  // collected (periodic rules run without a recorder), but the region can never count as fully evidenced.
  let recorder: RecorderState = 'unknown';
  try {
    const out = await call('DescribeConfigurationRecorderStatus', retry, () => client.send(new DescribeConfigurationRecorderStatusCommand({})));
    const finding = toRecorderFinding(out.ConfigurationRecordersStatus ?? [], where);
    recorder = finding.state;
    if (finding.gap) gaps.push(finding.gap);
  } catch (err) {
    gap(err, 'the recorder status');
    // A region that does not accept the credentials will refuse everything else too.
    if (err instanceof OperationError && isRegionNotEnabled(err.error)) return finish(recorder);
  }

  // 2. Conformance packs and their per-rule compliance; remembers which pack deployed which rule.
  const packOf = new Map<string, string>();
  try {
    const names: string[] = [];
    await paginate(
      'DescribeConformancePacks',
      retry,
      async (token) => {
        const out = await client.send(new DescribeConformancePacksCommand({ NextToken: token }));
        return { items: out.ConformancePackDetails, next: out.NextToken };
      },
      (items) => {
        for (const p of items) if (p.ConformancePackName) names.push(p.ConformancePackName);
      },
    );
    for (const name of names) {
      const rules: ConformancePackRecord['rules'] = [];
      await paginate(
        'DescribeConformancePackCompliance',
        retry,
        async (token) => {
          const out = await client.send(new DescribeConformancePackComplianceCommand({ ConformancePackName: name, Limit: 1000, NextToken: token }));
          return { items: out.ConformancePackRuleComplianceList, next: out.NextToken };
        },
        (items) => {
          for (const r of items) {
            if (!r.ConfigRuleName) continue;
            packOf.set(r.ConfigRuleName, name);
            rules.push({ ruleName: r.ConfigRuleName, compliance: isComplianceType(r.ComplianceType) ? r.ComplianceType : 'INSUFFICIENT_DATA' });
          }
        },
      );
      await sink.write('conformancePacks', { account, region, name, rules });
      counts.conformancePacks = (counts.conformancePacks ?? 0) + 1;
    }
  } catch (err) {
    gap(err, 'conformance packs');
  }

  // 3. Rules (written in step 6, with their own compliance).
  const rules: ConfigRuleRecord[] = [];
  try {
    await paginate(
      'DescribeConfigRules',
      retry,
      async (token) => {
        const out = await client.send(new DescribeConfigRulesCommand({ NextToken: token }));
        return { items: out.ConfigRules, next: out.NextToken };
      },
      (items: readonly ConfigRule[]) => {
        for (const r of items) {
          const record = toConfigRuleRecord(r, where, r.ConfigRuleName ? packOf.get(r.ConfigRuleName) : undefined);
          if (record) rules.push(record);
        }
      },
    );
  } catch (err) {
    gap(err, 'the deployed rules (and so their results)');
  }
  progress.add('rules', rules.length);

  // 4. Every result of every rule, every compliance type asked for by name.
  const collected = new Map<string, CollectedByType>();
  let ruleFailures = 0;
  let firstFailure: Gap | undefined;
  let unreadable = 0;
  await forEachLimit(rules, job.ruleConcurrency, async (rule) => {
    const mine = emptyByType();
    try {
      await paginate(
        'GetComplianceDetailsByConfigRule',
        retry,
        async (token) => {
          const out = await client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule.ruleName, ComplianceTypes: [...RESULT_TYPES], Limit: RESULTS_PAGE, NextToken: token }));
          return { items: out.EvaluationResults, next: out.NextToken };
        },
        async (items) => {
          let n = 0;
          for (const result of items) {
            const record = toEvaluationRecord(result, rule);
            // A result without its resource, time or a result's compliance type is not evidence: counted, a gap.
            if (!record || record.complianceType === 'INSUFFICIENT_DATA') {
              unreadable++;
              continue;
            }
            mine[record.complianceType]++;
            await sink.write('evaluations', record);
            n++;
          }
          progress.add('results', n);
        },
      );
      collected.set(rule.ruleName, mine);
    } catch (err) {
      // One gap per kind of failure, not one per rule: the first names the rule, the count follows.
      if (ruleFailures++ === 0) {
        const e = err instanceof OperationError ? err : new OperationError('GetComplianceDetailsByConfigRule', err);
        firstFailure = toGap(e.error, { ...where, operation: e.operation, what: `the results of rule ${rule.ruleName} (and any other rule that failed the same way)` });
        gaps.push(firstFailure);
      }
    } finally {
      // What reached the snapshot counts, whether or not the rule's paging finished.
      for (const t of RESULT_TYPES) byType[t as keyof CollectedByType] += mine[t as keyof CollectedByType];
    }
  });
  if (ruleFailures > 1 && firstFailure) firstFailure.message += ` ${ruleFailures} rules in all could not be read.`;
  if (unreadable > 0) gaps.push(unreadableResultsGap(where, unreadable));
  counts.evaluations = byType.COMPLIANT + byType.NON_COMPLIANT + byType.NOT_APPLICABLE;

  // 5. Each rule's own compliance (25 names per call), and completeness per compliance type against it.
  const awsCompliance = new Map<string, AwsRuleCompliance>();
  try {
    const names = rules.map((r) => r.ruleName);
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
      const batch = names.slice(i, i + NAMES_PER_CALL);
      await paginate(
        'DescribeComplianceByConfigRule',
        retry,
        async (token) => {
          const out = await client.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: batch, ComplianceTypes: [...RULE_TYPES], NextToken: token }));
          return { items: out.ComplianceByConfigRules, next: out.NextToken };
        },
        (items) => {
          for (const c of items) {
            const type = c.Compliance?.ComplianceType;
            if (!c.ConfigRuleName || !isComplianceType(type)) continue;
            const n = c.Compliance?.ComplianceContributorCount;
            awsCompliance.set(c.ConfigRuleName, {
              compliance: type,
              ...(n?.CappedCount !== undefined ? { nonCompliant: { count: n.CappedCount, capExceeded: n.CapExceeded === true } } : {}),
            });
          }
        },
      );
    }
  } catch (err) {
    gap(err, 'each rule\'s own compliance (the completeness check)');
  }
  const shortfalls = new Map<string, Shortfall[]>();
  for (const rule of rules) {
    const aws = awsCompliance.get(rule.ruleName);
    const got = collected.get(rule.ruleName);
    if (!aws) {
      counts.rulesUnchecked = (counts.rulesUnchecked ?? 0) + 1;
      continue;
    }
    if (aws.compliance === 'INSUFFICIENT_DATA') counts.rulesInsufficientData = (counts.rulesInsufficientData ?? 0) + 1;
    // A rule whose results could not be read is already a gap; checking it would say it twice.
    const short = got ? checkCompleteness(got, aws) : [];
    if (short.length > 0) shortfalls.set(rule.ruleName, short);
  }
  pushAll(gaps, toShortfallGaps(where, shortfalls));

  // 6. The rules, each with its own compliance where AWS gave it.
  for (const rule of rules) {
    const compliance = awsCompliance.get(rule.ruleName)?.compliance;
    await sink.write('configRules', compliance ? { ...rule, compliance } : rule);
    counts.rules = (counts.rules ?? 0) + 1;
  }

  // 7. Resource counts by type, for scoping.
  try {
    await paginate(
      'GetDiscoveredResourceCounts',
      retry,
      async (token) => {
        const out = await client.send(new GetDiscoveredResourceCountsCommand({ limit: 100, nextToken: token }));
        return { items: out.resourceCounts, next: out.nextToken };
      },
      async (items) => {
        for (const c of items) {
          if (!c.resourceType || c.count === undefined) continue;
          await sink.write('resourceCounts', { account, region, resourceType: c.resourceType, count: c.count });
          counts.resources = (counts.resources ?? 0) + c.count;
        }
      },
    );
  } catch (err) {
    gap(err, 'the discovered resource counts');
  }

  // 8. Every recorded resource with its tags, for scope by tag.
  try {
    let unreadable = 0;
    await paginate(
      'SelectResourceConfig',
      retry,
      async (token) => {
        const out = await client.send(new SelectResourceConfigCommand({ Expression: RESOURCE_TAGS_QUERY, Limit: TAGS_PAGE, NextToken: token }));
        return { items: out.Results, next: out.NextToken };
      },
      async (items) => {
        for (const result of items) {
          const record = toResourceTagsRecord(result, where);
          if (!record) {
            unreadable++;
            continue;
          }
          await sink.write('resourceTags', record);
          counts.resourceTags = (counts.resourceTags ?? 0) + 1;
        }
      },
    );
    if (unreadable > 0) gaps.push(unreadableTagsGap(where, unreadable));
  } catch (err) {
    gap(err, 'the resource tags (scope by tag)');
  }

  return finish(recorder);
}
