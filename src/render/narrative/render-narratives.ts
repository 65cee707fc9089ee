/**
 * Implementation statements: each control's Handlebars narrative rendered with the evaluated facts.
 * Isolated Handlebars environment, strict mode (a missing field is an error, not an empty string),
 * no HTML escaping: the output goes into PDF text nodes and CSV cells, never into HTML.
 */
import Handlebars from 'handlebars';
import type { Control } from '../../domain/catalog.js';
import { toDay } from '../../domain/dates.js';
import { SrmapError } from '../../domain/errors.js';
import type { NarrativeContext } from '../../domain/narrative.js';
import { toVisibleText } from '../../domain/visible-text.js';
import type { ControlResult, EvidenceSummary } from '../../domain/result.js';

export function toNarrativeContext(result: ControlResult, evidence: EvidenceSummary): NarrativeContext {
  const deployed = result.automated.filter((r) => r.deployments > 0);
  const compliant = deployed.reduce((n, r) => n + r.counts.COMPLIANT, 0);
  const nonCompliant = deployed.reduce((n, r) => n + r.counts.NON_COMPLIANT, 0);
  return {
    organisation: evidence.manifest.organisation.name,
    asOf: toDay(evidence.manifest.createdAt),
    status: result.status,
    responsibility: result.responsibility,
    ruleCount: deployed.length,
    compliant,
    evaluated: compliant + nonCompliant,
    failing: deployed.reduce((n, r) => n + r.failingTotal, 0),
    rules: deployed.map((r) => ({
      identifier: r.identifier,
      compliant: r.counts.COMPLIANT,
      nonCompliant: r.counts.NON_COMPLIANT,
      total: r.counts.COMPLIANT + r.counts.NON_COMPLIANT + r.counts.NOT_APPLICABLE + r.counts.INSUFFICIENT_DATA,
    })),
    manual: result.manual.map((m) => ({ title: m.record?.title ?? m.title, status: m.status, collectedOn: m.record?.collectedOn ?? '' })),
    attestations: result.attestations.map((a) => ({
      title: a.report?.name ?? a.agreement?.name ?? a.title,
      status: a.status,
      period: a.report ? `${toDay(a.report.periodStart)} to ${toDay(a.report.periodEnd)}` : a.agreement ? `since ${toDay(a.agreement.effectiveStart)}` : '',
    })),
  };
}

export type NarrativeRenderer = (control: Control, result: ControlResult, evidence: EvidenceSummary) => string;

/** One Handlebars environment and one compiled template per control, reused across frameworks. */
export function createNarrativeRenderer(): NarrativeRenderer {
  const hb = Handlebars.create();
  const compiled = new Map<string, HandlebarsTemplateDelegate<NarrativeContext>>();
  return (control, result, evidence) => {
    let t = compiled.get(control.id);
    if (!t) {
      t = hb.compile<NarrativeContext>(control.narrative, { strict: true, noEscape: true });
      compiled.set(control.id, t);
    }
    try {
      // The context holds untrusted text (organisation, report and register titles): nothing hidden passes.
      return toVisibleText(t(toNarrativeContext(result, evidence)).replace(/\s+/g, ' ').trim());
    } catch (cause) {
      throw new SrmapError('NARRATIVE_FAILED', `The narrative of control ${control.id} (family ${control.family}) failed to render: ${(cause as Error).message}`, {
        hint: 'Use only the fields of NarrativeContext (src/domain/narrative.ts), then run `srmap validate`.',
        cause,
      });
    }
  };
}
