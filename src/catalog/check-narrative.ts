/**
 * Narrative templates: the fields the renderer passes, and a check that a template compiles and uses
 * only those fields. Pure. Handlebars strict mode throws on a missing field at render time but
 * `{{#if typo}}` is silently false, so the catalog check walks the template's AST instead.
 */
import Handlebars from 'handlebars';
import { NARRATIVE_FIELDS, type FieldShape } from '../domain/narrative.js';

export { NARRATIVE_FIELDS, SAMPLE_NARRATIVE_CONTEXT } from '../domain/narrative.js';

const BLOCK_HELPERS = new Set(['if', 'unless', 'each']);
const DATA_VARIABLES = new Set(['index', 'first', 'last', 'key']);

type Scope = { readonly [field: string]: FieldShape };

export interface NarrativeIssue {
  message: string;
  /** 1-based line within the template, when known. */
  line?: number;
}

/** Problems with a narrative template: syntax errors, unknown fields, unsupported helpers. */
export function checkNarrative(source: string, fields: Scope = NARRATIVE_FIELDS): NarrativeIssue[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
    Handlebars.precompile(source, { strict: true, noEscape: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/\s+/g, ' ').trim() : String(e);
    const m = /on line (\d+)/.exec(message);
    return [{ message: `does not compile as Handlebars: ${message}`, ...(m ? { line: Number(m[1]) } : {}) }];
  }
  const issues: NarrativeIssue[] = [];
  const at = (node: hbs.AST.Node): { line?: number } => (node.loc ? { line: node.loc.start.line } : {});

  const checkPath = (node: hbs.AST.Node, scopes: readonly Scope[]): void => {
    if (node.type === 'SubExpression') {
      issues.push({ message: 'sub-expressions are not supported in narratives', ...at(node) });
      return;
    }
    if (node.type !== 'PathExpression') return; // literals are fine
    const p = node as hbs.AST.PathExpression;
    if (p.data) {
      if (!DATA_VARIABLES.has(p.parts[0] ?? '') || scopes.length < 2) {
        issues.push({ message: `unknown data variable '@${p.parts.join('.')}'`, ...at(node) });
      }
      return;
    }
    const scope = scopes[scopes.length - 1 - p.depth];
    if (!scope) {
      issues.push({ message: `'${p.original}' climbs above the narrative context`, ...at(node) });
      return;
    }
    if (p.parts.length === 0) return; // `this`
    const [first, ...rest] = p.parts;
    const shape = first === undefined ? undefined : scope[first];
    if (shape === undefined) {
      issues.push({ message: `unknown field '${p.original}' (allowed here: ${Object.keys(scope).join(', ')})`, ...at(node) });
    } else if (rest.length > 0 && !(shape !== 'scalar' && rest.length === 1 && rest[0] === 'length')) {
      issues.push({ message: `'${p.original}': '${first}' has no field '${rest.join('.')}'`, ...at(node) });
    }
  };

  const walk = (prog: hbs.AST.Program | undefined, scopes: readonly Scope[]): void => {
    for (const stmt of prog?.body ?? []) {
      if (stmt.type === 'MustacheStatement') {
        const m = stmt as hbs.AST.MustacheStatement;
        if (m.params.length > 0 || m.hash?.pairs?.length) {
          issues.push({ message: `helper calls are not supported in narratives ('${(m.path as hbs.AST.PathExpression).original ?? '?'}')`, ...at(stmt) });
        } else checkPath(m.path, scopes);
      } else if (stmt.type === 'BlockStatement') {
        const b = stmt as hbs.AST.BlockStatement;
        const helper = b.path.original;
        if (!BLOCK_HELPERS.has(helper) || b.params.length !== 1 || b.hash?.pairs?.length) {
          issues.push({ message: `unsupported block '{{#${helper}}}': use {{#if field}}, {{#unless field}} or {{#each list}}`, ...at(stmt) });
          continue;
        }
        const param = b.params[0] as hbs.AST.Node;
        checkPath(param, scopes);
        let inner = scopes;
        if (helper === 'each') {
          const p = param as hbs.AST.PathExpression;
          const scope = scopes[scopes.length - 1 - (p.depth ?? 0)];
          const shape = p.type === 'PathExpression' && p.parts.length === 1 && scope ? scope[p.parts[0] ?? ''] : undefined;
          if (shape === 'scalar') issues.push({ message: `'{{#each ${p.original}}}': '${p.original}' is not a list`, ...at(stmt) });
          inner = shape && shape !== 'scalar' ? [...scopes, shape] : [...scopes, {}];
        }
        walk(b.program, inner);
        walk(b.inverse, scopes);
      } else if (stmt.type === 'PartialStatement' || stmt.type === 'PartialBlockStatement' || stmt.type === 'DecoratorBlock' || stmt.type === 'Decorator') {
        issues.push({ message: 'partials and decorators are not supported in narratives', ...at(stmt) });
      }
    }
  };
  walk(program, [fields]);
  return issues;
}
