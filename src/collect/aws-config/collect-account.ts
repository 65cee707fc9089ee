/**
 * One account, one region, through that account's own AWS Config APIs: recorder status, conformance
 * packs and their per-rule compliance, deployed rules with Source.SourceIdentifier, every evaluation
 * result of every rule (paged to the end), a completeness check, and discovered resource counts.
 * Records go to the sink page by page; what fails becomes a gap and the rest is still collected.
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
import type { ConfigRuleRecord, ConformancePackRecord, Gap } from '../../domain/snapshot.js';
import type { EvidenceSink } from '../collect-sink.js';
import type { CollectProgress } from '../collect-progress.js';
import type { RetrySettings } from '../collect-retry.js';
import { forEachLimit } from '../collect-pool.js';
import { OperationError, call, paginate } from './paginate.js';
import { RESOURCE_TAGS_QUERY, TAGS_PAGE, toResourceTagsRecord, unreadableTagsGap } from './collect-resource-tags.js';
import { isComplianceType, isRegionNotEnabled, toConfigRuleRecord, toEvaluationRecord, toGap } from './to-config-records.js';

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
  counts: { rules: number; evaluations: number; resources: number; conformancePacks: number; resourceTags?: number };
}

/** DescribeComplianceByConfigRule takes at most 25 rule names. */
const NAMES_PER_CALL = 25;

export async function collectAccountRegion(job: RegionJob): Promise<RegionOutcome> {
  const { client, account, region, sink, progress, retry } = job;
  const counts = { rules: 0, evaluations: 0, resources: 0, conformancePacks: 0, resourceTags: 0 };
  const gaps: Gap[] = [];
  const where = { account, region };
  const gap = (err: unknown, what: string) => {
    const e = err instanceof OperationError ? err : new OperationError('Unknown', err);
    gaps.push(toGap(e.error, { ...where, operation: e.operation, what }));
  };

  // 1. Recorder. Off or failing: a gap for the region; rules and results are still collected (periodic
  // rules run without a recorder), but the region can never count as fully evidenced.
  try {
    const out = await call('DescribeConfigurationRecorderStatus', retry, () => client.send(new DescribeConfigurationRecorderStatusCommand({})));
    const statuses = out.ConfigurationRecordersStatus ?? [];
    const recording = statuses.filter((s) => s.recording === true);
    if (recording.length === 0) {
      gaps.push({
        source: 'aws-config',
        ...where,
        code: 'ConfigurationRecorderNotRecording',
        message:
          statuses.length === 0
            ? `No AWS Config configuration recorder in ${account} ${region}: resources there are not recorded, so results and resource counts are incomplete.`
            : `The AWS Config configuration recorder in ${account} ${region} is not recording: results and resource counts there are incomplete.`,
        action: 'config:StartConfigurationRecorder',
      });
    } else {
      const failing = recording.find((s) => String(s.lastStatus ?? '').toUpperCase() === 'FAILURE');
      if (failing) {
        gaps.push({
          source: 'aws-config',
          ...where,
          code: failing.lastErrorCode || 'ConfigurationRecorderFailing',
          message: `The AWS Config configuration recorder ${failing.name ?? ''} in ${account} ${region} is failing (${failing.lastErrorCode ?? 'no code'}: ${failing.lastErrorMessage ?? 'no message'}): recent changes may be missing.`,
        });
      }
    }
  } catch (err) {
    gap(err, 'the recorder status');
    // A region that does not accept the credentials will refuse everything else too.
    if (err instanceof OperationError && isRegionNotEnabled(err.error)) return { gaps, counts };
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
      counts.conformancePacks++;
    }
  } catch (err) {
    gap(err, 'conformance packs');
  }

  // 3. Rules.
  const rules: ConfigRuleRecord[] = [];
  try {
    await paginate(
      'DescribeConfigRules',
      retry,
      async (token) => {
        const out = await client.send(new DescribeConfigRulesCommand({ NextToken: token }));
        return { items: out.ConfigRules, next: out.NextToken };
      },
      async (items: readonly ConfigRule[]) => {
        for (const r of items) {
          const record = toConfigRuleRecord(r, where, r.ConfigRuleName ? packOf.get(r.ConfigRuleName) : undefined);
          if (!record) continue;
          rules.push(record);
          await sink.write('configRules', record);
          counts.rules++;
          progress.add('rules');
        }
      },
    );
  } catch (err) {
    gap(err, 'the deployed rules (and so their results)');
  }

  // 4. Every result of every rule. No ComplianceTypes filter: the filter cannot name INSUFFICIENT_DATA,
  // and without it every result comes back.
  const collectedNonCompliant = new Map<string, number>();
  const failedRules = new Set<string>();
  let ruleGaps = 0;
  await forEachLimit(rules, job.ruleConcurrency, async (rule) => {
    let nonCompliant = 0;
    try {
      await paginate(
        'GetComplianceDetailsByConfigRule',
        retry,
        async (token) => {
          const out = await client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule.ruleName, Limit: 100, NextToken: token }));
          return { items: out.EvaluationResults, next: out.NextToken };
        },
        async (items) => {
          let n = 0;
          for (const result of items) {
            const record = toEvaluationRecord(result, rule);
            if (!record) continue;
            if (record.complianceType === 'NON_COMPLIANT') nonCompliant++;
            await sink.write('evaluations', record);
            n++;
          }
          counts.evaluations += n;
          progress.add('results', n);
        },
      );
      collectedNonCompliant.set(rule.ruleName, nonCompliant);
    } catch (err) {
      failedRules.add(rule.ruleName);
      // One gap per kind of failure, not one per rule: the first names the rule, the count follows.
      if (ruleGaps++ === 0) gap(err, `the results of rule ${rule.ruleName} (and any other rule that failed the same way)`);
    }
  });
  if (ruleGaps > 1) {
    const first = gaps[gaps.length - 1];
    if (first) first.message += ` ${ruleGaps} rules in all could not be read.`;
  }

  // 5. Completeness: AWS's own count of NON_COMPLIANT resources per rule (25 names per call) must match
  // what was collected. A shortfall is a gap, never silently accepted.
  try {
    const names = rules.map((r) => r.ruleName).filter((n) => !failedRules.has(n));
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
      const batch = names.slice(i, i + NAMES_PER_CALL);
      await paginate(
        'DescribeComplianceByConfigRule',
        retry,
        async (token) => {
          const out = await client.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: batch, NextToken: token }));
          return { items: out.ComplianceByConfigRules, next: out.NextToken };
        },
        (items) => {
          for (const c of items) {
            const expected = c.Compliance?.ComplianceContributorCount;
            const name = c.ConfigRuleName;
            if (!name || !expected || expected.CapExceeded || expected.CappedCount === undefined) continue;
            const got = collectedNonCompliant.get(name) ?? 0;
            if (got < expected.CappedCount) {
              gaps.push({
                source: 'aws-config',
                ...where,
                code: 'ResultsIncomplete',
                message: `Rule ${name} in ${account} ${region}: AWS reports ${expected.CappedCount} NON_COMPLIANT resources, ${got} results were collected.`,
              });
            }
          }
        },
      );
    }
  } catch (err) {
    gap(err, 'the per-rule compliance summary (completeness check)');
  }

  // 6. Resource counts by type, for scoping.
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
          counts.resources += c.count;
        }
      },
    );
  } catch (err) {
    gap(err, 'the discovered resource counts');
  }

  // 7. Every recorded resource with its tags, for scope by tag.
  try {
    let malformed = 0;
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
            malformed++;
            continue;
          }
          await sink.write('resourceTags', record);
          counts.resourceTags++;
        }
      },
    );
    if (malformed > 0) gaps.push(unreadableTagsGap(where, malformed));
  } catch (err) {
    gap(err, 'the resource tags (scope by tag)');
  }

  return { gaps, counts };
}
