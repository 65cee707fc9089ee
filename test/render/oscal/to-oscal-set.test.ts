/**
 * The OSCAL set of a hand-built pack (every status, a shared, a customer and an inherited
 * requirement, failing resources over the cap, a collection gap, hostile strings): every document
 * valid against NIST's OSCAL 1.1.2 JSON Schema and srmap's reference check, and saying what the
 * evaluation says, no more.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import type { Catalog } from '../../../src/domain/catalog.js';
import type { PackInput } from '../../../src/domain/result.js';
import { checkOscalReferences } from '../../../src/render/oscal/check-oscal-references.js';
import { requirementToken, SRMAP_NS, uuidV5 } from '../../../src/render/oscal/oscal-text.js';
import { toOscalJson, toOscalSet, type OscalDocument } from '../../../src/render/oscal/to-oscal-set.js';
import { toOscalSummary } from '../../../src/render/oscal/to-oscal-summary.js';
import type { OscalSchemaValidator } from '../../../src/pipeline/validate-oscal.js';
import { HOSTILE, makePackInput } from '../../fixtures/pack-input.js';
import { oscalSchema } from '../../helpers/oscal-schema.js';

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const srmap = (o: Obj, name: string) => arr(o.props).filter((p) => p.ns === SRMAP_NS && p.name === name).map((p) => p.value as string);

let catalog: Catalog;
let validate: OscalSchemaValidator;
let pack: PackInput;
let set: OscalDocument[];
const doc = (suffix: string, model: string): Obj => (set.find((d) => d.name.endsWith(suffix))?.document as Obj)[model] as Obj;

function build(p: PackInput): OscalDocument[] {
  return toOscalSet({ pack: p, catalog, toolVersion: '9.9.9', snapshotManifestSha256: 'ab'.repeat(32), workingInputs: [{ path: 'srmap.yaml', sha256: 'cd'.repeat(32) }] });
}

beforeAll(async () => {
  catalog = await loadCatalog();
  validate = await oscalSchema();
  pack = makePackInput();
  set = build(pack);
}, 120_000);

describe('the OSCAL set of one framework', () => {
  it('is the eight documents, each valid against the OSCAL 1.1.2 JSON Schema, every uuid reference resolving', () => {
    expect(set.map((d) => d.name)).toEqual([
      'hipaa-security_catalog.json', 'common-controls_catalog.json', 'hipaa-security_profile.json', 'hipaa-security_component-definition.json',
      'hipaa-security_ssp.json', 'hipaa-security_assessment-plan.json', 'hipaa-security_assessment-results.json', 'hipaa-security_poam.json',
    ]);
    for (const d of set) {
      const parsed = JSON.parse(toOscalJson(d)) as unknown;
      expect(validate(parsed).errors, d.name).toEqual([]);
    }
    const check = checkOscalReferences(new Map(set.map((d) => [d.name, JSON.parse(toOscalJson(d)) as unknown])));
    expect(check.problems).toEqual([]);
    expect(check.notes).toEqual([]);
  });

  it('is the same bytes from the same evaluation, with RFC 4122 version 5 uuids', () => {
    expect(build(makePackInput()).map(toOscalJson)).toEqual(set.map(toOscalJson));
    // RFC 4122's own example: the DNS namespace and www.example.com.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const uuids = set.flatMap((d) => [...toOscalJson(d).matchAll(/"uuid": "([^"]+)"/g)].map((m) => m[1] ?? ''));
    for (const u of uuids) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Every date is the snapshot's, never the clock's.
    const stamps = new Set(set.flatMap((d) => [...toOscalJson(d).matchAll(/"(?:last-modified|collected|start|end)": "([^"]+)"/g)].map((m) => m[1])));
    expect([...stamps].filter((s) => s !== pack.evidence.manifest.createdAt && !/T00:00:00Z$/.test(s ?? ''))).toEqual([]);
  });

  it('keeps the uuid of each component, implemented requirement and POA&M item from one quarter to the next; observations and findings are per snapshot', () => {
    const base = makePackInput();
    const next = build({ ...base, evidence: { ...base.evidence, manifest: { ...base.evidence.manifest, id: 'next-quarter', createdAt: '2026-06-30T09:00:00Z' } } });
    const uuids = (docs: OscalDocument[], suffix: string, model: string, pick: (d: Obj) => Obj[]) => pick((docs.find((d) => d.name.endsWith(suffix))?.document as Obj)[model] as Obj).map((o) => o.uuid);
    const ssp = (d: Obj) => [...arr((d['system-implementation'] as Obj).components), ...arr((d['control-implementation'] as Obj)['implemented-requirements']).flatMap((r) => [r, ...arr(r['by-components'])])];
    const components = (d: Obj) => arr(d.components);
    const poam = (d: Obj) => arr(d['poam-items']);
    const result = (d: Obj) => arr(d.results).flatMap((r) => [...arr(r.observations), ...arr(r.findings)]);
    const a = uuids(set, '_ssp.json', 'system-security-plan', ssp);
    expect(a.length).toBeGreaterThan(20);
    expect(uuids(next, '_ssp.json', 'system-security-plan', ssp)).toEqual(a);
    expect(uuids(next, '_component-definition.json', 'component-definition', components)).toEqual(uuids(set, '_component-definition.json', 'component-definition', components));
    expect(uuids(next, '_poam.json', 'plan-of-action-and-milestones', poam)).toEqual(uuids(set, '_poam.json', 'plan-of-action-and-milestones', poam));
    const before = new Set(uuids(set, '_assessment-results.json', 'assessment-results', result));
    expect(uuids(next, '_assessment-results.json', 'assessment-results', result).filter((u) => before.has(u))).toEqual([]);
    // A document's uuid follows its content: its metadata carries the snapshot, so every document has a new one.
    for (const [i, d] of next.entries()) expect(Object.values(d.document as Obj)[0]).not.toHaveProperty('uuid', (Object.values(set[i]?.document as Obj)[0] as Obj).uuid);
  });

  it('catalogs every requirement with its identifier as written, headings as groups; the profile selects the assessable ones', () => {
    const cat = doc('hipaa-security_catalog.json', 'catalog');
    const groups = arr(cat.groups);
    expect(groups.map((g) => arr(g.props).find((p) => p.name === 'label')?.value)).toEqual(['164.308', '164.310', '164.312']);
    const controls = groups.flatMap((g) => arr(g.controls));
    const assessable = pack.result.requirements.filter((r) => r.assessable);
    expect(controls.map((c) => arr(c.props).find((p) => p.name === 'label' && p.ns === undefined)?.value)).toEqual(assessable.map((r) => r.requirementId));
    expect(controls.map((c) => c.id)).toContain('req-164.312-a-2-iv');
    const profile = doc('_profile.json', 'profile');
    expect(arr(profile.imports)[0]).toEqual({ href: './hipaa-security_catalog.json', 'include-controls': [{ 'with-ids': assessable.map((r) => requirementToken(r.requirementId)) }] });
  });

  it('SSP: AWS exports what it provides and leaves; the organisation inherits and satisfies exactly that', () => {
    const ssp = doc('_ssp.json', 'system-security-plan');
    const irs = arr((ssp['control-implementation'] as Obj)['implemented-requirements']);
    const components = new Map(arr((ssp['system-implementation'] as Obj).components).map((c) => [c.uuid as string, c]));
    const of = (id: string) => irs.find((i) => i['control-id'] === requirementToken(id)) as Obj;

    const shared = arr(of('164.312(a)(2)(iv)')['by-components']);
    const aws = shared.filter((b) => b.export !== undefined);
    const org = shared.filter((b) => b.export === undefined);
    expect(aws.length).toBeGreaterThan(0);
    for (const b of aws) expect((components.get(b['component-uuid'] as string) as Obj).type).toBe('service');
    const provided = aws.flatMap((b) => arr((b.export as Obj).provided).map((p) => p.uuid));
    const responsibilities = aws.flatMap((b) => arr((b.export as Obj).responsibilities).map((p) => p.uuid));
    expect(org.flatMap((b) => arr(b.inherited).map((i) => i['provided-uuid'])).sort()).toEqual([...provided].sort());
    expect(org.flatMap((b) => arr(b.satisfied).map((i) => i['responsibility-uuid'])).sort()).toEqual([...responsibilities].sort());
    for (const b of org) expect((b['implementation-status'] as Obj).state).toBe('planned');
    expect(srmap(of('164.312(a)(2)(iv)'), 'status')).toEqual(['not-met']);

    // A customer requirement: no AWS by-component; the organisation alone, implemented on its evidence.
    const customer = arr(of('164.308(a)(1)(ii)(A)')['by-components']);
    expect(customer.filter((b) => b.export !== undefined)).toEqual([]);
    expect(customer.map((b) => srmap(b, 'responsibility')[0])).toEqual(['customer']);
    expect(customer.map((b) => (b['implementation-status'] as Obj).state)).toEqual(['implemented']);
    expect(arr(customer[0]?.['responsible-roles']).map((r) => r['role-id'])).toContain('responsible');

    // Not applicable, needs evidence, accepted risk: their OSCAL states, never "implemented".
    const state = (id: string) => arr(of(id)['by-components']).map((b) => (b['implementation-status'] as Obj | undefined)?.state).filter(Boolean);
    expect(state('164.310(c)')).toEqual(['not-applicable']);
    expect(new Set(state('164.312(b)'))).toEqual(new Set(['planned']));
    expect(state('164.312(e)(1)')).toEqual(['alternative']);
  });

  it('component definition: who carries each part is in srmap properties, since OSCAL 1.1 has no export there', () => {
    const cd = doc('_component-definition.json', 'component-definition');
    const comps = arr(cd.components);
    expect(comps[0]?.title).toBe('Amazon Web Services (AWS-hosted scope)');
    expect(JSON.stringify(cd)).not.toContain('"export"');
    const irs = comps.flatMap((c) => arr(c['control-implementations']).flatMap((ci) => arr(ci['implemented-requirements'])));
    expect(irs.length).toBeGreaterThan(0);
    for (const ir of irs) expect(['inherited', 'shared', 'customer']).toContain(srmap(ir, 'responsibility')[0]);
  });

  it('assessment results: a finding per requirement, linked to the observations that decide it and, marked, those that support it', () => {
    const ar = doc('_assessment-results.json', 'assessment-results');
    const result = arr(ar.results)[0] as Obj;
    const findings = arr(result.findings);
    const observations = new Map(arr(result.observations).map((o) => [o.uuid as string, o]));
    const assessable = pack.result.requirements.filter((r) => r.assessable);
    expect(findings).toHaveLength(assessable.length);
    for (const [i, req] of assessable.entries()) {
      const f = findings[i] as Obj;
      const status = ((f.target as Obj).status as Obj).state;
      expect(status, req.requirementId).toBe(['met', 'inherited', 'accepted-risk', 'not-applicable'].includes(req.status) ? 'satisfied' : 'not-satisfied');
      expect(srmap(f, 'framework-status')).toEqual([req.frameworkStatus]);
      const deciding = srmap(f, 'deciding-observation').map((u) => observations.get(u) as Obj);
      const ids = deciding.map((o) => srmap(o, 'rule-identifier')[0] ?? srmap(o, 'kind')[0] ?? srmap(o, 'gap-code')[0]);
      for (const p of req.deciding) expect(ids, `${req.requirementId} ${p.id}`).toContain(p.id);
      const related = arr(f['related-observations']).map((r) => r['observation-uuid']);
      expect(related).toEqual([...srmap(f, 'deciding-observation'), ...srmap(f, 'supporting-observation')]);
    }
    // Rule observations carry the counts; failing resources are listed up to the pack's cap.
    const rules = [...observations.values()].filter((o) => srmap(o, 'evidence-kind')[0] === 'rule');
    for (const o of rules) {
      const rule = pack.evidence.rules.get(srmap(o, 'rule-identifier')[0] ?? '');
      if (!rule) continue;
      expect(Number(srmap(o, 'non-compliant')[0])).toBe(rule.counts.NON_COMPLIANT);
      expect(Number(srmap(o, 'compliant')[0])).toBe(rule.counts.COMPLIANT);
      expect(arr(o['relevant-evidence']).length).toBe(Math.min(rule.failing.length, pack.failingCap));
    }
    // Collection gaps are observations of what could not be assessed, in or out of scope.
    const gaps = [...observations.values()].filter((o) => srmap(o, 'evidence-kind')[0] === 'collection-gap');
    expect(gaps).toHaveLength(pack.result.scope.gaps.inScope.length);
    for (const g of gaps) expect(srmap(g, 'in-scope')).toEqual(['true']);
  });

  it('assessment results: the limits of the collection route are observations, linked from the findings whose deciding evidence they concern', () => {
    const base = makePackInput();
    const limits = [
      { source: 'aws-config' as const, route: 'aggregator' as const, code: 'AggregateComplianceTypes', effect: 'not-collected' as const, complianceTypes: ['NOT_APPLICABLE' as const], message: `NOT_APPLICABLE results were not collected ${HOSTILE.script}` },
      { source: 'aws-config' as const, route: 'aggregator' as const, code: 'AggregateRecorderState', effect: 'unknown' as const, message: 'A member account\'s recorder is not seen.' },
    ];
    const withLimits = build({ ...base, evidence: { ...base.evidence, manifest: { ...base.evidence.manifest, limits } } });
    for (const d of withLimits) expect(validate(JSON.parse(toOscalJson(d)) as unknown).errors, d.name).toEqual([]);
    expect(checkOscalReferences(new Map(withLimits.map((d) => [d.name, JSON.parse(toOscalJson(d)) as unknown]))).problems).toEqual([]);
    const ar = (withLimits.find((d) => d.name.endsWith('_assessment-results.json'))?.document as Obj)['assessment-results'] as Obj;
    const result = arr(ar.results)[0] as Obj;
    expect(srmap(result, 'collection-limits')).toEqual(['2']);
    expect(result.remarks).toContain('aggregator aws-config `AggregateComplianceTypes` (not-collected: NOT_APPLICABLE)');
    const limitObs = arr(result.observations).filter((o) => srmap(o, 'evidence-kind')[0] === 'collection-limit');
    expect(limitObs.map((o) => [srmap(o, 'limit-code')[0], srmap(o, 'effect')[0], srmap(o, 'compliance-type')])).toEqual([
      ['AggregateComplianceTypes', 'not-collected', ['NOT_APPLICABLE']],
      ['AggregateRecorderState', 'unknown', []],
    ]);
    expect(limitObs[0]?.description).toContain('no status rests on them');
    const limitUuids = limitObs.map((o) => o.uuid as string);
    // A finding decided by AWS Config rules links both limits (marked, not deciding); one decided only by manual evidence or attestations links none.
    for (const [i, req] of base.result.requirements.filter((r) => r.assessable).entries()) {
      const f = arr(result.findings)[i] as Obj;
      const byRule = req.deciding.some((p) => p.kind === 'rule');
      expect(srmap(f, 'limit-observation'), req.requirementId).toEqual(byRule ? limitUuids : []);
      expect(srmap(f, 'deciding-observation').some((u) => limitUuids.includes(u))).toBe(false);
      const related = arr(f['related-observations']).map((r) => r['observation-uuid']);
      if (byRule) expect(related.slice(related.length - limitUuids.length)).toEqual(limitUuids);
      else expect(related.some((u) => limitUuids.includes(u as string))).toBe(false);
    }
    expect(base.result.requirements.some((r) => r.assessable && r.deciding.some((p) => p.kind === 'rule'))).toBe(true);
    expect(base.result.requirements.some((r) => r.assessable && !r.deciding.some((p) => p.kind === 'rule'))).toBe(true);
    // Without limits, the set is what it was: no observation, no property.
    const plain = doc('_assessment-results.json', 'assessment-results');
    expect(srmap(arr(plain.results)[0] as Obj, 'collection-limits')).toEqual(['0']);
  });

  it('back matter: manual evidence with its sha256, attestations cited by name, version and period, never embedded', () => {
    const ar = doc('_assessment-results.json', 'assessment-results');
    const resources = arr((ar['back-matter'] as Obj).resources);
    expect(resources.some((r) => r.base64 !== undefined)).toBe(false);
    const manual = resources.filter((r) => srmap(r, 'evidence-id').length > 0);
    for (const r of manual) {
      const rec = pack.evidence.manualEvidence.find((m) => m.id === srmap(r, 'evidence-id')[0]);
      if (rec?.sha256) expect(arr(r.rlinks)[0]?.hashes).toEqual([{ algorithm: 'SHA-256', value: rec.sha256 }]);
    }
    const cited = resources.filter((r) => srmap(r, 'report-id').length > 0);
    expect(cited.length).toBeGreaterThan(0);
    for (const r of cited) expect((r.citation as Obj).text).toMatch(/version \d+, period \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
    const snapshot = resources[0] as Obj;
    expect(arr(snapshot.rlinks)[0]?.hashes).toEqual([{ algorithm: 'SHA-256', value: 'ab'.repeat(32) }]);
  });

  it('POA&M: an item per requirement not met and per current exception, with owner, remediation and expiry', () => {
    const poam = doc('_poam.json', 'plan-of-action-and-milestones');
    const items = arr(poam['poam-items']);
    const risks = new Map(arr(poam.risks).map((r) => [r.uuid as string, r]));
    const notMet = pack.result.requirements.filter((r) => r.assessable && r.status === 'not-met').map((r) => r.requirementId);
    expect(items.filter((i) => srmap(i, 'item-type')[0] === 'requirement-not-met').flatMap((i) => srmap(i, 'requirement'))).toEqual(notMet);
    for (const item of items) {
      const risk = risks.get(arr(item['related-risks'])[0]?.['risk-uuid'] as string) as Obj;
      expect(arr(risk.remediations).length).toBeGreaterThan(0);
      if (srmap(item, 'item-type')[0] === 'exception') {
        expect(risk.status).toBe('deviation-approved');
        expect(risk.deadline).toBe(`${srmap(item, 'expires-on')[0]}T23:59:59Z`);
      } else {
        expect(risk.status).toBe('open');
        expect(srmap(item, 'owner').length).toBeGreaterThan(0);
      }
    }
    const summary = toOscalSummary(set);
    expect(summary.poamItems.requirements).toBe(notMet.length);
    expect(summary.findings.satisfied + summary.findings['not-satisfied']).toBe(pack.result.counts.assessable);
  });

  it('shows AWS text literally: control characters visible, markup inside code spans, nothing on two lines where OSCAL wants one', () => {
    const text = set.map(toOscalJson).join('\n');
    expect(text).not.toMatch(/\\u000[0-8bcef]|\\u001[0-9a-f]/);
    expect(text).toContain('\\\\u{0000}');
    for (const m of text.matchAll(/<script>/g)) expect(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index)).toContain('`');
    expect(text).toContain(HOSTILE.longArn);
  });

  it('SSP: an applicability declaration is in the implemented requirement\'s properties, and its words are shown literally', () => {
    const base = makePackInput();
    const target = base.result.requirements.find((r) => r.assessable && r.status === 'not-applicable') ?? base.result.requirements.find((r) => r.assessable);
    if (!target) throw new Error('the fixture has no assessable requirement');
    const declaration = { requirement: `hipaa-security:${target.requirementId}`, decision: 'not-applicable' as const, justification: `No clearinghouse function ${HOSTILE.script} ${HOSTILE.controlChars}`, approver: 'CISO', approvedOn: '2026-01-15', reviewBy: '2027-01-15' };
    const declared = build({ ...base, result: { ...base.result, requirements: base.result.requirements.map((r) => (r === target ? { ...r, declaration } : r)) } });
    for (const d of declared) expect(validate(JSON.parse(toOscalJson(d)) as unknown).errors, d.name).toEqual([]);
    const ssp = (declared.find((d) => d.name.endsWith('_ssp.json'))?.document as Obj)['system-security-plan'] as Obj;
    const reqs = arr((ssp['control-implementation'] as Obj)['implemented-requirements']);
    const impl = reqs.find((r) => r['control-id'] === requirementToken(target.requirementId)) as Obj;
    expect([srmap(impl, 'declaration'), srmap(impl, 'declared-on'), srmap(impl, 'declaration-approver'), srmap(impl, 'declaration-approved-on'), srmap(impl, 'declaration-review-by')]).toEqual([
      ['not-applicable'], [declaration.requirement], ['CISO'], ['2026-01-15'], ['2027-01-15'],
    ]);
    expect(reqs.filter((r) => srmap(r, 'declaration').length > 0)).toHaveLength(1);
    const remarks = arr(impl['by-components']).map((b) => (b['implementation-status'] as Obj).remarks as string).join('\n');
    expect(remarks).toContain('Declared not applicable (applicability.yaml): `No clearinghouse function <script>alert(1)</script> bucket\\u{0000}');
    expect(remarks).toContain('Approved by `CISO` on 2026-01-15, to be reviewed by 2027-01-15');
  });

  it('uses OSCAL\'s own property names only where OSCAL 1.1.2\'s metaschema allows them, with its allowed values', () => {
    // From usnistgov/OSCAL v1.1.2 src/metaschema (allowed-values constraints, which the JSON Schema does not carry).
    const allowed: Record<string, Record<string, RegExp>> = {
      'catalog/controls': { label: /./, 'sort-id': /./ },
      'catalog/groups': { label: /./, 'sort-id': /./ },
      'system-security-plan/components': { 'implementation-point': /^(internal|external)$/, 'leveraged-authorization-uuid': /^[0-9a-f-]{36}$/ },
      'system-security-plan/by-components': { 'control-origination': /^(organization|system-specific|customer-configured|customer-provided|inherited)$/ },
      'assessment-plan/activities': { method: /^(INTERVIEW|EXAMINE|TEST)$/ },
    };
    const seen = new Set<string>();
    const walk = (node: unknown, model: string, parent: string) => {
      if (Array.isArray(node)) {
        for (const x of node) walk(x, model, parent);
        return;
      }
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node as Obj)) {
        if (k === 'props') {
          for (const p of arr(v).filter((x) => x.ns === undefined)) {
            const rule = allowed[`${model}/${parent}`]?.[p.name as string];
            expect(rule, `${model} ${parent} prop ${String(p.name)}`).toBeDefined();
            expect(p.value as string, `${model} ${parent} prop ${String(p.name)}`).toMatch(rule ?? /^$/);
            seen.add(`${model}/${parent}/${String(p.name)}`);
          }
        } else walk(v, model, k);
      }
    };
    for (const d of set) {
      const [model, body] = Object.entries(d.document as Obj)[0] ?? [];
      walk(body, model ?? '', model ?? '');
    }
    expect([...seen].sort()).toEqual(Object.entries(allowed).flatMap(([ctx, names]) => Object.keys(names).map((n) => `${ctx}/${n}`)).sort());
    // Enumerated values the JSON Schema leaves open.
    const text = set.map(toOscalJson).join('\n');
    for (const m of text.matchAll(/"type": "([^"]+)"/g)) expect(['this-system', 'interconnection', 'software', 'hardware', 'service', 'policy', 'physical', 'process-procedure', 'plan', 'guidance', 'standard', 'validation', 'component', 'statement-id', 'action', 'milestone', 'organization', 'person']).toContain(m[1]);
  });

  it('writes no POA&M when nothing is to be tracked (OSCAL wants at least one item)', () => {
    const clean = makePackInput();
    clean.result.requirements = clean.result.requirements.map((r) => (r.status === 'not-met' ? { ...r, status: 'partial' } : r));
    clean.evidence = { ...clean.evidence, exceptions: [] };
    expect(build(clean).map((d) => d.name)).not.toContain('hipaa-security_poam.json');
  });
});
