/**
 * What was collected in one snapshot and not (or only as a gap) in the other. A change of scope is
 * never passed off as an improvement: it is listed first, and what it touches is not comparable.
 */
import type { EvidenceSource, SnapshotManifest } from '../domain/snapshot.js';
import type { Coverage, ScopeChange } from '../domain/changes.js';

function coverageOf(m: SnapshotManifest): Map<string, { source: EvidenceSource; account: string; region: string; coverage: Coverage; detail: string }> {
  const out = new Map<string, { source: EvidenceSource; account: string; region: string; coverage: Coverage; detail: string }>();
  const key = (source: string, account = '', region = '') => `${source}|${account}|${region}`;
  for (const s of m.sources) {
    out.set(key(s.source, s.account, s.region), { source: s.source, account: s.account ?? '', region: s.region ?? '', coverage: s.status, detail: '' });
  }
  for (const g of m.gaps) {
    const k = key(g.source, g.account, g.region);
    const prev = out.get(k);
    out.set(k, { source: g.source, account: g.account ?? '', region: g.region ?? '', coverage: 'gap', detail: [prev?.detail, `${g.code}: ${g.message}`].filter(Boolean).join('; ') });
  }
  return out;
}

export function compareScope(before: SnapshotManifest, after: SnapshotManifest): ScopeChange[] {
  const a = coverageOf(before);
  const b = coverageOf(after);
  const changes: ScopeChange[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    const base = (x ?? y) as NonNullable<typeof x>;
    const beforeCov = x?.coverage ?? 'absent';
    const afterCov = y?.coverage ?? 'absent';
    if (beforeCov === afterCov) continue;
    const where = [base.account, base.region].filter(Boolean).join(' ') || 'organisation';
    const detail =
      afterCov === 'absent' ? `${base.source} ${where} was ${beforeCov === 'gap' ? 'a collection gap' : 'collected'} before and is missing now.`
      : afterCov === 'gap' ? `${base.source} ${where} is a collection gap now (${y?.detail || 'no detail'}).`
      : beforeCov === 'absent' ? `${base.source} ${where} is new in scope: nothing to compare it with.`
      : `${base.source} ${where} was a collection gap before (${x?.detail || 'no detail'}) and is collected now.`;
    changes.push({ source: base.source, account: base.account, region: base.region, before: beforeCov, after: afterCov, detail });
  }
  return changes.sort((p, q) => p.source.localeCompare(q.source) || p.account.localeCompare(q.account) || p.region.localeCompare(q.region));
}

/** Account/region pairs whose AWS Config evidence was collected in both snapshots: the common scope. */
export function commonConfigScope(before: SnapshotManifest, after: SnapshotManifest): Set<string> {
  const collected = (m: SnapshotManifest) => {
    const gaps = new Set(m.gaps.filter((g) => g.source === 'aws-config').map((g) => `${g.account ?? ''}|${g.region ?? ''}`));
    return new Set(
      m.sources
        .filter((s) => s.source === 'aws-config' && s.status === 'collected')
        .map((s) => `${s.account ?? ''}|${s.region ?? ''}`)
        .filter((k) => !gaps.has(k)),
    );
  };
  const b = collected(after);
  return new Set([...collected(before)].filter((k) => b.has(k)));
}

/**
 * Whether a result's `account|region` is one of `pairs` (a common scope), remembering the last
 * location asked about: results stream grouped by location, so most calls compare two short strings
 * instead of building a key and looking it up (about half a second per million results).
 */
export function locationTest(pairs: ReadonlySet<string>): (r: { account: string; region: string }) => boolean {
  let account: string | undefined;
  let region: string | undefined;
  let held = false;
  return (r) => {
    if (r.account !== account || r.region !== region) {
      account = r.account;
      region = r.region;
      held = pairs.has(`${account}|${region}`);
    }
    return held;
  };
}

/**
 * The scope changes that comparing over the common scope cannot absorb: a source collected (or
 * collected at all) in only one of the two snapshots.
 */
export function sourceLevelChanges(before: SnapshotManifest, after: SnapshotManifest, changes: readonly ScopeChange[]): ScopeChange[] {
  const out = changes.filter((c) => c.source !== 'aws-config');
  if (commonConfigScope(before, after).size === 0) {
    const had = (m: SnapshotManifest) => m.sources.some((s) => s.source === 'aws-config' && s.status === 'collected');
    if (had(before) || had(after)) {
      out.push({ source: 'aws-config', account: '', region: '', before: had(before) ? 'collected' : 'absent', after: had(after) ? 'collected' : 'absent', detail: 'No account and region has AWS Config evidence in both snapshots.' });
    }
  }
  return out;
}

/** The manifest as seen through a common scope: AWS Config sources and gaps outside it are dropped. */
export function restrictManifest(m: SnapshotManifest, scope: ReadonlySet<string>): SnapshotManifest {
  const pairs = [...scope].map((k) => k.split('|'));
  return {
    ...m,
    scope: {
      accounts: m.scope.accounts.filter((a) => pairs.some(([acct]) => acct === a.id)),
      regions: m.scope.regions.filter((r) => pairs.some(([, region]) => region === r)),
    },
    sources: m.sources.filter((s) => s.source !== 'aws-config' || scope.has(`${s.account ?? ''}|${s.region ?? ''}`)),
    gaps: m.gaps.filter((g) => g.source !== 'aws-config'),
  };
}
