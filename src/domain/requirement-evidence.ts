/**
 * Which evidence decides a requirement and which only supports it (ARCHITECTURE "Deciding and
 * supporting evidence"). A control serves many requirements, but not every rule of a control tests
 * every requirement it serves: only the deciding evidence can make a requirement met or not met.
 * Pure; one derivation shared by evaluate/, render/, answer/ and the catalog statistics.
 */
import type { Catalog, Requirement } from './catalog.js';
import type { Responsibility } from './status.js';

/** One deciding item and the control it comes from (the control carries its owner and remediation). */
export interface DecidingItem {
  id: string;
  controlId: string;
}

export interface RequirementEvidence {
  /** The controls whose evidence decides it, in catalog order. */
  controls: string[];
  /** Managed rules that test it, each with the first control (in order) that lists it. */
  rules: DecidingItem[];
  /** Manual evidence kinds that decide it. */
  manual: DecidingItem[];
  /** AWS attestation kinds that decide the AWS side (controls that are not the customer's alone). */
  attestations: DecidingItem[];
  /** Related controls: shown, never decide. */
  supportingControls: string[];
  /** Related managed rules (sorted): the deciding controls' other rules, the supporting controls' rules, and `supportingRules`. */
  supportingRules: string[];
  /**
   * Who carries it, from what decides it: AWS's part is what an attestation decides, the
   * customer's what rules and manual evidence decide. Both: shared; attestations only: inherited.
   */
  responsibility: Responsibility;
}

function add(list: DecidingItem[], seen: Set<string>, id: string, controlId: string): void {
  if (seen.has(id)) return;
  seen.add(id);
  list.push({ id, controlId });
}

export function toRequirementEvidence(catalog: Catalog, req: Requirement): RequirementEvidence {
  const ruleFilter = req.decides?.configRules === undefined ? undefined : new Set(req.decides.configRules);
  const manualFilter = req.decides?.manual === undefined ? undefined : new Set(req.decides.manual);
  const attestationFilter = req.decides?.attestations === undefined ? undefined : new Set(req.decides.attestations);
  const rules: DecidingItem[] = [];
  const manual: DecidingItem[] = [];
  const attestations: DecidingItem[] = [];
  const seen = { rules: new Set<string>(), manual: new Set<string>(), attestations: new Set<string>() };
  const related = new Set<string>();
  for (const controlId of req.controls) {
    const control = catalog.controls.get(controlId);
    if (!control) continue;
    for (const r of control.evidence.configRules) {
      if (ruleFilter === undefined || ruleFilter.has(r)) add(rules, seen.rules, r, controlId);
      else related.add(r);
    }
    for (const k of control.evidence.manual) {
      if (manualFilter === undefined || manualFilter.has(k)) add(manual, seen.manual, k, controlId);
    }
    if (control.responsibility.model !== 'customer') {
      for (const k of control.evidence.attestations) if (attestationFilter === undefined || attestationFilter.has(k)) add(attestations, seen.attestations, k, controlId);
    }
  }
  for (const controlId of req.supportedBy ?? []) {
    for (const r of catalog.controls.get(controlId)?.evidence.configRules ?? []) related.add(r);
  }
  for (const r of req.supportingRules ?? []) related.add(r);
  for (const r of seen.rules) related.delete(r);
  const models = req.controls.map((id) => catalog.controls.get(id)?.responsibility.model);
  const customerPart = rules.length + manual.length > 0 || models.includes('customer');
  // AWS has a part when an attestation decides it, or when a control that is not the customer's
  // alone decides it and the requirement does not say AWS has no part (decides.attestations: []).
  const awsPart = attestations.length > 0 || (attestationFilter === undefined && models.some((m) => m !== undefined && m !== 'customer'));
  return {
    controls: [...req.controls],
    rules,
    manual,
    attestations,
    supportingControls: [...(req.supportedBy ?? [])],
    supportingRules: [...related].sort(),
    responsibility: awsPart ? (customerPart ? 'shared' : 'inherited') : 'customer',
  };
}
