/**
 * A register row's `location` names a document srmap reads and hashes, and the pack records it.
 * It must stay inside the working folder: an absolute path or a `../` that leaves it (`/etc/shadow`,
 * `../../../../etc/passwd`), or a link inside it that points out, is an error unless the place is
 * listed under `allowedDocumentRoots` in srmap.yaml. Links are resolved before the check, so the
 * file that would be read is the one checked.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Problem } from '../../domain/errors.js';
import type { RegisterRow } from './parse-register.js';

/** Is `path` `root` itself or below it? Both absolute and normalised. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** A URL is recorded, never fetched or read: it needs no confinement. */
export function isUrlLocation(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

async function realOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** `path` with every link resolved; for a path that does not exist, its nearest existing ancestor's. */
async function resolveLinks(path: string): Promise<string> {
  let head = path;
  let tail = '';
  for (;;) {
    try {
      return join(await realpath(head), tail);
    } catch {
      const parent = dirname(head);
      if (parent === head) return path;
      tail = tail === '' ? basename(head) : join(basename(head), tail);
      head = parent;
    }
  }
}

export interface ConfinedRows {
  rows: RegisterRow[];
  problems: Problem[];
}

/**
 * Keeps the rows whose local `location` (relative to `registerDir`) resolves, links followed,
 * inside one of `roots`; every other row is a problem at its line naming where it leads.
 */
export async function confineLocations(rows: readonly RegisterRow[], registerDir: string, roots: readonly string[], file: string): Promise<ConfinedRows> {
  const lexicalRoots = [...new Set(roots.map((r) => resolve(r)))];
  const realRoots = await Promise.all(lexicalRoots.map(realOrSelf));
  const out: ConfinedRows = { rows: [], problems: [] };
  const shown = lexicalRoots.join(', ');
  for (const row of rows) {
    const location = row.record.location;
    if (isUrlLocation(location)) {
      out.rows.push(row);
      continue;
    }
    const path = isAbsolute(location) ? resolve(location) : resolve(join(registerDir, location));
    const problem = (message: string) =>
      out.problems.push({
        file,
        line: row.line,
        path: 'location',
        message,
        hint: 'Keep evidence documents inside the working folder and give their path relative to the register; a folder elsewhere that holds approved evidence can be listed under allowedDocumentRoots in srmap.yaml.',
      });
    if (!lexicalRoots.some((root) => isInside(root, path))) {
      problem(`location ${location} is outside the working folder (${shown}): srmap did not read it`);
      continue;
    }
    // A link inside the folder may point anywhere: check where it really leads.
    const real = await resolveLinks(path);
    if (!realRoots.some((root) => isInside(root, real))) {
      problem(`location ${location} leads through a link to ${real}, outside the working folder (${shown}): srmap did not read it`);
      continue;
    }
    out.rows.push(row);
  }
  return out;
}
