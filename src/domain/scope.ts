/**
 * A framework's scope (ARCHITECTURE "Scope"): which accounts, regions and tagged resources count
 * towards it (the cardholder-data environment, the ePHI environment). What is out of scope decides
 * nothing and is listed as such; what the scope names but the snapshot does not hold is a gap.
 * Pure.
 */
import type { Gap, SnapshotManifest } from './snapshot.js';

/**
 * Resource types that belong to the whole account rather than to a tagged workload: the account's
 * own settings, IAM, and the account-wide security services. In a tag-scoped framework they stay in
 * scope in every in-scope account (and, being global or regional singletons, in every region).
 */
export const DEFAULT_ACCOUNT_WIDE_TYPES: readonly string[] = [
  'AWS::::Account',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::CloudTrail::Trail',
  'AWS::Config::ConfigurationRecorder',
  'AWS::GuardDuty::Detector',
  'AWS::SecurityHub::Hub',
  'AWS::AccessAnalyzer::Analyzer',
];

/** What srmap.yaml declares for one framework (`scope:` keyed by framework id). */
export interface ScopeDeclaration {
  description?: string;
  accounts?: string[];
  regions?: string[];
  /** Resources carrying every one of these tags (key: value); account-wide types excepted. */
  tags?: Record<string, string>;
  accountWideTypes?: string[];
}

/** The scope one framework is evaluated over. */
export interface FrameworkScope {
  /** False when srmap.yaml declares none: every collected account and region counts. */
  declared: boolean;
  description?: string;
  /** Undefined: every collected account. */
  accounts?: readonly string[];
  /** Undefined: every collected region. */
  regions?: readonly string[];
  tags?: Readonly<Record<string, string>>;
  accountWideTypes: readonly string[];
}

export const WHOLE_SNAPSHOT: FrameworkScope = { declared: false, accountWideTypes: DEFAULT_ACCOUNT_WIDE_TYPES };

export function toFrameworkScope(declaration: ScopeDeclaration | undefined): FrameworkScope {
  if (!declaration) return WHOLE_SNAPSHOT;
  return {
    declared: true,
    ...(declaration.description ? { description: declaration.description } : {}),
    ...(declaration.accounts ? { accounts: [...declaration.accounts].sort() } : {}),
    ...(declaration.regions ? { regions: [...declaration.regions].sort() } : {}),
    ...(declaration.tags && Object.keys(declaration.tags).length > 0 ? { tags: declaration.tags } : {}),
    accountWideTypes: declaration.accountWideTypes ?? DEFAULT_ACCOUNT_WIDE_TYPES,
  };
}

/** A stable key: frameworks with the same scope share one fold of the evidence. */
export function scopeKey(scope: FrameworkScope): string {
  if (!scope.declared) return '*';
  const tags = scope.tags ? Object.entries(scope.tags).sort(([a], [b]) => a.localeCompare(b)) : [];
  return JSON.stringify([scope.accounts ?? null, scope.regions ?? null, tags, [...scope.accountWideTypes].sort()]);
}

/** A resource as the scope sees it; `tags` undefined when the snapshot holds no tags for it. */
export interface ScopedResource {
  account: string;
  region: string;
  resourceType: string;
  tags?: Readonly<Record<string, string>>;
}

export function isAccountWide(scope: FrameworkScope, resourceType: string): boolean {
  return scope.accountWideTypes.includes(resourceType);
}

/** Is an account/region pair (or an account alone, region undefined) inside the scope? */
export function inScopeLocation(scope: FrameworkScope, account: string | undefined, region: string | undefined): boolean {
  if (account !== undefined && scope.accounts && !scope.accounts.includes(account)) return false;
  if (region !== undefined && scope.regions && !scope.regions.includes(region)) return false;
  return true;
}

export function inScope(scope: FrameworkScope, r: ScopedResource): boolean {
  if (!scope.declared) return true;
  if (scope.accounts && !scope.accounts.includes(r.account)) return false;
  const wide = isAccountWide(scope, r.resourceType);
  if (!wide && scope.regions && !scope.regions.includes(r.region)) return false;
  if (!scope.tags || wide) return true;
  const tags = r.tags;
  if (!tags) return false;
  return Object.entries(scope.tags).every(([k, v]) => tags[k] === v);
}

/**
 * Gaps that count for a framework: the snapshot's gaps inside its scope, plus what the scope names
 * that the snapshot does not hold (an account or region never collected, tags never collected).
 * A gap outside the scope decides nothing.
 */
export function toScopeGaps(scope: FrameworkScope, manifest: SnapshotManifest, tagsCollected: boolean): { inScope: Gap[]; outOfScope: Gap[] } {
  const inside: Gap[] = [];
  const outside: Gap[] = [];
  for (const g of manifest.gaps) (inScopeLocation(scope, g.account, g.region) ? inside : outside).push(g);
  if (scope.declared) {
    const configSources = manifest.sources.filter((s) => s.source === 'aws-config');
    const collectedAccounts = new Set(configSources.map((s) => s.account).filter((a): a is string => a !== undefined));
    for (const account of scope.accounts ?? []) {
      if (!collectedAccounts.has(account) && !manifest.gaps.some((g) => g.source === 'aws-config' && g.account === account)) {
        inside.push({ source: 'aws-config', account, code: 'ScopeNotCollected', message: `account ${account} is in the declared scope but the snapshot holds no AWS Config evidence from it` });
      }
    }
    const collectedRegions = new Set([...manifest.scope.regions, ...configSources.map((s) => s.region).filter((r): r is string => r !== undefined)]);
    for (const region of scope.regions ?? []) {
      if (!collectedRegions.has(region)) {
        inside.push({ source: 'aws-config', region, code: 'ScopeNotCollected', message: `region ${region} is in the declared scope but the snapshot holds no AWS Config evidence from it` });
      }
    }
    if (scope.tags && !tagsCollected) {
      inside.push({ source: 'aws-config', code: 'TagsNotCollected', message: `the scope selects resources by tag (${Object.entries(scope.tags).map(([k, v]) => `${k}=${v}`).join(', ')}) but the snapshot holds no resource tags, so no tagged resource can be counted in scope` });
    }
  }
  return { inScope: inside, outOfScope: outside };
}
