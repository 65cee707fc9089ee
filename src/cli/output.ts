/** The one place that prints errors and decides exit codes. */
import { PLACE_ERROR_REASONS, SrmapError, formatProblems } from '../domain/errors.js';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;

export function formatError(e: unknown): { text: string; exitCode: number } {
  if (e instanceof SrmapError) {
    const lines = [`srmap: error [${e.code}]: ${e.message}`];
    for (const p of formatProblems(e.problems)) lines.push(`  ${p.replace(/\n/g, '\n  ')}`);
    if (e.hint) lines.push(`hint: ${e.hint}`);
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
