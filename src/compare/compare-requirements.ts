/** Requirement status before and after, per framework: regressed, improved, changed, unchanged, not comparable. Pure. */
import type { FrameworkResult, RequirementResult } from '../domain/result.js';
import { STATUS_VOCABULARY, type Status } from '../domain/status.js';
import type { ChangeKind, RequirementChange, ScopeChange } from '../domain/changes.js';

export function classifyChange(before: Status, after: Status): ChangeKind {
  if (before === after) return 'unchanged';
  // How good each is for the organisation (the vocabulary's quality); not-applicable is a question of scope, not quality.
  const a = STATUS_VOCABULARY[before].quality;
  const b = STATUS_VOCABULARY[after].quality;
  if (a === null || b === null || a === b) return 'changed';
  return b > a ? 'improved' : 'regressed';
}

/** Which sources a requirement's evidence comes from, read off its controls' results. */
function sourcesOf(result: FrameworkResult, req: RequirementResult): Set<string> {
  const sources = new Set<string>();
  for (const id of req.controls) {
    const c = result.controls.get(id);
    if (!c) continue;
    if (c.automated.length > 0) sources.add('aws-config');
    if (c.attestations.length > 0) sources.add('aws-artifact');
    if (c.manual.length > 0) sources.add('manual');
  }
  return sources;
}

/**
 * @param scope changes that cannot be factored out by comparing over the common scope (a whole
 * source collected in one snapshot only): every requirement whose evidence they touch is not comparable.
 */
export function compareRequirements(before: FrameworkResult, after: FrameworkResult, scope: readonly ScopeChange[]): RequirementChange[] {
  const old = new Map(before.requirements.filter((r) => r.assessable).map((r) => [r.requirementId, r]));
  const changes: RequirementChange[] = [];
  const framework = after.framework.id;
  for (const req of after.requirements) {
    if (!req.assessable) continue;
    const prev = old.get(req.requirementId);
    old.delete(req.requirementId);
    if (!prev) {
      changes.push({ framework, requirementId: req.requirementId, title: req.title, before: '', after: req.status, change: 'added', reason: 'New in the catalog since the earlier snapshot.' });
      continue;
    }
    const touched = scope.filter((s) => sourcesOf(after, req).has(s.source) || sourcesOf(before, prev).has(s.source));
    let change = classifyChange(prev.status, req.status);
    let reason = change === 'unchanged' ? '' : req.reasons[0] ?? '';
    if (touched.length > 0) {
      change = 'not-comparable';
      reason = `Its evidence was not collected in both snapshots: ${touched.map((s) => s.detail).join(' ')}`;
    }
    changes.push({ framework, requirementId: req.requirementId, title: req.title, before: prev.status, after: req.status, change, reason });
  }
  for (const prev of old.values()) {
    changes.push({ framework, requirementId: prev.requirementId, title: prev.title, before: prev.status, after: '', change: 'removed', reason: 'No longer in the catalog.' });
  }
  return changes;
}
