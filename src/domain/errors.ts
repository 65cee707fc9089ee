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
