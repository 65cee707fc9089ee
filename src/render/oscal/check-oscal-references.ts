/**
 * What the OSCAL JSON Schema cannot check: OSCAL's identity rules (metaschema `is-unique` and
 * `index-has-key`), for any OSCAL 1.1.x JSON document, alone or with the documents it imports.
 *
 * - Every `uuid` is unique in its document; ids are unique per kind (control and group ids of a
 *   catalog, part ids, role ids, parameter ids).
 * - Every uuid reference resolves: party-uuid(s), member-of-organizations, location-uuids,
 *   component-uuid, provided-uuid, responsibility-uuid, subject-uuid, observation-uuid, risk-uuid,
 *   finding-uuid, task-uuid, activity-uuid, actor-uuid, response-uuid, user-uuid,
 *   implementation-statement-uuid, a `#uuid` href, a `leveraged-authorization-uuid` property, and
 *   srmap's own `*-observation` properties; a reference may resolve in the document or in one it
 *   imports (import-profile, import-ssp, import-ap, a profile's imports), when that file is given.
 * - Every `role-id` names a role of the metadata; every control-id of an SSP, assessment plan or
 *   results (and a profile's with-ids) names a control of the imported catalog chain, when given.
 *
 * Pure: the documents are passed in, keyed by a path; imports are resolved against those keys.
 */

export interface OscalProblem {
  file: string;
  /** JSON pointer to the value at fault. */
  path: string;
  message: string;
}

type Json = unknown;

const UUID_REFS = new Set([
  'party-uuid', 'party-uuids', 'member-of-organizations', 'location-uuids', 'component-uuid', 'provided-uuid',
  'responsibility-uuid', 'subject-uuid', 'observation-uuid', 'risk-uuid', 'finding-uuid', 'task-uuid',
  'activity-uuid', 'actor-uuid', 'response-uuid', 'user-uuid', 'implementation-statement-uuid', 'implementation-uuid',
]);
/** Properties whose value is a uuid in the same document set. */
const UUID_PROPS = new Set(['leveraged-authorization-uuid', 'deciding-observation', 'supporting-observation', 'limit-observation']);
const MODELS = ['catalog', 'profile', 'component-definition', 'system-security-plan', 'assessment-plan', 'assessment-results', 'plan-of-action-and-milestones'] as const;
export type OscalModelName = (typeof MODELS)[number];

/** Which OSCAL model a parsed JSON document is, if any. */
export function oscalModelOf(doc: Json): OscalModelName | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const keys = Object.keys(doc).filter((k) => k !== '$schema');
  return keys.length === 1 ? MODELS.find((m) => m === keys[0]) : undefined;
}

const pointer = (parts: readonly (string | number)[]) => `/${parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

interface Index {
  uuids: Set<string>;
  roles: Set<string>;
  controls: Set<string>;
  statements: Set<string>;
}

/** Walks a document: every object with its path and the key it sits under. */
function walk(node: Json, visit: (obj: Record<string, unknown>, path: (string | number)[]) => void, path: (string | number)[] = []): void {
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, visit, [...path, i]));
  else if (node !== null && typeof node === 'object') {
    visit(node as Record<string, unknown>, path);
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) walk(v, visit, [...path, k]);
  }
}

/** The ids a document defines, with duplicates reported. */
function indexOf(file: string, doc: Json, problems: OscalProblem[]): Index {
  const uuids = new Map<string, string>();
  const ids = new Map<string, string>();
  const roles = new Set<string>();
  const controls = new Set<string>();
  const statements = new Set<string>();
  walk(doc, (obj, path) => {
    const at = pointer(path);
    const parentKey = path[path.length - 2];
    if (typeof obj.uuid === 'string') {
      const seen = uuids.get(obj.uuid);
      if (seen !== undefined) problems.push({ file, path: `${at}/uuid`, message: `uuid ${obj.uuid} is also used at ${seen}: a uuid is unique in its document` });
      else uuids.set(obj.uuid, `${at}/uuid`);
    }
    if (typeof obj.id === 'string') {
      const kind = parentKey === 'controls' || parentKey === 'groups' ? 'control or group' : parentKey === 'parts' ? 'part' : parentKey === 'roles' ? 'role' : parentKey === 'params' ? 'parameter' : undefined;
      if (kind !== undefined) {
        const k = `${kind === 'part' ? 'part' : kind}|${obj.id}`;
        const seen = ids.get(k);
        if (seen !== undefined) problems.push({ file, path: `${at}/id`, message: `${kind} id ${obj.id} is also used at ${seen}: ids are unique` });
        else ids.set(k, `${at}/id`);
        if (kind === 'role') roles.add(obj.id);
        if (parentKey === 'controls') controls.add(obj.id);
        if (parentKey === 'parts') statements.add(obj.id);
      }
    }
  });
  return { uuids: new Set(uuids.keys()), roles, controls, statements };
}

/** The relative file an import points at, resolved against the importing file's key. */
function resolveHref(from: string, href: string): string | undefined {
  if (href.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
  const base = from.split('/').slice(0, -1);
  for (const part of decodeURI(href.split('#')[0] ?? '').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') base.pop();
    else base.push(part);
  }
  return base.join('/');
}

function importsOf(doc: Json): string[] {
  const root = Object.values(doc as Record<string, unknown>)[0] as Record<string, unknown> | undefined;
  if (!root) return [];
  const hrefs: string[] = [];
  for (const k of ['import-profile', 'import-ssp', 'import-ap']) {
    const h = (root[k] as { href?: unknown } | undefined)?.href;
    if (typeof h === 'string') hrefs.push(h);
  }
  for (const i of Array.isArray(root.imports) ? root.imports : []) if (typeof (i as { href?: unknown }).href === 'string') hrefs.push((i as { href: string }).href);
  return hrefs;
}

export interface OscalCheck {
  problems: OscalProblem[];
  /** What could not be checked (an imported file that was not given), said once per file. */
  notes: string[];
}

/** Checks every document of `docs` (path -> parsed JSON); imports resolve against the other paths. */
export function checkOscalReferences(docs: ReadonlyMap<string, Json>): OscalCheck {
  const problems: OscalProblem[] = [];
  const notes: string[] = [];
  const indexes = new Map<string, Index>();
  for (const [file, doc] of docs) indexes.set(file, indexOf(file, doc, problems));

  /** The document and everything it imports, transitively (each once). */
  const chain = (file: string, seen = new Set<string>()): string[] => {
    if (seen.has(file)) return [];
    seen.add(file);
    const doc = docs.get(file);
    if (doc === undefined) return [];
    return [file, ...importsOf(doc).flatMap((h) => {
      const target = resolveHref(file, h);
      if (target === undefined) return [];
      if (!docs.has(target)) {
        notes.push(`${file}: imports ${h}, which was not given: references into it are not checked`);
        return [];
      }
      return chain(target, seen);
    })];
  };

  for (const [file, doc] of docs) {
    const model = oscalModelOf(doc);
    const files = chain(file);
    const known = new Set(files.flatMap((f) => [...(indexes.get(f)?.uuids ?? [])]));
    const roles = new Set(files.flatMap((f) => [...(indexes.get(f)?.roles ?? [])]));
    const controlFiles = files.filter((f) => oscalModelOf(docs.get(f)) === 'catalog');
    const controls = new Set(controlFiles.flatMap((f) => [...(indexes.get(f)?.controls ?? [])]));
    const statements = new Set(controlFiles.flatMap((f) => [...(indexes.get(f)?.statements ?? [])]));
    const unresolvedImports = importsOf(doc).some((h) => {
      const t = resolveHref(file, h);
      return t === undefined || !docs.has(t);
    });
    const root = (doc as Record<string, Record<string, unknown>>)[model ?? ''];
    const leveraging = Array.isArray((root?.['system-implementation'] as Record<string, unknown> | undefined)?.['leveraged-authorizations']);
    const check = (ok: boolean, path: (string | number)[], message: string) => {
      if (!ok) problems.push({ file, path: pointer(path), message });
    };
    walk(doc, (obj, path) => {
      for (const [k, v] of Object.entries(obj)) {
        if (UUID_REFS.has(k)) {
          for (const [i, u] of (Array.isArray(v) ? v : [v]).entries()) {
            if (typeof u !== 'string') continue;
            const at = Array.isArray(v) ? [...path, k, i] : [...path, k];
            if (known.has(u)) continue;
            // A leveraging SSP's inherited and satisfied point into the leveraged system's own SSP, which it does not import.
            if ((k === 'provided-uuid' || k === 'responsibility-uuid') && model === 'system-security-plan' && leveraging) {
              notes.push(`${file}: ${k} ${u} (${pointer(at)}) is not defined here: taken to be in a leveraged system's SSP, not checked`);
              continue;
            }
            check(unresolvedImports && !['party-uuid', 'party-uuids', 'member-of-organizations', 'location-uuids'].includes(k), at, `${k} ${u} does not resolve to anything defined in this document${files.length > 1 ? ' or the documents it imports' : ''}`);
          }
        }
        if ((k === 'href' || k === 'source') && typeof v === 'string' && /^#[0-9a-fA-F-]{36}$/.test(v)) {
          check(known.has(v.slice(1)), [...path, k], `${k} ${v} points at no back-matter resource or object with that uuid`);
        }
        if (k === 'role-id' && typeof v === 'string') check(roles.has(v) || unresolvedImports, [...path, k], `role-id ${v} names no role of the metadata`);
        if (k === 'role-ids' && Array.isArray(v)) v.forEach((r, i) => { if (typeof r === 'string') check(roles.has(r) || unresolvedImports, [...path, k, i], `role-id ${r} names no role of the metadata`); });
      }
      if (typeof obj.name === 'string' && typeof obj.value === 'string' && UUID_PROPS.has(obj.name)) {
        check(known.has(obj.value) || unresolvedImports, [...path, 'value'], `property ${obj.name} names uuid ${obj.value}, which is not defined in this document`);
      }
      if (controlFiles.length > 0 && model !== 'catalog' && model !== 'component-definition') {
        if (typeof obj['control-id'] === 'string') check(controls.has(obj['control-id']), [...path, 'control-id'], `control-id ${obj['control-id']} is not a control of the imported catalog`);
        if (Array.isArray(obj['with-ids'])) obj['with-ids'].forEach((c, i) => { if (typeof c === 'string') check(controls.has(c), [...path, 'with-ids', i], `with-ids ${c} is not a control of the imported catalog`); });
        if (obj.type === 'statement-id' && typeof obj['target-id'] === 'string') check(statements.has(obj['target-id']), [...path, 'target-id'], `target-id ${obj['target-id']} is not a statement of the imported catalog`);
      }
    });
  }
  return { problems, notes: [...new Set(notes)] };
}
