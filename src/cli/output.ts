/** The one place that prints errors and decides exit codes. */
import { PLACE_ERROR_REASONS, SrmapError, formatProblems } from '../domain/errors.js';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;

export function formatError(e: unknown): { text: string; exitCode: number } {
  if (e instanceof SrmapError) {
    const lines = [`srmap: error [${e.code}]: ${e.message}`];
    // One problem the headline already states (its file and its words) is not said again; its own hint is kept only where the error has none.
    const [only] = e.problems;
    const restated = e.problems.length === 1 && only !== undefined && [only.file, only.message, ...(only.line === undefined ? [] : [`line ${only.line}`]), ...(only.path ? [only.path] : [])].every((part) => e.message.includes(part));
    if (!restated) for (const p of formatProblems(e.problems)) lines.push(`  ${p.replace(/\n/g, '\n  ')}`);
    const hint = e.hint ?? (restated ? only?.hint : undefined);
    if (hint) lines.push(`hint: ${hint}`);
    return { text: lines.join('\n'), exitCode: e.kind === 'internal' ? EXIT_INTERNAL : EXIT_INPUT };
  }
  const sys = e as NodeJS.ErrnoException | undefined;
  const reason = typeof sys?.code === 'string' ? PLACE_ERROR_REASONS[sys.code] : undefined;
  if (reason !== undefined && typeof sys?.path === 'string') {
    // The place, not srmap: a directory without permission, a full or read-only disk.
    return {
      text: `srmap: error [${sys.code}]: cannot ${sys.syscall ? `${sys.syscall} ` : 'use '}${sys.path}: ${reason}\nhint: fix the permissions or free space there, or point srmap elsewhere (--out, --snapshot, --config).`,
      exitCode: EXIT_INPUT,
    };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return {
    text: `srmap: internal error: ${err.message}\n${err.stack ?? ''}\nThis is a bug in srmap: please report it with the command you ran.`,
    exitCode: EXIT_INTERNAL,
  };
}
