/**
 * A requirement's framework-specific properties read through the declarations of its framework
 * file (name, allowed values, label, effect), so no stage names a framework's attribute. Pure.
 */
import type { PropertyDeclaration, PropertyValue, RequirementPropertyColumn } from './catalog.js';

export type PropertyDeclarations = Readonly<Record<string, PropertyDeclaration>> | undefined;
export type PropertyValues = Readonly<Record<string, string>> | undefined;

export interface RequirementProperty {
  name: string;
  value: string;
  declaration: PropertyDeclaration | undefined;
  /** What the framework file says of this value (undefined for a value it does not declare, which check-catalog reports). */
  term: PropertyValue | undefined;
}

/** The requirement's properties in the order its framework declares them (undeclared ones last, by name). */
export function toRequirementProperties(declared: PropertyDeclarations, values: PropertyValues): RequirementProperty[] {
  if (!values) return [];
  const order = Object.keys(declared ?? {});
  const rank = (name: string): number => {
    const i = order.indexOf(name);
    return i === -1 ? order.length : i;
  };
  return Object.entries(values)
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => {
      const declaration = declared && Object.hasOwn(declared, name) ? declared[name] : undefined;
      const term = declaration && Object.hasOwn(declaration.values, value) ? declaration.values[value] : undefined;
      return { name, value, declaration, term };
    });
}

/** How the requirement's properties are shown beside its status: the labels the framework gives their values. */
export function toPropertyLabels(declared: PropertyDeclarations, values: PropertyValues): string[] {
  return toRequirementProperties(declared, values).flatMap((p) => (p.term?.label ? [p.term.label] : []));
}

/** The value for a requirements.csv property column: the property declared with that column, or ''. */
export function toPropertyColumn(declared: PropertyDeclarations, values: PropertyValues, column: RequirementPropertyColumn): string {
  return toRequirementProperties(declared, values).find((p) => p.declaration?.column === column)?.value ?? '';
}

/** Whether a value of the requirement makes it apply only to organisations with this fact (srmap.yaml). */
export function appliesOnlyTo(declared: PropertyDeclarations, values: PropertyValues, fact: NonNullable<PropertyValue['appliesOnlyTo']>): boolean {
  return toRequirementProperties(declared, values).some((p) => p.term?.appliesOnlyTo === fact);
}

/** Whether a value of the requirement lets a documented alternative measure meet it (HIPAA addressable). */
export function allowsAlternative(declared: PropertyDeclarations, values: PropertyValues): boolean {
  return toRequirementProperties(declared, values).some((p) => p.term?.alternative === true);
}
