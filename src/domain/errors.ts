/**
 * Typed errors with a stable code and a hint. Only cli/ catches, prints and exits.
 * `kind` decides the exit code: 'input' -> 2 (bad input or usage), 'internal' -> 1.
 */

export interface Problem {
  /** File the problem is in (relative where possible). */
  file: string;
  /** Where in the file: a JSON-pointer-like path (`requirements[3].controls[0]`) or `line 12, column 4`. */
  path?: string;
  line?: number;
  column?: number;
  message: string;
  hint?: string;
}

export type SrmapErrorKind = 'input' | 'internal';

export class SrmapError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly kind: SrmapErrorKind;
  readonly problems: readonly Problem[];

  constructor(
    code: string,
    message: string,
    options: {
      hint?: string;
      kind?: SrmapErrorKind;
      problems?: readonly Problem[];
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SrmapError';
    this.code = code;
    this.hint = options.hint;
    this.kind = options.kind ?? 'input';
    this.problems = options.problems ?? [];
  }
}

export function formatProblem(p: Problem): string {
  const where = [p.file];
  if (p.line !== undefined) where.push(`line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}`);
  if (p.path) where.push(p.path);
  return `${where.join(': ')}: ${p.message}${p.hint ? `\n    hint: ${p.hint}` : ''}`;
}

/**
 * File-system error codes that are about the place (permissions, a full or read-only disk, a path
 * through a file), never about srmap itself: reported as a user error (exit 2) naming the path.
 */
export const PLACE_ERROR_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
};

/** Problems shown before the rest are counted: a bad 10,000-row register is 50 lines, not 30,000. */
export const MAX_PROBLEMS_SHOWN = 50;

/** The first `max` problems formatted, then one line counting the rest per file. */
export function formatProblems(problems: readonly Problem[], max = MAX_PROBLEMS_SHOWN): string[] {
  const lines = problems.slice(0, max).map((p) => formatProblem(p));
  const rest = problems.slice(max);
  if (rest.length > 0) {
    const byFile = new Map<string, number>();
    for (const p of rest) byFile.set(p.file, (byFile.get(p.file) ?? 0) + 1);
    const where = [...byFile].map(([file, n]) => `${n.toLocaleString('en-US')} in ${file}`).join(', ');
    lines.push(`... and ${rest.length.toLocaleString('en-US')} more problem${rest.length === 1 ? '' : 's'} (${where}), not shown: fix the ones above and run again to see them`);
  }
  return lines;
}
