/**
 * A working folder (srmap.yaml + evidence register + owners.yaml + exceptions.yaml): read, checked
 * against the catalog, every problem gathered before failing. Hashes the local files the register
 * points to and marks each row verified, mismatch (changed since registered) or file-missing.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Catalog } from '../../domain/catalog.js';
import { decodeUtf8Text } from '../../domain/decode-text.js';
import { allowsAlternative } from '../../domain/requirement-properties.js';
import { SrmapError, type Problem } from '../../domain/errors.js';
import type { ExceptionRecord, ManualEvidenceRecord, OwnerRecord } from '../../domain/snapshot.js';
import { confineLocations, isUrlLocation } from './confine-locations.js';
import { parseRegister } from './parse-register.js';
import { isUnderAny, type ApplicabilityDeclaration } from '../../domain/applicability.js';
import { DEFAULT_MAX_EXCEPTION_DAYS, parseApplicability, parseExceptions, parseOwners, parseWorkingConfig, type WorkingConfig, type WorkingContext } from './parse-working-files.js';
import { pushAll } from '../../domain/arrays.js';

export const CONFIG_FILE = 'srmap.yaml';

/** The working folder's config a command reads: `--config`, else ./srmap.yaml when present, else none. */
export function findConfigFile(config: string | undefined): string | undefined {
  return config ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
}

export interface WorkingFolder {
  /** The folder of srmap.yaml, or the current directory when only file flags were given. */
  dir: string;
  /** srmap.yaml; absent when only file flags (--register, --owners, --exceptions) were given. */
  config?: WorkingConfig;
  manualEvidence?: ManualEvidenceRecord[];
  /**
   * The evidence_ids of register rows with sha256 empty whose document srmap found and hashed: the
   * hash is recorded (and the row counts as `verified`), but nothing was checked against it.
   */
  hashedNow?: string[];
  owners?: OwnerRecord[];
  exceptions?: ExceptionRecord[];
  /** Applicability declarations (applicability.yaml). */
  declarations?: ApplicabilityDeclaration[];
  /** Every file read, with its sha256: recorded in the pack manifest so the pack can be rebuilt. */
  inputs: { path: string; sha256: string }[];
  /** The folder of the register: its locations are relative to it (srmap bundle reads the documents there). */
  registerDir?: string;
}

/** Where the working folder's files are: srmap.yaml (whose paths are relative to it), and files given by flag, which win. */
export interface WorkingFolderSources {
  config?: string;
  register?: string;
  owners?: string;
  exceptions?: string;
  applicability?: string;
  /**
   * Read only the files named here (`validate --register FILE`): srmap.yaml, when given, lends its
   * context (document roots, the exception limit, catalog frameworks) but its paths are not read.
   */
  onlyGiven?: boolean;
}

export function toWorkingContext(catalog: Catalog): WorkingContext {
  return {
    controls: new Set(catalog.controls.keys()),
    families: new Set(catalog.families.keys()),
    rules: new Set(catalog.managedRules.keys()),
    requirements: new Set(catalog.frameworks.flatMap((f) => f.requirements.filter((r) => r.assessable).map((r) => `${f.id}:${r.id}`))),
    headings: new Set(catalog.frameworks.flatMap((f) => f.requirements.filter((r) => !r.assessable).map((r) => `${f.id}:${r.id}`))),
    alternatives: new Set(catalog.frameworks.flatMap((f) => f.requirements.filter((r) => r.assessable && allowsAlternative(f.properties, r.properties)).map((r) => `${f.id}:${r.id}`))),
    notExcludable: new Set(catalog.frameworks.flatMap((f) => notExcludable(f).map((id) => `${f.id}:${id}`))),
  };
}

/** The requirements a framework says may not be declared not applicable, with everything under them. */
function notExcludable(f: Catalog['frameworks'][number]): string[] {
  const roots = new Set(f.reporting?.notExcludable ?? []);
  const parent = new Map(f.requirements.map((r) => [r.id, r.parent]));
  return f.requirements.filter((r) => isUnderAny(r.id, roots, parent)).map((r) => r.id);
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Largest working-folder file read (a register of about 100,000 rows); a bigger one is not a register. */
export const MAX_WORKING_FILE_BYTES = 32 * 1024 * 1024;

async function readText(path: string, problems: Problem[], what: string): Promise<string | undefined> {
  const fail = (message: string, hint = 'Fix the path (in srmap.yaml, relative to srmap.yaml; in a flag, relative to the current directory), or run `srmap init` to create the file.') => {
    problems.push({ file: display(path), message, hint });
    return undefined;
  };
  let bytes: Buffer;
  try {
    const s = await stat(path);
    if (!s.isFile()) return fail(`the ${what} is not a file`);
    if (s.size > MAX_WORKING_FILE_BYTES) return fail(`the ${what} is ${s.size.toLocaleString('en-US')} bytes, more than the ${MAX_WORKING_FILE_BYTES / 1024 / 1024} MiB srmap reads`, `Check that this is the ${what}; split a register that large, or keep the evidence it lists in fewer rows.`);
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `${what} not found` : `cannot read ${what}: ${(e as Error).message}`);
  }
  const decoded = decodeUtf8Text(bytes, display(path), what);
  if ('problem' in decoded) {
    problems.push(decoded.problem);
    return undefined;
  }
  return decoded.text;
}

/** Marks each row with the integrity of the file it points to; fills sha256 where the register left it empty. */
export async function checkRegisterFiles(records: ManualEvidenceRecord[], registerDir: string): Promise<ManualEvidenceRecord[]> {
  return Promise.all(
    records.map(async (r): Promise<ManualEvidenceRecord> => {
      if (isUrlLocation(r.location)) return { ...r, integrity: 'not-checked', integrityDetail: 'a URL: srmap does not fetch it' };
      const path = isAbsolute(r.location) ? r.location : join(registerDir, r.location);
      const isFile = await stat(path).then((s) => s.isFile(), () => false);
      if (!isFile) return { ...r, integrity: 'file-missing', integrityDetail: `no file at ${r.location}` };
      const actual = await sha256File(path);
      if (r.sha256 && r.sha256 !== actual) return { ...r, integrity: 'mismatch', integrityDetail: `sha256 mismatch: registered ${r.sha256.slice(0, 12)}..., file is ${actual.slice(0, 12)}...` };
      return { ...r, sha256: actual, integrity: 'verified' };
    }),
  );
}

/**
 * Reads and checks srmap.yaml alone (what `collect` needs: no register, owners or exceptions).
 * `frameworkIds` checks the frameworks it names; without it they are not checked.
 */
export async function readWorkingConfig(configPath: string, frameworkIds?: ReadonlySet<string>): Promise<{ dir: string; config: WorkingConfig }> {
  const problems: Problem[] = [];
  const file = resolve(configPath);
  const text = await readText(file, problems, CONFIG_FILE);
  if (text === undefined) throw new SrmapError('WORKING_FOLDER_INVALID', `No working folder at ${file}.`, { problems, hint: 'Run `srmap init DIR` to create one.' });
  const parsed = parseWorkingConfig(text, display(file), frameworkIds);
  if (!parsed.config) throw new SrmapError('WORKING_FOLDER_INVALID', `${parsed.problems.length} problem(s) in ${display(file)}.`, { problems: parsed.problems, hint: 'Fix each problem listed; `srmap init` shows a complete srmap.yaml.' });
  return { dir: dirname(file), config: parsed.config };
}

type Part = 'register' | 'owners' | 'exceptions' | 'applicability';
const PART_NAMES: Record<Part, string> = { register: 'evidence register', owners: 'owners file', exceptions: 'exceptions file', applicability: 'applicability file' };

/**
 * Reads a working folder: srmap.yaml when `sources.config` is given, then the register, owners,
 * exceptions and applicability declarations it names, or that `sources` names instead. Throws one SrmapError with every problem found.
 */
export async function readWorkingFolder(sources: WorkingFolderSources, catalog: Catalog): Promise<WorkingFolder> {
  const problems: Problem[] = [];
  const configPath = sources.config === undefined ? undefined : resolve(sources.config);
  const dir = configPath === undefined ? process.cwd() : dirname(configPath);
  const inputs: { path: string; sha256: string }[] = [];
  const note = async (path: string) => inputs.push({ path: relative(dir, path) || path, sha256: await sha256File(path) });
  let config: WorkingConfig | undefined;
  if (configPath !== undefined) {
    config = (await readWorkingConfig(configPath, new Set(catalog.frameworks.map((f) => f.id)))).config;
    await note(configPath);
  }
  const ctx = toWorkingContext(catalog);
  const out: WorkingFolder = { dir, ...(config ? { config } : {}), inputs };
  const pathOf = (part: Part): string | undefined => {
    const flag = sources[part];
    if (flag !== undefined) return resolve(flag);
    if (sources.onlyGiven) return undefined;
    const fromConfig = config?.paths?.[part];
    return fromConfig === undefined ? undefined : resolve(dir, fromConfig);
  };
  const read = async (part: Part): Promise<{ file: string; text: string } | undefined> => {
    const file = pathOf(part);
    if (file === undefined) return undefined;
    const text = await readText(file, problems, PART_NAMES[part]);
    if (text === undefined) return undefined;
    await note(file);
    return { file, text };
  };

  const register = await read('register');
  if (register) {
    const parsed = parseRegister(register.text, display(register.file), { kinds: new Set(catalog.manualKinds.keys()), controls: ctx.controls });
    pushAll(problems, parsed.problems);
    // Documents are read only inside the working folder (srmap.yaml's, and the register's own), or an allowed root.
    const roots = [...(configPath === undefined ? [] : [dir]), dirname(register.file), ...(config?.allowedDocumentRoots ?? []).map((r) => resolve(dir, r))];
    const confined = await confineLocations(parsed.rows, dirname(register.file), roots, display(register.file));
    pushAll(problems, confined.problems);
    const records = confined.rows.map((r) => r.record);
    out.manualEvidence = await checkRegisterFiles(records, dirname(register.file));
    out.hashedNow = out.manualEvidence.filter((r, i) => r.integrity === 'verified' && !records[i]?.sha256).map((r) => r.id);
    out.registerDir = dirname(register.file);
  }
  const owners = await read('owners');
  if (owners) {
    const parsed = parseOwners(owners.text, display(owners.file), ctx);
    pushAll(problems, parsed.problems);
    out.owners = parsed.owners;
  }
  const exceptions = await read('exceptions');
  if (exceptions) {
    const parsed = parseExceptions(exceptions.text, display(exceptions.file), ctx, { maxExceptionDays: config?.maxExceptionDays ?? DEFAULT_MAX_EXCEPTION_DAYS });
    pushAll(problems, parsed.problems);
    out.exceptions = parsed.exceptions;
  }
  const applicability = await read('applicability');
  if (applicability) {
    const parsed = parseApplicability(applicability.text, display(applicability.file), ctx);
    pushAll(problems, parsed.problems);
    out.declarations = parsed.declarations;
  }
  if (problems.length > 0) {
    const given = (['register', 'owners', 'exceptions', 'applicability'] as const).flatMap((part) => (sources[part] === undefined ? [] : [display(resolve(sources[part]))]));
    const where = sources.onlyGiven ? given.join(', ') : `the working folder ${display(dir)}`;
    throw new SrmapError('WORKING_FOLDER_INVALID', `${problems.length} problem(s) in ${where}.`, {
      problems,
      hint: 'Fix every problem listed (file, line, column), then run `srmap validate` in the working folder; no pack is built until they are fixed.',
    });
  }
  return out;
}
