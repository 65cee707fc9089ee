/**
 * Evidence references: a stable id (`EV-0042`) for each piece of evidence a pack cites, so an
 * auditor can tick it off. A piece is one managed rule's results in one account/region (a custom
 * rule by its deployed name), one manual evidence record, or one AWS Artifact report or agreement.
 *
 * Numbered once per evaluation, from the snapshot and the working folder alone: the register's
 * records first (by evidence id), then the Artifact reports (by id and version) and agreements (by
 * id), then the deployed rules (managed rules by identifier, account, region; custom rules after
 * them by name). The numbers do not depend on which frameworks are reported, so EV-0042 is the same
 * piece in every framework's pack of one run, and a rule's pieces are consecutive. Pure.
 */
import type { ArtifactAgreementRecord, ArtifactReportRecord, ConfigRuleRecord, ManualEvidenceRecord } from './snapshot.js';
import type { ComplianceType } from './status.js';

export const EVIDENCE_REF_KINDS = ['manual-evidence', 'aws-attestation', 'config-rule-results'] as const;
export type EvidenceRefKind = (typeof EVIDENCE_REF_KINDS)[number];

export interface EvidenceRefEntry {
  ref: string;
  kind: EvidenceRefKind;
  /** config-rule-results: the pair and the rule (managed-rule identifier, or a custom rule's deployed name). */
  account?: string;
  region?: string;
  /** Managed-rule identifier; for a custom rule its Source.SourceIdentifier as recorded. */
  ruleIdentifier?: string;
  /** Deployed rule names in that pair (sorted). */
  ruleNames?: string[];
  custom?: boolean;
  /** Results with no deployed-rule record in the snapshot (numbered after everything else, as they were met). */
  orphan?: boolean;
  /** manual-evidence: the register row. */
  manual?: ManualEvidenceRecord;
  /** aws-attestation: the report or agreement cited. */
  report?: ArtifactReportRecord;
  agreement?: ArtifactAgreementRecord;
}

export interface EvidenceRefs {
  /** Every piece, in reference order. */
  entries: EvidenceRefEntry[];
  /** `account|region|deployed rule name` -> ref. */
  byDeployment: Map<string, string>;
  /** Managed-rule identifier -> its pieces' refs, in order (one per account/region where it is deployed). */
  byRule: Map<string, string[]>;
  /** `record id|kind` -> ref. */
  byManual: Map<string, string>;
  /** `report id|version` -> ref. */
  byReport: Map<string, string>;
  /** Agreement id -> ref. */
  byAgreement: Map<string, string>;
  /** Ref -> index into entries. */
  index: Map<string, number>;
  /** Digits after `EV-`. */
  width: number;
}

export interface EvidenceRefSources {
  configRules: readonly ConfigRuleRecord[];
  manualEvidence: readonly ManualEvidenceRecord[];
  artifactReports: readonly ArtifactReportRecord[];
  artifactAgreements: readonly ArtifactAgreementRecord[];
}

export function deploymentKey(account: string, region: string, ruleName: string): string {
  return `${account}|${region}|${ruleName}`;
}

export function manualKey(record: Pick<ManualEvidenceRecord, 'id' | 'kind'>): string {
  return `${record.id}|${record.kind}`;
}

export function reportKey(report: Pick<ArtifactReportRecord, 'id' | 'version'>): string {
  return `${report.id}|${report.version}`;
}

export function formatRef(n: number, width: number): string {
  return `EV-${String(n).padStart(width, '0')}`;
}

/** Orders refs by their number (EV-9999 before EV-10000). */
export function compareRefs(a: string, b: string): number {
  return Number(a.slice(3)) - Number(b.slice(3));
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface RulePiece {
  sortKey: [number, string, string, string];
  entry: Omit<EvidenceRefEntry, 'ref'>;
  names: Set<string>;
}

export function toEvidenceRefs(sources: EvidenceRefSources): EvidenceRefs {
  const manual = new Map<string, ManualEvidenceRecord>();
  for (const r of sources.manualEvidence) if (!manual.has(manualKey(r))) manual.set(manualKey(r), r);
  const reports = new Map<string, ArtifactReportRecord>();
  for (const r of sources.artifactReports) if (!reports.has(reportKey(r))) reports.set(reportKey(r), r);
  const agreements = new Map<string, ArtifactAgreementRecord>();
  for (const a of sources.artifactAgreements) if (!agreements.has(a.id)) agreements.set(a.id, a);

  // One piece per managed rule and pair (its deployed names merged), one per custom rule's name and pair.
  const pieces = new Map<string, RulePiece>();
  const deploymentPiece = new Map<string, string>();
  for (const r of sources.configRules) {
    const custom = r.sourceOwner !== 'AWS';
    const key = custom ? `custom|${r.account}|${r.region}|${r.ruleName}` : `aws|${r.account}|${r.region}|${r.sourceIdentifier}`;
    let piece = pieces.get(key);
    if (!piece) {
      piece = {
        sortKey: [custom ? 1 : 0, custom ? r.ruleName : r.sourceIdentifier, r.account, r.region],
        entry: { kind: 'config-rule-results', account: r.account, region: r.region, ruleIdentifier: r.sourceIdentifier, ...(custom ? { custom: true } : {}) },
        names: new Set(),
      };
      pieces.set(key, piece);
    }
    piece.names.add(r.ruleName);
    deploymentPiece.set(deploymentKey(r.account, r.region, r.ruleName), key);
  }

  const ordered: { key: string; entry: Omit<EvidenceRefEntry, 'ref'> }[] = [];
  for (const [key, record] of [...manual].sort(([a], [b]) => byText(a, b))) ordered.push({ key: `manual|${key}`, entry: { kind: 'manual-evidence', manual: record } });
  for (const [key, report] of [...reports].sort(([, a], [, b]) => byText(a.id, b.id) || a.version - b.version)) ordered.push({ key: `report|${key}`, entry: { kind: 'aws-attestation', report } });
  for (const [key, agreement] of [...agreements].sort(([a], [b]) => byText(a, b))) ordered.push({ key: `agreement|${key}`, entry: { kind: 'aws-attestation', agreement } });
  const rulePieces = [...pieces].sort(([, a], [, b]) => a.sortKey[0] - b.sortKey[0] || byText(a.sortKey[1], b.sortKey[1]) || byText(a.sortKey[2], b.sortKey[2]) || byText(a.sortKey[3], b.sortKey[3]));
  for (const [key, piece] of rulePieces) ordered.push({ key, entry: { ...piece.entry, ruleNames: [...piece.names].sort(byText) } });

  const width = Math.max(4, String(ordered.length).length);
  const refs: EvidenceRefs = { entries: [], byDeployment: new Map(), byRule: new Map(), byManual: new Map(), byReport: new Map(), byAgreement: new Map(), index: new Map(), width };
  const refOfKey = new Map<string, string>();
  for (const { key, entry } of ordered) {
    const ref = formatRef(refs.entries.length + 1, width);
    refOfKey.set(key, ref);
    refs.index.set(ref, refs.entries.length);
    refs.entries.push({ ref, ...entry });
    if (entry.manual) refs.byManual.set(manualKey(entry.manual), ref);
    if (entry.report) refs.byReport.set(reportKey(entry.report), ref);
    if (entry.agreement) refs.byAgreement.set(entry.agreement.id, ref);
    if (entry.kind === 'config-rule-results' && !entry.custom && entry.ruleIdentifier !== undefined) {
      const list = refs.byRule.get(entry.ruleIdentifier) ?? [];
      list.push(ref);
      refs.byRule.set(entry.ruleIdentifier, list);
    }
  }
  for (const [deployment, key] of deploymentPiece) refs.byDeployment.set(deployment, refOfKey.get(key) as string);
  return refs;
}

/**
 * What a writer of evaluation results needs to cite each result's piece (plain data, so it can go to
 * a worker thread): every deployed rule's piece, the next free number and the width.
 */
export interface RuleRefPlan {
  /** `account|region|deployed rule name` -> ref. */
  deployments: [string, string][];
  next: number;
  width: number;
}

export function toRuleRefPlan(refs: EvidenceRefs): RuleRefPlan {
  return { deployments: [...refs.byDeployment], next: refs.entries.length + 1, width: refs.width };
}

/** A piece met only while the results streamed: results whose deployed rule the snapshot does not list. */
export interface OrphanPiece {
  ref: string;
  account: string;
  region: string;
  ruleName: string;
  sourceIdentifier: string;
}

/**
 * Cites each evaluation result's piece. A result whose deployed rule the snapshot does not list gets
 * a piece of its own, numbered after every other in the order such results are met (every writer of
 * one run sees the results in the same order, so they number them alike); such pieces are `orphans`.
 */
export function createRuleRefLookup(plan: RuleRefPlan): { refOf(r: { account: string; region: string; ruleName: string; sourceIdentifier: string }): string; orphans: OrphanPiece[] } {
  const known = new Map(plan.deployments);
  const orphans: OrphanPiece[] = [];
  let next = plan.next;
  return {
    orphans,
    refOf(r) {
      const key = deploymentKey(r.account, r.region, r.ruleName);
      const ref = known.get(key);
      if (ref !== undefined) return ref;
      const made = formatRef(next, plan.width);
      next += 1;
      known.set(key, made);
      orphans.push({ ref: made, account: r.account, region: r.region, ruleName: r.ruleName, sourceIdentifier: r.sourceIdentifier });
      return made;
    },
  };
}

/** The run's references with the pieces met while the results streamed, numbered after every other. */
export function withOrphans(refs: EvidenceRefs, orphans: readonly OrphanPiece[]): EvidenceRefs {
  if (orphans.length === 0) return refs;
  const out: EvidenceRefs = { ...refs, entries: [...refs.entries], byDeployment: new Map(refs.byDeployment), index: new Map(refs.index) };
  for (const o of orphans) {
    out.index.set(o.ref, out.entries.length);
    out.entries.push({ ref: o.ref, kind: 'config-rule-results', account: o.account, region: o.region, ruleIdentifier: o.sourceIdentifier, ruleNames: [o.ruleName], orphan: true });
    out.byDeployment.set(deploymentKey(o.account, o.region, o.ruleName), o.ref);
  }
  return out;
}

/** What evidence.csv holds for one piece: results by compliance type inside the scope, the rest outside it. */
export interface PieceTally {
  inScope: Record<ComplianceType, number>;
  /** NON_COMPLIANT results in scope covered by a current exception. */
  excepted: number;
  outOfScope: number;
  /** 1-based position among evidence.csv's data rows of the piece's first row. */
  firstRow: number;
  rows: number;
}

/** Per ref, what one framework's evidence.csv holds of it. */
export type EvidenceTally = Map<string, PieceTally>;

export function addToTally(tally: EvidenceTally, ref: string, compliance: ComplianceType, inScope: boolean, excepted: boolean, row: number): void {
  let t = tally.get(ref);
  if (!t) {
    t = { inScope: { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 }, excepted: 0, outOfScope: 0, firstRow: row, rows: 0 };
    tally.set(ref, t);
  }
  t.rows += 1;
  if (!inScope) {
    t.outOfScope += 1;
    return;
  }
  t.inScope[compliance] += 1;
  if (excepted) t.excepted += 1;
}

/**
 * Refs written compactly for people: consecutive ones as a range (`EV-0012–EV-0015, EV-0019`).
 * Machine-readable outputs list every ref.
 */
export function toRefRanges(refs: readonly string[]): string {
  const numbers = refs.map((r) => ({ ref: r, n: Number(r.slice(3)) })).sort((a, b) => a.n - b.n);
  const out: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && (numbers[j + 1] as { n: number }).n === (numbers[j] as { n: number }).n + 1) j += 1;
    const first = numbers[i] as { ref: string };
    const last = numbers[j] as { ref: string };
    out.push(j === i ? first.ref : j === i + 1 ? `${first.ref}, ${last.ref}` : `${first.ref}–${last.ref}`);
    i = j + 1;
  }
  return out.join(', ');
}
