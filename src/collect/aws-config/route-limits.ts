/**
 * What each AWS Config route cannot give, per the AWS Config API Reference, stated in every snapshot
 * collected by it (manifest.limits) so a pack can show it instead of implying completeness.
 */
import type { CollectionLimit } from '../../domain/snapshot.js';

/** Both routes: no API counts COMPLIANT or NOT_APPLICABLE results. */
const NO_COUNT = (route: CollectionLimit['route']): CollectionLimit[] => [
  {
    source: 'aws-config',
    route,
    code: 'NoCountOfNotApplicable',
    effect: 'not-checked',
    complianceTypes: ['NOT_APPLICABLE'],
    message:
      'AWS Config gives no count of NOT_APPLICABLE results (a rule\'s own compliance is never NOT_APPLICABLE): they were paged to the end, but their number could not be checked against AWS.',
  },
  {
    source: 'aws-config',
    route,
    code: 'NoCountOfCompliant',
    effect: 'not-checked',
    complianceTypes: ['COMPLIANT'],
    message:
      'AWS Config gives no count of COMPLIANT results: they were paged to the end and checked only against each rule\'s own compliance (a COMPLIANT rule has at least one); NON_COMPLIANT results were checked against AWS\'s count per rule.',
  },
];

/** One account's own APIs (GetComplianceDetailsByConfigRule asked for every type it can filter on). */
export const ACCOUNT_LIMITS: readonly CollectionLimit[] = NO_COUNT('account');

/** The aggregate APIs. */
export const AGGREGATOR_LIMITS: readonly CollectionLimit[] = [
  {
    source: 'aws-config',
    route: 'aggregator',
    code: 'AggregateComplianceTypes',
    effect: 'not-collected',
    complianceTypes: ['NOT_APPLICABLE'],
    message:
      'Through an aggregator, GetAggregateComplianceDetailsByConfigRule returns COMPLIANT and NON_COMPLIANT results only (API reference): NOT_APPLICABLE results were not collected. Collect each account with its own credentials (without --aggregator) to have them.',
  },
  {
    source: 'aws-config',
    route: 'aggregator',
    code: 'AggregateInsufficientDataRules',
    effect: 'not-collected',
    complianceTypes: ['INSUFFICIENT_DATA'],
    message:
      'Through an aggregator, rule compliance can be filtered on COMPLIANT and NON_COMPLIANT only (ConfigRuleComplianceFilters): a rule with no results (INSUFFICIENT_DATA) may be missing from the aggregate rule list, and then from this snapshot.',
  },
  {
    source: 'aws-config',
    route: 'aggregator',
    code: 'AggregateRecorderState',
    effect: 'unknown',
    message:
      'The aggregate APIs do not show a member account\'s configuration recorder: a recorder that is stopped in a member region is not seen (its last recorded data is still aggregated). Only a region with no rules and no recorded resources is recorded as the gap NoConfigData. Collect each account with its own credentials to check every recorder.',
  },
  {
    source: 'aws-config',
    route: 'aggregator',
    code: 'NoCountOfCompliant',
    effect: 'not-checked',
    complianceTypes: ['COMPLIANT'],
    message:
      'AWS Config gives no count of COMPLIANT results: they were paged to the end and checked only against each rule\'s own compliance (a COMPLIANT rule has at least one); NON_COMPLIANT results were checked against AWS\'s count per rule, account and region.',
  },
];
