/** Columns and rows of the change CSVs (`srmap diff`, and a pack built with --previous). Pure. */
import type { EvidenceChange, RequirementChange, ResourceChange, RuleChange, ScopeChange } from '../../domain/changes.js';
import type { Row } from './to-csv-tables.js';

export const SCOPE_CHANGE_COLUMNS = ['source', 'account', 'region', 'before', 'after', 'detail'] as const;
export const REQUIREMENT_CHANGE_COLUMNS = ['framework', 'requirement_id', 'title', 'before', 'after', 'change', 'reason'] as const;
export const RESOURCE_CHANGE_COLUMNS = ['change', 'account', 'region', 'rule_identifier', 'rule_name', 'resource_type', 'resource_id', 'before', 'after', 'annotation'] as const;
export const RULE_CHANGE_COLUMNS = ['change', 'rule_identifier', 'source_owner', 'where'] as const;
export const EVIDENCE_CHANGE_COLUMNS = ['type', 'subject', 'change', 'before', 'after', 'detail'] as const;

export const toScopeChangeRow = (c: ScopeChange): Row => [c.source, c.account, c.region, c.before, c.after, c.detail];
export const toRequirementChangeRow = (c: RequirementChange): Row => [c.framework, c.requirementId, c.title, c.before, c.after, c.change, c.reason];
export const toResourceChangeRow = (c: ResourceChange): Row => [c.change, c.account, c.region, c.ruleIdentifier, c.ruleName, c.resourceType, c.resourceId, c.before, c.after, c.annotation];
export const toRuleChangeRow = (c: RuleChange): Row => [c.change, c.ruleIdentifier, c.sourceOwner, c.where.join(';')];
export const toEvidenceChangeRow = (c: EvidenceChange): Row => [c.type, c.subject, c.change, c.before, c.after, c.detail];
