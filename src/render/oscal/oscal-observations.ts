/**
 * The observations of one framework's assessment, one per piece of evidence it rests on, over the
 * framework's scope: each AWS Config managed rule (its result counts, the failing resources up to
 * the pack's cap), each manual evidence kind (the register row that decided it, its sha256), each AWS
 * attestation (cited by name, id, version and period: never embedded), and each collection gap
 * (what could not be assessed, inside or outside the scope), and each limit of the route the snapshot
 * was collected by (manifest.limits: what its APIs cannot give). The back-matter resources they point
 * to carry the hashes. Shared by the assessment results and the POA&M. Pure.
 */
import { emptyRuleEvidence } from '../../domain/rule-evidence.js';
import type { AttestationEvidence, EvidencePart, ManualEvidenceResult, RequirementResult } from '../../domain/result.js';
import { isRecorderGap, type CollectionLimit, type Gap } from '../../domain/snapshot.js';
import type { OscalModel } from './oscal-model.js';
import { code, dayEnd, dayStart, line, prop, uuidFor, uuidForParts, type OscalProp } from './oscal-text.js';

export interface Observation {
  uuid: string;
  title: string;
  description: string;
  props: OscalProp[];
  methods: string[];
  collected: string;
  expires?: string;
  'relevant-evidence'?: { href?: string; description: string; props?: OscalProp[] }[];
  remarks?: string;
}

export interface Resource {
  uuid: string;
  title: string;
  description?: string;
  props?: OscalProp[];
  citation?: { text: string };
  rlinks?: { href: string; hashes?: { algorithm: string; value: string }[] }[];
  remarks?: string;
}

export interface EvidenceObservations {
  /** Every observation, in a stable order: rules, manual evidence, attestations, gaps, limits. */
  observations: Observation[];
  resources: Resource[];
  /** The observation of a deciding or supporting piece of evidence (kind and id). */
  of(kind: EvidencePart['kind'], id: string): Observation | undefined;
  /** Collection gaps that lowered one of the requirement's deciding controls. */
  gapsOf(req: RequirementResult): Observation[];
  /** The limits of the collection route over the sources of the requirement's deciding evidence. */
  limitsOf(req: RequirementResult): Observation[];
}

/** What each effect of a collection limit means for the evidence, in words. */
const LIMIT_EFFECT_TEXT: Readonly<Record<CollectionLimit['effect'], string>> = {
  'not-collected': 'not collected: whatever the estate holds of them is absent from the snapshot, and no status rests on them.',
  'not-checked': 'collected by paging to the end, but AWS gives no count to check the number collected against.',
  unknown: 'a state this route cannot see.',
};

/** The evidence kinds whose records a source gives. */
const SOURCE_KINDS: Readonly<Record<CollectionLimit['source'], EvidencePart['kind']>> = {
  'aws-config': 'rule',
  'aws-artifact': 'attestation',
  manual: 'manual',
};

const key = (kind: string, id: string) => `${kind}|${id}`;
const gapKey = (g: Gap) => [g.source, g.account ?? '', g.region ?? '', g.code].join('|');

/** A file reference as a URI reference: a URL as it is, a path with its characters escaped. */
function href(location: string): string {
  let text = location.trim().replace(/\\/g, '/');
  try {
    text = decodeURI(text);
  } catch {
    // A stray % is kept as written (and escaped below).
  }
  return encodeURI(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

export function toEvidenceObservations(model: OscalModel): EvidenceObservations {
  return model.memo('observations', () => buildObservations(model));
}

function buildObservations(model: OscalModel): EvidenceObservations {
  const { result, evidence, failingCap } = model.input.pack;
  const fw = result.framework.id;
  const id = (...parts: string[]) => uuidForParts(['observation', model.snapshotId, fw, ...parts]);
  const collected = model.asOf;

  const rules = new Set<string>();
  const manual = new Map<string, ManualEvidenceResult>();
  const attestations = new Map<string, AttestationEvidence>();
  for (const req of model.requirements) {
    for (const p of [...req.deciding, ...req.supporting]) {
      if (p.kind === 'rule') rules.add(p.id);
      const c = p.controlId ? result.controls.get(p.controlId) : undefined;
      if (p.kind === 'manual' && !manual.has(p.id)) {
        const m = c?.manual.find((x) => x.kind === p.id);
        if (m) manual.set(p.id, m);
      }
      if (p.kind === 'attestation' && !attestations.has(p.id)) {
        const a = c?.attestations.find((x) => x.kind === p.id);
        if (a) attestations.set(p.id, a);
      }
    }
  }

  const observations: Observation[] = [];
  const resources: Resource[] = [];
  const byKey = new Map<string, Observation>();

  for (const ruleId of [...rules].sort()) {
    const r = evidence.rules.get(ruleId) ?? emptyRuleEvidence(ruleId);
    const c = r.counts;
    const evaluated = c.COMPLIANT + c.NON_COMPLIANT + c.NOT_APPLICABLE + c.INSUFFICIENT_DATA;
    const shown = r.failing.slice(0, failingCap);
    const o: Observation = {
      uuid: id('rule', ruleId),
      title: `AWS Config managed rule ${ruleId}`,
      description: r.deployments === 0
        ? `${ruleId} is not deployed in any account and region of the scope: it tested nothing.`
        : `${ruleId}, deployed in ${r.deployments} account/region pair(s) of the scope, evaluated ${evaluated} result(s): ${c.COMPLIANT} COMPLIANT, ${c.NON_COMPLIANT} NON_COMPLIANT (${r.excepted} of them covered by a current exception, ${r.failingTotal} failing), ${c.NOT_APPLICABLE} NOT_APPLICABLE, ${c.INSUFFICIENT_DATA} INSUFFICIENT_DATA.${r.failingTotal > shown.length ? ` ${shown.length} of the ${r.failingTotal} failing resources are listed; the pack's evidence.csv lists every result.` : ''}`,
      props: [
        prop('evidence-kind', 'rule'),
        prop('rule-identifier', ruleId),
        prop('deployments', r.deployments),
        prop('compliant', c.COMPLIANT),
        prop('non-compliant', c.NON_COMPLIANT),
        prop('not-applicable', c.NOT_APPLICABLE),
        prop('insufficient-data', c.INSUFFICIENT_DATA),
        prop('excepted', r.excepted),
        prop('failing', r.failingTotal),
        ...r.exceptionIds.map((e) => prop('exception-id', e)),
      ],
      methods: ['TEST'],
      collected,
      'relevant-evidence': shown.map((f) => ({
        description: `NON_COMPLIANT: ${code(f.resourceId)} (${code(f.resourceType)}, account ${code(f.account)}, ${code(f.region)}, recorded ${code(f.recordedAt)})${f.annotation ? `: ${code(f.annotation)}` : ''}`,
        props: [prop('account', f.account), prop('region', f.region), prop('resource-type', f.resourceType), prop('resource-id', f.resourceId)],
      })),
      ...(r.ruleNames.length > 0 ? { remarks: `Deployed as ${r.ruleNames.map((n) => code(n)).join(', ')}.` } : {}),
    };
    observations.push(o);
    byKey.set(key('rule', ruleId), o);
  }

  for (const [kind, m] of [...manual].sort(([a], [b]) => a.localeCompare(b))) {
    const rec = m.record;
    let resource: Resource | undefined;
    if (rec) {
      resource = {
        uuid: uuidFor('resource', model.snapshotId, 'manual', rec.id),
        title: line(rec.title),
        description: `Manual evidence ${code(rec.id)} (${m.title}), owner ${code(rec.owner)}, collected ${rec.collectedOn}, valid until ${rec.validUntil}.`,
        props: [prop('evidence-id', rec.id), prop('kind', kind), ...(rec.integrity ? [prop('integrity', rec.integrity)] : [])],
        rlinks: [{ href: href(rec.location), ...(rec.sha256 ? { hashes: [{ algorithm: 'SHA-256', value: rec.sha256 }] } : {}) }],
      };
      resources.push(resource);
    }
    const o: Observation = {
      uuid: id('manual', kind),
      title: `Manual evidence: ${m.title}`,
      description: rec
        ? `${m.title}: ${m.status}. Register row ${code(rec.id)}: ${code(rec.title)}, collected ${rec.collectedOn}, valid until ${rec.validUntil}${rec.sha256 ? `, sha256 ${rec.sha256}` : ''}${rec.integrity ? ` (${rec.integrity}${rec.integrityDetail ? `: ${code(rec.integrityDetail)}` : ''})` : ''}.`
        : `${m.title}: missing. No register row of this kind was collected on or before the snapshot date, so it could not be assessed.`,
      props: [prop('evidence-kind', 'manual'), prop('kind', kind), prop('status', m.status), ...(rec ? [prop('evidence-id', rec.id)] : [])],
      methods: ['EXAMINE'],
      collected: rec ? dayStart(rec.collectedOn) : collected,
      ...(rec ? { expires: dayEnd(rec.validUntil) } : {}),
      ...(resource ? { 'relevant-evidence': [{ href: `#${resource.uuid}`, description: `The registered document${rec?.sha256 ? ', with its sha256' : ''}.` }] } : {}),
    };
    observations.push(o);
    byKey.set(key('manual', kind), o);
  }

  for (const [kind, a] of [...attestations].sort(([x], [y]) => x.localeCompare(y))) {
    const rep = a.report;
    const agr = a.agreement;
    let resource: Resource | undefined;
    if (rep || agr) {
      const cite = rep
        ? `${rep.name}, AWS Artifact report ${rep.id}, version ${rep.version}, period ${rep.periodStart.slice(0, 10)} to ${rep.periodEnd.slice(0, 10)}`
        : `${agr?.name ?? ''}, AWS Artifact agreement ${agr?.id ?? ''} (${agr?.type ?? ''}), ${agr?.state ?? ''} since ${agr?.effectiveStart.slice(0, 10) ?? ''}${agr?.effectiveEnd ? ` until ${agr.effectiveEnd.slice(0, 10)}` : ''}`;
      resource = {
        uuid: uuidFor('resource', model.snapshotId, 'attestation', kind, rep?.id ?? agr?.id ?? ''),
        title: line(rep?.name ?? agr?.name),
        description: `${a.title}. Cited, never embedded: AWS Artifact documents are AWS confidential and stay where their terms allow.`,
        citation: { text: line(cite) },
        props: [
          prop('attestation-kind', kind),
          ...(rep ? [prop('report-id', rep.id), prop('version', rep.version), prop('period-start', rep.periodStart), prop('period-end', rep.periodEnd), ...(rep.origin ? [prop('origin', rep.origin)] : []), ...(rep.documentSha256 ? [prop('document-sha256', rep.documentSha256)] : [])] : []),
          ...(agr ? [prop('agreement-id', agr.id), prop('agreement-state', agr.state), prop('effective-start', agr.effectiveStart)] : []),
        ],
        ...(rep?.documentSha256 && rep.arn ? { rlinks: [{ href: rep.arn, hashes: [{ algorithm: 'SHA-256', value: rep.documentSha256 }] }] } : {}),
      };
      resources.push(resource);
    }
    const o: Observation = {
      uuid: id('attestation', kind),
      title: `AWS attestation: ${a.title}`,
      description: `${a.title}: ${a.status}. ${code(a.reason)}`,
      props: [prop('evidence-kind', 'attestation'), prop('kind', kind), prop('status', a.status)],
      methods: ['EXAMINE'],
      collected: rep?.downloadedAt ? rep.downloadedAt : collected,
      ...(resource ? { 'relevant-evidence': [{ href: `#${resource.uuid}`, description: 'The AWS attestation, cited by name, id, version and period.' }] } : {}),
    };
    observations.push(o);
    byKey.set(key('attestation', kind), o);
  }

  const gapObs = new Map<string, Observation>();
  const gaps: [Gap, boolean][] = [...result.scope.gaps.inScope.map((g): [Gap, boolean] => [g, true]), ...result.scope.gaps.outOfScope.map((g): [Gap, boolean] => [g, false])];
  for (const [g, inside] of gaps) {
    const k = gapKey(g);
    if (gapObs.has(k)) continue;
    const where = [g.account, g.region].filter((x): x is string => x !== undefined).join(' ');
    const o: Observation = {
      uuid: id('gap', k),
      title: line(`Not assessed: ${g.source}${where ? ` ${where}` : ''} (${g.code})`),
      description: `${isRecorderGap(g) ? 'Not recorded (the AWS Config recorder, not a permission: turn the recorder on)' : 'Could not be collected'}: ${code(g.message)}. ${inside ? 'Inside the scope: the statuses it touches are lowered (never raised).' : "Outside this framework's scope: it decides nothing."}${g.action ? ` Missing permission: ${code(g.action)}.` : ''}`,
      props: [prop('evidence-kind', 'collection-gap'), prop('in-scope', String(inside)), prop('source', g.source), prop('gap-code', g.code), ...(g.account ? [prop('account', g.account)] : []), ...(g.region ? [prop('region', g.region)] : []), ...(g.action ? [prop('iam-action', g.action)] : [])],
      methods: ['TEST'],
      collected,
    };
    gapObs.set(k, o);
    observations.push(o);
  }

  const limitObs: [CollectionLimit, Observation][] = [];
  for (const l of evidence.manifest.limits ?? []) {
    const o: Observation = {
      uuid: id('limit', l.source, l.route, l.code),
      title: line(`Limit of the ${l.route} route: ${l.source} ${l.code}${l.complianceTypes ? ` (${l.complianceTypes.join(', ')})` : ''}`),
      description: `${code(l.message)}\n\n${l.complianceTypes ? `${l.complianceTypes.join(' and ')} results: ` : 'Effect: '}${LIMIT_EFFECT_TEXT[l.effect]} Stated by the collector for every snapshot collected by this route, whatever the estate holds.`,
      props: [prop('evidence-kind', 'collection-limit'), prop('source', l.source), prop('route', l.route), prop('limit-code', l.code), prop('effect', l.effect), ...(l.complianceTypes ?? []).map((t) => prop('compliance-type', t))],
      methods: ['TEST'],
      collected,
    };
    limitObs.push([l, o]);
    observations.push(o);
  }

  return {
    observations,
    resources,
    of: (kind, x) => byKey.get(key(kind, x)),
    gapsOf(req) {
      const out: Observation[] = [];
      for (const cid of req.controls) {
        for (const g of result.controls.get(cid)?.gaps ?? []) {
          const o = gapObs.get(gapKey(g));
          if (o && !out.includes(o)) out.push(o);
        }
      }
      return out;
    },
    limitsOf(req) {
      const kinds = new Set(req.deciding.map((p) => p.kind));
      return limitObs.filter(([l]) => kinds.has(SOURCE_KINDS[l.source])).map(([, o]) => o);
    },
  };
}
