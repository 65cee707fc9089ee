/** The one place that prints errors and decides exit codes. */
import { SrmapError, formatProblem } from '../domain/errors.js';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;

export function formatError(e: unknown): { text: string; exitCode: number } {
  if (e instanceof SrmapError) {
    const lines = [`srmap: error [${e.code}]: ${e.message}`];
    for (const p of e.problems) lines.push(`  ${formatProblem(p).replace(/\n/g, '\n  ')}`);
    if (e.hint) lines.push(`hint: ${e.hint}`);
    return { text: lines.join('\n'), exitCode: e.kind === 'internal' ? EXIT_INTERNAL : EXIT_INPUT };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return {
    text: `srmap: internal error: ${err.message}\n${err.stack ?? ''}\nThis is a bug in srmap: please report it with the command you ran.`,
    exitCode: EXIT_INTERNAL,
  };
}
