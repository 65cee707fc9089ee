/**
 * The applicability.yaml `srmap init` writes: what a declaration is, in the chosen frameworks' own
 * words (their reporting terms, the property values that admit an alternative measure, the
 * requirements they make mandatory), and one commented example per chosen framework, from its
 * framework file's `applicabilityHint` (else its first requirement that may be declared, with the
 * justification left to write). Every example is one the working folder accepts once uncommented:
 * it is checked against the same sets the applicability file is (toWorkingContext). Pure.
 */
import type { ApplicabilityDeclaration, Decision } from '../../domain/applicability.js';
import { toFrameworkStatus } from '../../evaluate/evaluate-framework.js';
import type { ApplicabilityHint, Framework } from '../../domain/catalog.js';
import type { WorkingContext } from '../../collect/manual/parse-working-files.js';

/** A declaration as the pack applies it, to ask for the words the pack shows for it (toFrameworkStatus). */
const EXAMPLE: ApplicabilityDeclaration = { requirement: '', decision: 'not-applicable', justification: '', approver: '', approvedOn: '' };
const quoted = (v: string) => JSON.stringify(v);
/** A framework's words on one comment line. */
const oneLine = (v: string) => v.replace(/\s+/g, ' ').trim();

/** Whether the working folder accepts `decision` on `framework-id:requirement-id`. */
function admits(ctx: WorkingContext, key: string, decision: Decision): boolean {
  if (decision === 'alternative') return ctx.alternatives?.has(key) ?? false;
  return (ctx.requirements.has(key) || (ctx.headings?.has(key) ?? false)) && !(ctx.notExcludable?.has(key) ?? false);
}

/** The framework's example: its hint when the working folder accepts it, else its first declarable requirement. */
function exampleOf(f: Framework, ctx: WorkingContext): ApplicabilityHint | undefined {
  const hint = f.applicabilityHint;
  if (hint && admits(ctx, `${f.id}:${hint.requirement}`, hint.decision)) return hint;
  const first = f.requirements.find((r) => r.assessable && admits(ctx, `${f.id}:${r.id}`, 'not-applicable'));
  return first && { requirement: first.id, decision: 'not-applicable', justification: `Why ${first.id} (${oneLine(first.title)}) does not apply here, as your assessor will read it.` };
}

/** The property values of a framework that admit a documented alternative measure, by label (applicability.yaml's notes, the working folder's README). */
export function alternativeValues(f: Framework): string[] {
  return Object.values(f.properties ?? {}).flatMap((d) => Object.entries(d.values).filter(([, v]) => v.alternative === true).map(([value, v]) => oneLine(v.label ?? `${d.title}: ${value}`)));
}

export function toApplicabilityFile(frameworks: readonly Framework[], ctx: WorkingContext): string {
  const terms = frameworks.map((f) => {
    const na = toFrameworkStatus(f.reporting, 'not-applicable', { ...EXAMPLE, decision: 'not-applicable' });
    const alt = alternativeValues(f).length > 0 ? toFrameworkStatus(f.reporting, 'accepted-risk', { ...EXAMPLE, decision: 'alternative' }) : undefined;
    const words = [quoted(oneLine(na)), ...(alt ? [`an alternative measure ${quoted(oneLine(alt))}`] : [])];
    return `#   ${oneLine(f.name)}: ${words.join(', ')}`;
  });
  const alternatives = frameworks.flatMap((f) => {
    const values = alternativeValues(f);
    return values.length > 0 ? [`${oneLine(f.name)}: ${values.join(', ')}`] : [];
  });
  const mandatory = frameworks.flatMap((f) => (f.reporting?.notExcludable?.length ? [`${oneLine(f.name)}: ${f.reporting.notExcludable.join(', ')}`] : []));
  const examples = frameworks.flatMap((f) => {
    const e = exampleOf(f, ctx);
    if (!e) return [];
    return [
      `#   - requirement: ${quoted(`${f.id}:${e.requirement}`)}`,
      `#     decision: ${e.decision}`,
      ...(e.alternative !== undefined ? [`#     alternative: ${quoted(e.alternative)}`] : []),
      `#     justification: ${quoted(e.justification)}`,
      '#     approver: "CISO"',
      '#     approvedOn: 2026-07-01',
      '#     reviewBy: 2027-07-01',
    ];
  });
  return [
    '# Requirements of the chosen frameworks that do not apply here, each with its justification,',
    '# approver and date. A declaration on a heading covers every requirement under it, unless one has',
    "# its own. Each pack shows a declaration in its framework's words:",
    ...terms,
    ...(alternatives.length > 0
      ? ['# decision: alternative declares the equivalent measure implemented instead, for a requirement that', `# admits one (${alternatives.join('; ')}).`]
      : []),
    ...(mandatory.length > 0 ? [`# Mandatory, never declared not applicable: ${mandatory.join('; ')} (with everything under them).`] : []),
    '# This is not a risk acceptance (exceptions.yaml). A declaration past reviewBy is listed and not applied.',
    ...(examples.length > 0 ? ['# For example:', ...examples] : []),
    'declarations: []',
    '',
  ].join('\n');
}
