/**
 * `srmap init [dir] --framework-template NAME`: writes a commented framework file and a control file
 * to start from into `<dir>/catalog/`, an overlay folder srmap.yaml names with `catalog: [catalog]`.
 * The files are templates/init/framework.yaml and framework-controls.yaml with the framework id and
 * name filled in; they check clean as written (a test lays them over the shipped catalog).
 */
import { existsSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../../store/make-directory.js';
import { join, relative, resolve } from 'node:path';
import { CONFIG_FILE, readWorkingConfig } from '../../collect/manual/read-working-folder.js';
import type { Catalog } from '../../domain/catalog.js';
import { SrmapError } from '../../domain/errors.js';
import type { Io } from '../command-context.js';
import { PACKAGE_ROOT } from '../paths.js';

export const TEMPLATE_FOLDER = 'catalog';
const FRAMEWORK_ID = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;

/** `my-baseline` -> `My baseline`. */
function toName(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The template with its own placeholders ({{id}}, {{name}}, {{folder}}) filled; the narrative's Handlebars fields stay. */
function fill(template: string, values: { id: string; name: string; folder: string }): string {
  return template.replace(/\{\{(id|name|folder)\}\}/g, (_, key: 'id' | 'name' | 'folder') => values[key]);
}

/** A path as the user would type it from here: relative inside the current directory, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

export async function writeFrameworkTemplate(args: { dir: string; id: string; force: boolean }, catalog: Catalog, io: Io): Promise<number> {
  const { id } = args;
  if (!FRAMEWORK_ID.test(id)) {
    throw new SrmapError('USAGE', `--framework-template ${JSON.stringify(id)} is not a framework id.`, { hint: 'Use lower-case words joined by hyphens (dots allowed between numbers), e.g. --framework-template acme-baseline or nist-800-53.' });
  }
  if (catalog.frameworks.some((f) => f.id === id)) {
    throw new SrmapError('USAGE', `${id} is already a framework of the catalog.`, {
      hint: `Pick a new id for your own framework. To change ${id} itself, write a file ${id}.yaml in your overlay folder with its id and only the requirements you add or replace (README "Your own frameworks").`,
    });
  }
  const dir = resolve(args.dir);
  const folder = join(dir, TEMPLATE_FOLDER);
  const files: [string, string][] = [
    [`${id}.yaml`, 'framework.yaml'],
    [`${id}-controls.yaml`, 'framework-controls.yaml'],
  ];
  const existing: string[] = [];
  for (const [name] of files) if (await stat(join(folder, name)).then(() => true, () => false)) existing.push(name);
  if (existing.length > 0 && !args.force) {
    throw new SrmapError('INIT_EXISTS', `${folder} already has ${existing.join(', ')}.`, { hint: 'Choose another id or folder, or pass --force to overwrite these files.' });
  }
  const values = { id, name: toName(id), folder: TEMPLATE_FOLDER };
  await makeDirectory(folder);
  for (const [name, template] of files) {
    const text = fill(await readFile(join(PACKAGE_ROOT, 'templates', 'init', template), 'utf8'), values);
    const tmp = join(folder, `.${name}.tmp-${process.pid}`);
    try {
      await writeFile(tmp, text);
      await rename(tmp, join(folder, name));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
  io.out(`Wrote ${files.map(([n]) => join(TEMPLATE_FOLDER, n)).join(' and ')} in ${dir}`);
  const config = join(dir, CONFIG_FILE);
  const named = existsSync(config) ? ((await readWorkingConfig(config)).config.catalog ?? []).some((c) => resolve(dir, c) === folder) : false;
  io.out(
    named
      ? `${CONFIG_FILE} already names ${TEMPLATE_FOLDER}/: run \`srmap validate\`, then \`srmap frameworks show ${id}\`.`
      : `Next: add \`catalog: [${TEMPLATE_FOLDER}]\` to ${existsSync(config) ? CONFIG_FILE : `the ${CONFIG_FILE} of your working folder (\`srmap init\`)`}, or pass --catalog ${shown(folder)} to any command; then \`srmap validate\` and \`srmap frameworks show ${id}\`.`,
  );
  io.out(folder);
  return 0;
}
