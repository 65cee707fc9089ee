/** Config rules deployed in one snapshot and not the other, within the common scope. Pure. */
import type { ConfigRuleRecord } from '../domain/snapshot.js';
import type { RuleChange } from '../domain/changes.js';

export function compareRules(before: readonly ConfigRuleRecord[], after: readonly ConfigRuleRecord[], commonScope: ReadonlySet<string>): RuleChange[] {
  const deployed = (rules: readonly ConfigRuleRecord[]) => {
    const out = new Map<string, { owner: string; pairs: Set<string> }>();
    for (const r of rules) {
      const pair = `${r.account}|${r.region}`;
      if (!commonScope.has(pair)) continue;
      const e = out.get(r.sourceIdentifier) ?? { owner: r.sourceOwner, pairs: new Set<string>() };
      e.pairs.add(pair);
      out.set(r.sourceIdentifier, e);
    }
    return out;
  };
  const a = deployed(before);
  const b = deployed(after);
  const changes: RuleChange[] = [];
  const diff = (from: typeof a, to: typeof a, change: RuleChange['change']) => {
    for (const [id, e] of from) {
      const missing = [...e.pairs].filter((p) => !to.get(id)?.pairs.has(p)).sort();
      if (missing.length > 0) changes.push({ change, ruleIdentifier: id, sourceOwner: e.owner, where: missing.map((p) => p.replace('|', ' ')) });
    }
  };
  diff(b, a, 'added');
  diff(a, b, 'removed');
  return changes.sort((x, y) => x.change.localeCompare(y.change) || x.ruleIdentifier.localeCompare(y.ruleIdentifier));
}
