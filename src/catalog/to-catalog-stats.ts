/**
 * Catalog coverage figures: per framework, how many assessable requirements, how many each
 * responsibility model carries, how many have automated evidence, and how far the mapping reaches
 * the managed rules AWS's conformance-pack mappings give each requirement. Pure: the reference
 * mappings come in as text (src/tools/catalog-stats.ts reads them), the output is markdown.
 */
import { parse } from 'csv-parse/sync';
import type { Catalog, Framework, Requirement } from '../domain/catalog.js';
import { SrmapError } from '../domain/errors.js';
import { toRequirementEvidence } from '../domain/requirement-evidence.js';
import type { Responsibility } from '../domain/status.js';

/** One pair of a reference mapping: a requirement id and a managed-rule identifier. */
export interface ReferencePair {
  requirementId: string;
  rule: string;
}

export interface Recall {
  /** Pairs the requirement's deciding or supporting rules include. */
  reached: number;
  /** Of those, pairs whose rule decides the requirement. */
  deciding: number;
  total: number;
  /** Pairs neither deciding nor supporting, sorted. */
  missed: ReferencePair[];
}

export interface FrameworkStats {
  id: string;
  name: string;
  requirements: number;
  inherited: number;
  shared: number;
  customer: number;
  automated: number;
  manualOnly: number;
  /** Requirement-rule pairs where the rule tests the requirement. */
  decidingPairs: number;
  /** Requirement-rule pairs where the rule is related evidence only. */
  supportingPairs: number;
  /** The most rules deciding one requirement, and which. */
  mostDeciding: { rules: number; requirementId: string };
  /** Requirements decided by more than MAX_DECIDING_RULES rules. */
  overLimit: number;
  recall?: Recall;
}

/** No requirement should be decided by more rules than an assessor can read as one test. */
export const MAX_DECIDING_RULES = 25;

/** The managed rule of AWS Config's manual process checks: no evaluation, not a rule to reach. */
export const PROCESS_CHECK = 'AWS_CONFIG_PROCESS_CHECK';

/**
 * Pairs of a conformance-pack mapping CSV (columns control_id, source_identifier), with alias
 * spellings (164.308(a)(1) for 164.308(a)(1)(i)) resolved and process checks left out. Unique.
 */
export function parseReferenceMapping(csvText: string, aliases: ReadonlyMap<string, string> = new Map()): ReferencePair[] {
  const rows = parse(csvText, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string | undefined>[];
  const seen = new Set<string>();
  const pairs: ReferencePair[] = [];
  for (const row of rows) {
    const rule = row.source_identifier?.trim();
    const raw = row.control_id?.trim();
    if (!rule || !raw || rule === PROCESS_CHECK) continue;
    const requirementId = aliases.get(raw) ?? raw;
    const key = `${requirementId}\u0000${rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push({ requirementId, rule });
  }
  return pairs;
}

/** Rules that decide a requirement: the rules of its controls that test it. */
export function rulesOf(catalog: Catalog, requirement: Requirement): Set<string> {
  return new Set(toRequirementEvidence(catalog, requirement).rules.map((r) => r.id));
}

/** Rules shown beside a requirement as supporting evidence. */
export function supportingRulesOf(catalog: Catalog, requirement: Requirement): Set<string> {
  return new Set(toRequirementEvidence(catalog, requirement).supportingRules);
}

/** How many reference pairs the framework's mapping reaches, as deciding or supporting evidence. */
export function toRecall(catalog: Catalog, framework: Framework, pairs: readonly ReferencePair[]): Recall {
  const byId = new Map(framework.requirements.map((r) => [r.id, r]));
  const reach = new Map<string, { deciding: Set<string>; supporting: Set<string> }>();
  const missed: ReferencePair[] = [];
  let deciding = 0;
  for (const p of pairs) {
    const req = byId.get(p.requirementId);
    let rules = reach.get(p.requirementId);
    if (!rules) {
      rules = req ? { deciding: rulesOf(catalog, req), supporting: supportingRulesOf(catalog, req) } : { deciding: new Set(), supporting: new Set() };
      reach.set(p.requirementId, rules);
    }
    if (rules.deciding.has(p.rule)) deciding += 1;
    else if (!rules.supporting.has(p.rule)) missed.push(p);
  }
  missed.sort((a, b) => a.requirementId.localeCompare(b.requirementId) || a.rule.localeCompare(b.rule));
  return { reached: pairs.length - missed.length, deciding, total: pairs.length, missed };
}

/** A requirement's responsibility, from the evidence that decides it (see toRequirementEvidence). */
export function requirementResponsibility(catalog: Catalog, requirement: Requirement): Responsibility {
  return toRequirementEvidence(catalog, requirement).responsibility;
}

export function toFrameworkStats(catalog: Catalog, framework: Framework, recall?: Recall): FrameworkStats {
  const assessable = framework.requirements.filter((r) => r.assessable);
  const count = (model: Responsibility): number => assessable.filter((r) => requirementResponsibility(catalog, r) === model).length;
  let automated = 0;
  let decidingPairs = 0;
  let supportingPairs = 0;
  let overLimit = 0;
  let mostDeciding = { rules: 0, requirementId: '' };
  for (const r of assessable) {
    const ev = toRequirementEvidence(catalog, r);
    if (ev.rules.length > 0) automated += 1;
    decidingPairs += ev.rules.length;
    supportingPairs += ev.supportingRules.length;
    if (ev.rules.length > MAX_DECIDING_RULES) overLimit += 1;
    if (ev.rules.length > mostDeciding.rules) mostDeciding = { rules: ev.rules.length, requirementId: r.id };
  }
  return {
    id: framework.id,
    name: framework.name,
    requirements: assessable.length,
    inherited: count('inherited'),
    shared: count('shared'),
    customer: count('customer'),
    automated,
    manualOnly: assessable.length - automated,
    decidingPairs,
    supportingPairs,
    mostDeciding,
    overLimit,
    ...(recall ? { recall } : {}),
  };
}

function percent(n: number, of: number): string {
  return of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`;
}

/**
 * The markdown the README carries between the catalog-stats markers. `recall` holds the frameworks
 * a reference mapping exists for; `referenceAvailable` false says why no recall is shown.
 */
export function toCatalogStatsMarkdown(catalog: Catalog, recall: ReadonlyMap<string, Recall>, referenceAvailable: boolean): string {
  const stats = catalog.frameworks.map((f) => toFrameworkStats(catalog, f, recall.get(f.id)));
  const lines: string[] = [];
  lines.push(
    `Generated by \`npm run catalog-stats -- --write-readme\` from \`frameworks/\`: ${String(catalog.controls.size)} common controls, ` +
      `${String(catalog.managedRules.size)} known AWS Config managed rules.`,
  );
  for (const s of stats) {
    const recallCell = s.recall
      ? `${String(s.recall.reached)} of ${String(s.recall.total)} (${percent(s.recall.reached, s.recall.total)}); ${String(s.recall.deciding)} deciding`
      : referenceAvailable
        ? 'no AWS mapping published'
        : 'reference not available';
    const most = s.mostDeciding.rules > 0 ? `${String(s.mostDeciding.rules)} (${s.mostDeciding.requirementId})` : '0';
    lines.push(
      '',
      `**${s.name}** (\`${s.id}\`)`,
      '',
      '| assessable requirements | inherited | shared | customer | with deciding rules | decided by manual evidence and attestations only | deciding rule pairs | supporting rule pairs | most rules deciding one requirement | AWS conformance-pack pairs reached (deciding or supporting) |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      `| ${String(s.requirements)} | ${String(s.inherited)} | ${String(s.shared)} | ${String(s.customer)} | ${String(s.automated)} (${percent(s.automated, s.requirements)}) | ${String(s.manualOnly)} | ${String(s.decidingPairs)} | ${String(s.supportingPairs)} | ${most} | ${recallCell} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export const README_START = '<!-- catalog-stats:start -->';
export const README_END = '<!-- catalog-stats:end -->';

/** The README with the block between the markers replaced; throws if the markers are missing. */
export function replaceReadmeBlock(readme: string, block: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end === -1 || end < start) {
    throw new SrmapError('README_MARKERS_MISSING', `README.md has no ${README_START} ... ${README_END} block.`, {
      hint: `Add both markers, in that order, where the catalog coverage tables belong.`,
    });
  }
  return `${readme.slice(0, start + README_START.length)}\n${block}${readme.slice(end)}`;
}

/** The block currently between the markers, or undefined. */
export function readmeBlock(readme: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return readme.slice(start + README_START.length + 1, end);
}
