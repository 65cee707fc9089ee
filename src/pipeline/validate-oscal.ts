/**
 * `srmap validate --oscal PATH`: every OSCAL JSON file under PATH (or PATH itself) checked against
 * NIST's OSCAL 1.1.2 JSON Schema (ajv 8 with ajv-formats, draft-07; compiled once per process) and
 * against srmap's identity check (every uuid reference resolves, ids unique: see
 * check-oscal-references.ts), the documents a file imports resolved among the files given.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { pushAll } from '../domain/arrays.js';
import { SrmapError } from '../domain/errors.js';
import { checkOscalReferences, oscalModelOf, type OscalProblem } from '../render/oscal/check-oscal-references.js';

/** Largest file read: OSCAL documents srmap writes are a few MB. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export type OscalSchemaValidator = (doc: unknown) => { valid: boolean; errors: { path: string; message: string }[] };

let compiled: { path: string; validate: ValidateFunction } | undefined;

// ajv-formats is CommonJS: its default export is the plugin function under `default` when imported from ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** Compiles NIST's OSCAL 1.1.2 complete schema (about 1.4 s: once per process). */
export async function loadOscalSchema(schemaPath: string): Promise<OscalSchemaValidator> {
  if (compiled?.path !== schemaPath) {
    let schema: unknown;
    try {
      schema = JSON.parse(await readFile(schemaPath, 'utf8'));
    } catch (err) {
      throw new SrmapError('OSCAL_SCHEMA_MISSING', `Cannot read the OSCAL JSON Schema at ${schemaPath}: ${(err as Error).message}`, { kind: 'internal', cause: err, hint: 'Reinstall srmap: the schema ships in its vendor/oscal folder.' });
    }
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = { path: schemaPath, validate: ajv.compile(schema as object) };
  }
  const validate = compiled.validate;
  return (doc) => {
    if (validate(doc)) return { valid: true, errors: [] };
    const model = oscalModelOf(doc);
    const all = (validate.errors ?? []) as ErrorObject[];
    const mine = model ? all.filter((e) => e.instancePath.startsWith(`/${model}`)) : [];
    const chosen = mine.length > 0 ? mine : all;
    const seen = new Set<string>();
    const errors: { path: string; message: string }[] = [];
    for (const e of chosen) {
      // anyOf/oneOf summaries repeat what their branches said.
      if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && mine.length > 1) continue;
      const message = `${e.message ?? e.keyword}${e.params && 'allowedValues' in e.params ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}${e.params && 'additionalProperty' in e.params ? `: ${String((e.params as { additionalProperty: unknown }).additionalProperty)}` : ''}`;
      const k = `${e.instancePath}|${message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      errors.push({ path: e.instancePath || '/', message });
    }
    return { valid: false, errors };
  };
}

export interface OscalFileReport {
  path: string;
  model?: string;
  /** Not an OSCAL document (another JSON file, such as a pack manifest): skipped. */
  skipped?: string;
  problems: OscalProblem[];
}

async function listJson(path: string): Promise<string[]> {
  const s = await stat(path);
  if (s.isFile()) return [path];
  const out: string[] = [];
  for (const e of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) pushAll(out, await listJson(full));
    else if (e.isFile() && e.name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** Validates every OSCAL JSON file under `target` (a file or a directory). */
export async function validateOscal(target: string, schemaPath: string): Promise<{ files: OscalFileReport[]; notes: string[] }> {
  let paths: string[];
  try {
    paths = await listJson(target);
  } catch (err) {
    throw new SrmapError('OSCAL_NOT_FOUND', `Cannot read ${target}: ${(err as Error).message}`, { cause: err, hint: 'Give an OSCAL JSON file or a directory that holds some.' });
  }
  const root = (await stat(target)).isFile() ? join(target, '..') : target;
  const rel = (p: string) => relative(root, p).split(sep).join('/');
  const reports: OscalFileReport[] = [];
  const docs = new Map<string, unknown>();
  for (const p of paths) {
    const path = rel(p);
    const s = await stat(p);
    if (s.size > MAX_FILE_BYTES) {
      reports.push({ path, problems: [{ file: path, path: '/', message: `${s.size} bytes: larger than srmap reads (${MAX_FILE_BYTES})` }] });
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(p, 'utf8'));
    } catch (err) {
      reports.push({ path, problems: [{ file: path, path: '/', message: `not JSON: ${(err as Error).message}` }] });
      continue;
    }
    const model = oscalModelOf(doc);
    if (!model) {
      reports.push({ path, skipped: 'not an OSCAL document (its top level is not one OSCAL model)', problems: [] });
      continue;
    }
    docs.set(path, doc);
    reports.push({ path, model, problems: [] });
  }
  if (docs.size === 0) {
    throw new SrmapError('OSCAL_NOT_FOUND', `No OSCAL JSON document under ${target}.`, { hint: 'An OSCAL JSON document has one top-level key: catalog, profile, component-definition, system-security-plan, assessment-plan, assessment-results or plan-of-action-and-milestones.' });
  }
  const validate = await loadOscalSchema(schemaPath);
  for (const r of reports) {
    const doc = docs.get(r.path);
    if (doc === undefined) continue;
    for (const e of validate(doc).errors) r.problems.push({ file: r.path, path: e.path, message: `schema: ${e.message}` });
  }
  const refs = checkOscalReferences(docs);
  for (const p of refs.problems) reports.find((r) => r.path === p.file)?.problems.push(p);
  return { files: reports, notes: refs.notes };
}
