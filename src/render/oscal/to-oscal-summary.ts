/**
 * The figures of one framework's OSCAL set, read from the documents themselves (so they say what
 * the files hold): implemented requirements of the SSP and their implementation status,
 * by-components by srmap's responsibility property, findings by state, POA&M items by kind. Pure.
 */
import { SRMAP_NS } from './oscal-text.js';
import type { OscalDocument } from './to-oscal-set.js';

export interface OscalSummary {
  implementedRequirements: number;
  /** Implemented requirements by the implementation status of the organisation's by-components (worst first when they differ). */
  implementationStatus: Record<string, number>;
  byComponents: { inherited: number; shared: number; customer: number };
  findings: { satisfied: number; 'not-satisfied': number };
  /** Findings by the framework's own term. */
  findingsByFrameworkTerm: Record<string, number>;
  poamItems: { requirements: number; exceptions: number };
  files: string[];
}

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const srmapProp = (o: Obj, name: string): string | undefined => arr(o.props).find((p) => p.ns === SRMAP_NS && p.name === name)?.value as string | undefined;
const bump = (r: Record<string, number>, k: string) => { r[k] = (r[k] ?? 0) + 1; };

const ORDER = ['planned', 'partial', 'alternative', 'not-applicable', 'implemented'];

export function toOscalSummary(docs: readonly OscalDocument[]): OscalSummary {
  const out: OscalSummary = {
    implementedRequirements: 0,
    implementationStatus: {},
    byComponents: { inherited: 0, shared: 0, customer: 0 },
    findings: { satisfied: 0, 'not-satisfied': 0 },
    findingsByFrameworkTerm: {},
    poamItems: { requirements: 0, exceptions: 0 },
    files: docs.map((d) => d.name),
  };
  for (const { document } of docs) {
    const ssp = document['system-security-plan'] as Obj | undefined;
    if (ssp) {
      const irs = arr((ssp['control-implementation'] as Obj | undefined)?.['implemented-requirements']);
      out.implementedRequirements += irs.length;
      for (const ir of irs) {
        const states = arr(ir['by-components']).map((b) => (b['implementation-status'] as Obj | undefined)?.state as string | undefined).filter((s): s is string => s !== undefined);
        const worst = [...states].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))[0];
        if (worst) bump(out.implementationStatus, worst);
        for (const b of arr(ir['by-components'])) {
          const r = srmapProp(b, 'responsibility');
          if (r === 'inherited' || r === 'shared' || r === 'customer') out.byComponents[r] += 1;
        }
      }
    }
    const ar = document['assessment-results'] as Obj | undefined;
    for (const result of arr(ar?.results)) {
      for (const f of arr(result.findings)) {
        const state = ((f.target as Obj | undefined)?.status as Obj | undefined)?.state;
        if (state === 'satisfied' || state === 'not-satisfied') out.findings[state] += 1;
        bump(out.findingsByFrameworkTerm, srmapProp(f, 'framework-status') ?? '-');
      }
    }
    const poam = document['plan-of-action-and-milestones'] as Obj | undefined;
    for (const item of arr(poam?.['poam-items'])) {
      if (srmapProp(item, 'item-type') === 'exception') out.poamItems.exceptions += 1;
      else out.poamItems.requirements += 1;
    }
  }
  return out;
}
