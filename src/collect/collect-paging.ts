/**
 * Calls and paging for every AWS client (Config, its aggregator, STS, Artifact): each call and each
 * page through the one retry policy (collect-retry.ts); a failure carries the operation that raised
 * it, so a gap can name the IAM action.
 */
import type { RetrySettings } from './collect-retry.js';
import { withRetries } from './collect-retry.js';

/** An AWS error with the operation that raised it. */
export class OperationError extends Error {
  constructor(
    readonly operation: string,
    readonly error: unknown,
  ) {
    super(`${operation}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    this.name = 'OperationError';
  }
}

/** The AWS error inside an OperationError, or the error itself. */
export function unwrap(err: unknown): unknown {
  return err instanceof OperationError ? err.error : err;
}

export async function call<T>(operation: string, retry: RetrySettings, fn: () => Promise<T>): Promise<T> {
  try {
    return await withRetries(fn, retry);
  } catch (err) {
    throw err instanceof OperationError ? err : new OperationError(operation, err);
  }
}

/**
 * Fetch every page of `operation`: `fetch(token)` returns one page's items and the next token. Each
 * page is handed to `onPage` before the next is asked for, so nothing accumulates here. A token seen
 * before (a service that loops) stops the paging as a failure, never as the end.
 */
export async function paginate<T>(
  operation: string,
  retry: RetrySettings,
  fetch: (token: string | undefined) => Promise<{ items: readonly T[] | undefined; next: string | undefined }>,
  onPage: (items: readonly T[]) => Promise<void> | void,
): Promise<void> {
  let token: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await call(operation, retry, () => fetch(token));
    await onPage(page.items ?? []);
    if (!page.next) return;
    if (seen.has(page.next)) {
      throw new OperationError(operation, Object.assign(new Error(`${operation} returned a NextToken it had already returned: the paging loops`), { name: 'PaginationLoop' }));
    }
    seen.add(page.next);
    token = page.next;
  }
}
