/** Paging to the end, with srmap's retry rounds around every page. */
import type { RetrySettings } from '../collect-retry.js';
import { withRetries } from '../collect-retry.js';

/** An AWS error with the operation that raised it, so a gap can name the IAM action. */
export class OperationError extends Error {
  constructor(
    readonly operation: string,
    readonly error: unknown,
  ) {
    super(`${operation}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    this.name = 'OperationError';
  }
}

export async function call<T>(operation: string, retry: RetrySettings, fn: () => Promise<T>): Promise<T> {
  try {
    return await withRetries(fn, retry);
  } catch (err) {
    throw new OperationError(operation, err);
  }
}

/**
 * Fetch every page of `operation`: `fetch(token)` returns one page's items and the next token.
 * Each page is handed to `onPage` before the next is asked for, so nothing accumulates here.
 */
export async function paginate<T>(
  operation: string,
  retry: RetrySettings,
  fetch: (token: string | undefined) => Promise<{ items: readonly T[] | undefined; next: string | undefined }>,
  onPage: (items: readonly T[]) => Promise<void> | void,
): Promise<void> {
  let token: string | undefined;
  for (;;) {
    const page = await call(operation, retry, () => fetch(token));
    await onPage(page.items ?? []);
    if (!page.next) return;
    if (page.next === token) {
      throw new OperationError(operation, Object.assign(new Error(`${operation} returned the same NextToken twice`), { name: 'PaginationLoop' }));
    }
    token = page.next;
  }
}
