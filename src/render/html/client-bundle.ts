/**
 * The pages' client script: client/*.ts bundled into one minified script by esbuild. `npm run
 * build` writes it once beside this module (dist/render/html/client.bundle.js), so an installed
 * srmap only reads it; run from the sources (tests, tsx) it is bundled in memory, which needs
 * esbuild (a devDependency). Nothing is fetched at run time: the script is inlined in each page.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SrmapError } from '../../domain/errors.js';

export const CLIENT_BUNDLE_FILE = 'client.bundle.js';
const ENTRY = fileURLToPath(new URL('./client/main.ts', import.meta.url));

let cached: Promise<string> | undefined;

/** Bundles client/main.ts with esbuild (the build, and runs from the sources). */
export async function bundleClient(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]?.text ?? '';
  // The script is inlined: it must not hold what would end the <script> element or open a comment.
  if (code === '' || /<\/script|<!--/i.test(code)) throw new Error('The HTML client bundle is empty or holds "</script" or "<!--": it cannot be inlined.');
  return code;
}

async function loadClient(): Promise<string> {
  try {
    return await readFile(new URL(`./${CLIENT_BUNDLE_FILE}`, import.meta.url), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  try {
    return await bundleClient();
  } catch (e) {
    throw new SrmapError('HTML_CLIENT_MISSING', `The HTML report's script is missing (${CLIENT_BUNDLE_FILE}) and could not be bundled: ${(e as Error).message}`, {
      hint: 'Run `npm run build` (it bundles the report script), or reinstall srmap.',
      kind: 'internal',
      cause: e,
    });
  }
}

/** The client script, read (or bundled) once per process. */
export function clientScript(): Promise<string> {
  cached ??= loadClient();
  return cached;
}
