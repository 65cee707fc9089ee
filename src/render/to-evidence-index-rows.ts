/**
 * evidence-index.csv: the auditor's tick-mark list. One row per piece of evidence the framework's
 * pack cites: every rule's results in each account/region (as evidence.csv lists them, in or out of
 * the framework's scope), each register record that decided a manual evidence kind, each AWS
 * Artifact report or agreement relied upon. With its source, sha256 where there is one, and the
 * requirements it decides or supports. Pure: the counts per piece come from the rows written to
 * evidence.csv (EvidenceTally), everything else from the evaluation.
 */
import type { EvidenceRefEntry, EvidenceTally } from '../domain/evidence-refs.js';
import type { PackInput } from '../domain/result.js';
import { inScopeLocation } from '../domain/scope.js';
import { COMPLIANCE_TYPES } from '../domain/status.js';
import { RECORD_FILES } from '../domain/snapshot.js';
import { attestationOf, attestationRef, manualOf, manualRef } from './evidence-citations.js';

export const EVIDENCE_INDEX_COLUMNS = [
  'framework', 'evidence_ref', 'kind', 'source', 'account', 'region', 'identifier', 'title', 'record_id', 'status',
  'in_scope', 'results', 'compliant', 'non_compliant', 'not_applicable', 'insufficient_data', 'excepted',
  'results_out_of_scope', 'period_start', 'period_end', 'location', 'sha256', 'source_file', 'source_file_sha256',
  'decides_requirement_ids', 'supports_requirement_ids',
] as const;

const LIST = ';';

interface Cited {
  decides: Set<string>;
  supports: Set<string>;
  /** Manual: the kind's status; attestation: its standing. */
  status?: string;
  /** Attestation kinds (or the manual kind) it stands for. */
  kinds: Set<string>;
}

/** Which requirements each manual record and attestation decides; which each rule identifier decides or supports. */
function toCitedBy(input: PackInput): { pieces: Map<string, Cited>; ruleDecides: Map<string, string[]>; ruleSupports: Map<string, string[]> } {
  const pieces = new Map<string, Cited>();
  const ruleDecides = new Map<string, string[]>();
  const ruleSupports = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, key: string, req: string) => {
    const list = m.get(key) ?? [];
    if (list[list.length - 1] !== req) list.push(req);
    m.set(key, list);
  };
  for (const req of input.result.requirements) {
    if (!req.assessable) continue;
    for (const p of req.deciding) {
      if (p.kind === 'rule') {
        push(ruleDecides, p.id, req.requirementId);
        continue;
      }
      const manual = manualOf(input, p);
      const attestation = attestationOf(input, p);
      const ref = p.kind === 'manual' ? manualRef(input.refs, manual) : attestationRef(input.refs, attestation);
      if (ref === undefined) continue;
      const c = pieces.get(ref) ?? { decides: new Set<string>(), supports: new Set<string>(), kinds: new Set<string>() };
      c.decides.add(req.requirementId);
      c.kinds.add(p.id);
      c.status = manual?.status ?? attestation?.status ?? c.status;
      pieces.set(ref, c);
    }
    for (const p of req.supporting) if (p.kind === 'rule') push(ruleSupports, p.id, req.requirementId);
  }
  return { pieces, ruleDecides, ruleSupports };
}

function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/**
 * What the index lists, in ref order: every rule piece (each evidence.csv row cites one; pieces
 * met only while the results streamed come last), and the register records and Artifact reports or
 * agreements this framework cites.
 */
export function toIndexedEntries(input: PackInput): EvidenceRefEntry[] {
  const { pieces } = toCitedBy(input);
  return input.refs.entries.filter((e) => e.kind === 'config-rule-results' || pieces.has(e.ref));
}

/** The index rows: one per entry of toIndexedEntries. */
export function toEvidenceIndexRows(input: PackInput, tally: EvidenceTally): string[][] {
  const { result, evidence } = input;
  const scope = evidence.scope;
  const fileSha256 = (path: string): string => evidence.manifest.files.find((f) => f.path === path)?.sha256 ?? '';
  const { pieces, ruleDecides, ruleSupports } = toCitedBy(input);
  return toIndexedEntries(input).map((e) => (e.kind === 'config-rule-results' ? ruleRow(e) : e.kind === 'manual-evidence' ? manualRow(e, pieces.get(e.ref) as Cited) : attestationRow(e, pieces.get(e.ref) as Cited)));

  function ruleRow(e: EvidenceRefEntry): string[] {
    const t = tally.get(e.ref);
    const inside = inScopeLocation(scope, e.account, e.region);
    const counts = COMPLIANCE_TYPES.map((c) => String(t?.inScope[c] ?? 0));
    const total = COMPLIANCE_TYPES.reduce((n, c) => n + (t?.inScope[c] ?? 0), 0);
    const id = e.ruleIdentifier ?? '';
    const note = e.orphan ? 'results with no deployed-rule record in the snapshot' : e.custom ? 'custom rule' : 'managed rule';
    return [
      result.framework.id, e.ref, e.kind, `AWS Config ${e.account ?? ''} ${e.region ?? ''}`, e.account ?? '', e.region ?? '', id,
      (e.ruleNames ?? []).join(LIST), '', inside ? note : `${note}; outside this framework's scope: decides nothing`,
      String(inside), String(total), ...counts, String(t?.excepted ?? 0), String(t?.outOfScope ?? 0), '', '', '', '',
      `snapshot:${RECORD_FILES.evaluations}`, fileSha256(RECORD_FILES.evaluations),
      inside && !e.custom ? (ruleDecides.get(id) ?? []).join(LIST) : '',
      inside && !e.custom ? (ruleSupports.get(id) ?? []).join(LIST) : '',
    ];
  }

  function manualRow(e: EvidenceRefEntry, cited: Cited): string[] {
    const m = e.manual;
    const local = m !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(m.location);
    return [
      result.framework.id, e.ref, e.kind, local ? 'evidence register: document' : 'evidence register: link', '', '', m?.kind ?? '', m?.title ?? '',
      m?.id ?? '', [cited.status, m?.integrity].filter(Boolean).join(LIST), 'true', '', '', '', '', '', '', '', m?.collectedOn ?? '', m?.validUntil ?? '',
      m?.location ?? '', m?.sha256 ?? '', '', '', [...cited.decides].join(LIST), '',
    ];
  }

  function attestationRow(e: EvidenceRefEntry, cited: Cited): string[] {
    const r = e.report;
    const g = e.agreement;
    const file = r ? RECORD_FILES.artifactReports : RECORD_FILES.artifactAgreements;
    const origin = (r?.origin ?? g?.origin) === 'import' ? ', from a listing saved by hand' : '';
    return [
      result.framework.id, e.ref, e.kind, r ? `AWS Artifact report${origin} (cited, never bundled)` : `AWS Artifact agreement${origin}`, g?.awsAccountId ?? '', '',
      [...cited.kinds].sort().join(LIST), r?.name ?? g?.name ?? '', r ? `${r.id} v${r.version}` : (g?.id ?? ''), [cited.status, g?.state].filter(Boolean).join(LIST), 'true',
      '', '', '', '', '', '', '', day(r?.periodStart ?? g?.effectiveStart), day(r?.periodEnd ?? g?.effectiveEnd), r?.documentFile ? `snapshot:${r.documentFile}` : '',
      r?.documentSha256 ?? '', `snapshot:${file}`, fileSha256(file), [...cited.decides].join(LIST), '',
    ];
  }
}
