/**
 * Parse one YAML (or JSON) file against a strict zod schema. Pure: text in, value and located
 * problems out. Every problem names the file, the line and column of the YAML node at the issue's
 * path, the path itself (`requirements[3].controls[0]`) and a hint. All problems are gathered.
 * Shared by the catalog (frameworks/) and the working folder (owners.yaml, exceptions.yaml, srmap.yaml).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { Problem } from './errors.js';

export type PathSegment = string | number;

/** Most alias expansions a file may make (the yaml package's guard against "billion laughs" files). */
export const MAX_ALIAS_COUNT = 100;

/** Where a path points in the source: 1-based line and column, when the file has such a node. */
export interface Position {
  line?: number;
  column?: number;
}

export type Locator = (path: readonly PathSegment[]) => Position;

export interface ParsedFile<T> {
  file: string;
  /** The parsed value; undefined when the file has a syntax or schema problem. */
  value: T | undefined;
  /** The plain data read from the file (undefined after a YAML syntax error): lets the cross-checks
   * use the parts of a file that failed the schema, so one fault does not hide or cause others. */
  raw: unknown;
  problems: Problem[];
  /** Finds the source position of a path into the file (the deepest node that exists on it). */
  locate: Locator;
}


/** `['requirements', 3, 'controls', 0]` -> `requirements[3].controls[0]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

/** The deepest node on `path`; with `key: true` a map entry's key node instead of its value. */
function nodeAt(doc: Document, path: readonly PathSegment[], key = false): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = (doc.contents ?? undefined) as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) break;
      const target = last && key ? pair.key : (pair.value ?? pair.key);
      node = target;
      if (target && typeof target === 'object' && 'range' in target) found = target as Node;
      else break;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      if (!item || typeof item !== 'object' || !('range' in item)) break;
      node = item;
      found = item as Node;
    } else break;
  }
  return found;
}

function makeLocator(doc: Document, lines: LineCounter): (path: readonly PathSegment[], key?: boolean) => Position {
  return (path, key = false) => {
    const node = nodeAt(doc, path, key);
    const offset = node?.range?.[0];
    if (offset === undefined) return {};
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}

/** Allowed keys of the object schema that `path` leads to, for "did you mean" hints. */
function keysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    for (let guard = 0; guard < 10; guard++) {
      const def = (x as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) return x;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') x = def.innerType;
      else if (def.type === 'pipe') x = def.in;
      else if (def.type === 'union' && Array.isArray(def.options)) {
        x = def.options.find((o) => (o as { _zod?: { def?: { type?: string } } })._zod?.def?.type === 'object') ?? def.options[0];
      } else return x;
    }
    return x;
  };
  for (const seg of path) {
    s = unwrap(s);
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return [];
    if (def.type === 'array' && typeof seg === 'number') s = def.element;
    else if (def.type === 'object' && typeof seg === 'string') s = (def.shape as Record<string, unknown>)[seg];
    else return [];
  }
  const def = (unwrap(s) as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape as Record<string, unknown>) : [];
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The few candidates closest to `word` (by edit distance, then alphabetically). */
export function nearest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(3, Math.ceil(word.length / 2));
  return [...candidates]
    .map((c) => ({ c, d: editDistance(word.toLowerCase(), c.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, max)
    .map((x) => x.c);
}

/** Is the last key of `path` absent from its parent object in `data`? */
function isMissing(data: unknown, path: readonly PathSegment[]): boolean {
  let cur: unknown = data;
  for (const seg of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  const last = path[path.length - 1];
  return last !== undefined && cur !== null && typeof cur === 'object' && !Array.isArray(cur) && !(String(last) in cur);
}

/** Where the catalog's files are described: what a hint points to unless the caller names another reference. */
const CATALOG_REFERENCE = 'the JSON Schema in frameworks/schema/';

function issueHint(issue: z.core.$ZodIssue, reference: string, allowedKeys: string[], unknownKey?: string, missing = false): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const near = unknownKey ? nearest(unknownKey, allowedKeys, 1) : [];
      const mean = near.length > 0 ? `Did you mean '${near[0]}'? ` : '';
      return `${mean}Unknown keys are errors; allowed here: ${allowedKeys.join(', ')}.`;
    }
    case 'invalid_type':
      return missing
        ? `Add the required key '${String(issue.path[issue.path.length - 1] ?? '')}' (${issue.expected}).`
        : `Write a value of type ${issue.expected}${issue.expected === 'string' ? ' (quote it if YAML reads it as a number, boolean or date)' : ''}.`;
    case 'invalid_value':
      return `Use one of: ${issue.values.map((v) => String(v)).join(', ')}.`;
    case 'invalid_format':
      return issue.format === 'regex' ? `The value must match ${issue.pattern ?? 'the expected pattern'}.` : `Expected a ${issue.format}.`;
    case 'too_small':
      return issue.origin === 'array' ? `Add at least ${String(issue.minimum)} item(s).` : 'The value may not be empty.';
    case 'invalid_union':
      return `The value matches none of the allowed forms; see ${reference}.`;
    default:
      return `See ${reference} for the expected shape.`;
  }
}

/**
 * Parse `text` (the contents of `file`) with `schema`, gathering every problem, located. `reference`
 * is where the file's shape is described, for the hints (default: the catalog's JSON Schema).
 */
export function parseYamlFile<S extends z.ZodType>(schema: S, text: string, file: string, reference = CATALOG_REFERENCE): ParsedFile<z.output<S>> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const locate = makeLocator(doc, lines);
  const problems: Problem[] = [];

  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = e.linePos?.[0];
    problems.push({
      file,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      // The yaml package ends its first line with the position again (" at line 4, column 1:", before a code frame): it is in line and column.
      message: `YAML ${e.name === 'YAMLWarning' ? 'warning' : 'syntax error'}: ${(e.message.split('\n')[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, '')}`,
      hint:
        e.code === 'DUPLICATE_KEY'
          ? 'A key may appear only once in a mapping: remove or merge the duplicate.'
          : 'Fix the YAML syntax (indentation, a missing colon or quote); the file was not checked further.',
    });
  }
  if (doc.errors.length > 0) return { file, value: undefined, raw: undefined, problems, locate };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml package refuses to expand aliases past the count (a "billion laughs" file): a user's file, not a bug.
    if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) throw e;
    let first: Position = {};
    visit(doc, {
      Alias(_key, node) {
        const offset = node.range?.[0];
        if (offset !== undefined) {
          const pos = lines.linePos(offset);
          first = { line: pos.line, column: pos.col };
        }
        return visit.BREAK;
      },
    });
    problems.push({
      file,
      ...first,
      message: `the YAML aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies; the file was not read further`,
      hint: 'srmap files need no anchors (&name) or aliases (*name): write each value out where it is used.',
    });
    return { file, value: undefined, raw: undefined, problems, locate };
  }
  if (data === null || data === undefined) {
    problems.push({ file, line: 1, column: 1, message: 'the file is empty', hint: `Write the document described by ${reference}.` });
    return { file, value: undefined, raw: data, problems, locate };
  }
  const result = schema.safeParse(data);
  if (result.success) return { file, value: result.data, raw: data, problems, locate };

  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      // One problem per unknown key, located at the key itself.
      const allowed = keysAt(schema, path);
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        problems.push({
          file,
          ...locate(keyPath, true),
          path: formatPath(keyPath),
          message: `unknown key '${key}'`,
          hint: issueHint(issue, reference, allowed, key),
        });
      }
      continue;
    }
    const where = formatPath(path);
    const missing = issue.code === 'invalid_type' && isMissing(data, path);
    problems.push({
      file,
      ...locate(path),
      ...(where ? { path: where } : {}),
      message: missing ? `missing required key '${String(path[path.length - 1] ?? '')}'` : issue.message,
      hint: issueHint(issue, reference, [], undefined, missing),
    });
  }
  return { file, value: undefined, raw: data, problems, locate };
}

