/**
 * The OSCAL catalogs: one per framework (its requirement tree: headings as groups, requirements as
 * controls, the identifier exactly as the standard writes it in the `label` property, titles in
 * srmap's words) and srmap's common controls as a second catalog (per control family: objective,
 * what AWS does and what the customer does, per service kind where the split moves, and the
 * evidence that can decide it). Pure.
 */
import type { Catalog, Control } from '../../domain/catalog.js';
import type { RequirementResult } from '../../domain/result.js';
import { toRequirementProperties } from '../../domain/requirement-properties.js';
import { SERVICE_TITLES, toMetadata, type OscalModel } from './oscal-model.js';
import { controlToken, documentUuid, line, nistProp, prop, prune, SRMAP_NS, statementId } from './oscal-text.js';

function sortId(i: number): string {
  return String(i + 1).padStart(4, '0');
}

export function toFrameworkCatalog(model: OscalModel) {
  const { result } = model.input.pack;
  const children = new Map<string | undefined, RequirementResult[]>();
  const ids = new Set(result.requirements.map((r) => r.requirementId));
  for (const r of result.requirements) {
    const parent = r.parent !== undefined && ids.has(r.parent) ? r.parent : undefined;
    const list = children.get(parent) ?? [];
    list.push(r);
    children.set(parent, list);
  }
  const order = new Map(result.requirements.map((r, i) => [r.requirementId, i]));
  const token = (r: RequirementResult) => model.tokens.get(r.requirementId) as string;

  const toControl = (r: RequirementResult): unknown => ({
    id: token(r),
    class: r.assessable ? 'requirement' : 'heading',
    title: line(r.title),
    props: [
      nistProp('label', r.requirementId),
      nistProp('sort-id', sortId(order.get(r.requirementId) ?? 0)),
      ...(r.assessable ? [] : [prop('assessable', 'false')]),
      ...(r.assessable ? [prop('responsibility', r.responsibility)] : []),
      ...toRequirementProperties(result.framework.properties, r.properties).map((p) => prop(p.name, p.value)),
      ...r.controls.map((c) => prop('deciding-control', c)),
      ...r.supportingControls.map((c) => prop('supporting-control', c)),
    ],
    parts: [{ id: statementId(token(r)), name: 'statement', prose: r.description ?? r.title }],
    controls: (children.get(r.requirementId) ?? []).map(toControl),
  });
  // Headings group; a heading under a requirement (none in the shipped catalog) stays a control, marked not assessable.
  const toNode = (r: RequirementResult): { group?: unknown; control?: unknown } => {
    if (r.assessable) return { control: toControl(r) };
    const kids = (children.get(r.requirementId) ?? []).map(toNode);
    return {
      group: {
        id: `grp-${token(r).slice('req-'.length)}`,
        class: 'heading',
        title: line(r.title),
        props: [nistProp('label', r.requirementId), nistProp('sort-id', sortId(order.get(r.requirementId) ?? 0))],
        groups: kids.flatMap((k) => (k.group ? [k.group] : [])),
        controls: kids.flatMap((k) => (k.control ? [k.control] : [])),
      },
    };
  };
  const top = (children.get(undefined) ?? []).map(toNode);
  const fw = result.framework;
  const body = prune({
    metadata: toMetadata(model, `${fw.name} ${fw.version}: requirements as srmap maps them`, {
      props: [prop('framework-id', fw.id), prop('framework-version', fw.version), prop('publisher', fw.publisher)],
      remarks: `${fw.description}\n\nIdentifiers are exactly as ${fw.publisher} writes them (the \`label\` property of each control); titles are srmap's own words, not the standard's text. Headings of the standard are groups; each assessable requirement is a control. The \`deciding-control\` and \`supporting-control\` properties name srmap's common controls (${model.files.commonControls}) whose evidence decides the requirement or only supports it.`,
    }),
    groups: top.flatMap((n) => (n.group ? [n.group] : [])),
    controls: top.flatMap((n) => (n.control ? [n.control] : [])),
  });
  return { catalog: { uuid: documentUuid(`catalog|${fw.id}`, body), ...body } };
}

function toCommonControl(c: Control, catalog: Catalog): unknown {
  const id = controlToken(c.id);
  const split = (name: string, title: string, s: { model: string; aws: string; customer: string }, cls?: string) => ({
    ns: SRMAP_NS,
    name,
    ...(cls ? { class: cls } : {}),
    title,
    props: [prop('responsibility', s.model)],
    parts: [
      { ns: SRMAP_NS, name: 'aws', title: 'What AWS does', prose: s.aws },
      { ns: SRMAP_NS, name: 'customer', title: 'What the customer does', prose: s.customer },
    ],
  });
  return {
    id,
    title: line(c.title),
    props: [
      nistProp('label', c.id),
      prop('responsibility', c.responsibility.model),
      ...c.evidence.configRules.map((r) => prop('config-rule', r)),
      ...c.evidence.attestations.map((a) => prop('attestation', a)),
      ...c.evidence.manual.map((m) => prop('manual-evidence', m)),
    ],
    parts: [
      { id: statementId(id), name: 'statement', prose: c.objective },
      split('responsibility', 'Shared responsibility (AWS-hosted scope)', c.responsibility),
      ...(c.responsibility.services ?? []).map((s) => split('service-responsibility', `On ${SERVICE_TITLES[s.service]}`, s, s.service)),
      {
        ns: SRMAP_NS,
        name: 'evidence',
        title: 'Evidence that can decide it',
        prose: [
          c.evidence.configRules.length > 0 ? `AWS Config managed rules: ${c.evidence.configRules.join(', ')}.` : 'No AWS Config managed rule.',
          c.evidence.attestations.length > 0 ? `AWS attestations (AWS side): ${c.evidence.attestations.map((a) => catalog.attestationKinds.get(a)?.title ?? a).join('; ')}.` : '',
          c.evidence.manual.length > 0 ? `Manual evidence: ${c.evidence.manual.map((m) => catalog.manualKinds.get(m)?.title ?? m).join('; ')}.` : '',
        ].filter((s) => s !== '').join('\n\n'),
      },
      { ns: SRMAP_NS, name: 'remediation', title: 'When it is not met', prose: c.remediation },
    ],
  };
}

/** srmap's common controls, every one of the catalog's, grouped by family: the same document in every framework's set. */
export function toCommonControlsCatalog(model: OscalModel) {
  const { catalog } = model.input;
  const byFamily = new Map<string, Control[]>();
  for (const c of catalog.controls.values()) byFamily.set(c.family, [...(byFamily.get(c.family) ?? []), c]);
  const body = prune({
    metadata: toMetadata(model, "srmap common controls: the shared responsibility split of each control", {
      remarks: "srmap's common control library: one thing an organisation does once for every framework, with what AWS does and what the customer does for the AWS-hosted scope, and per kind of service where the split moves. Each framework's catalog names the common controls that decide or support each requirement.",
    }),
    groups: [...byFamily.keys()].sort().map((family) => ({
      id: controlToken(`family-${family}`),
      class: 'family',
      title: line(catalog.families.get(family) ?? family),
      controls: (byFamily.get(family) ?? []).sort((a, b) => a.id.localeCompare(b.id)).map((c) => toCommonControl(c, catalog)),
    })),
  });
  return { catalog: { uuid: documentUuid('catalog|common-controls', body), ...body } };
}

/** The framework's profile: every assessable requirement of its catalog, the headings kept as they are. */
export function toProfile(model: OscalModel) {
  const fw = model.input.pack.result.framework;
  const body = prune({
    metadata: toMetadata(model, `${fw.name} ${fw.version}: the baseline srmap assesses`, {
      props: [prop('framework-id', fw.id)],
      remarks: `Selects every assessable requirement of ${model.files.catalog}. The system security plan imports this profile.`,
    }),
    imports: [{ href: `./${model.files.catalog}`, 'include-controls': [{ 'with-ids': model.requirements.map((r) => model.tokens.get(r.requirementId) as string) }] }],
    merge: { 'as-is': true },
  });
  return { profile: { uuid: documentUuid(`profile|${fw.id}`, body), ...body } };
}
