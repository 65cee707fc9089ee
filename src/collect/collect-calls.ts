/**
 * Counts API calls as they go over the wire: every HTTP attempt, retries included, per operation,
 * with throttled and failed answers. The figure behind "calls per 1,000 evaluation results".
 */
export interface CallCounts {
  total: number;
  throttled: number;
  failed: number;
  byOperation: Record<string, number>;
  /** Time spent waiting before retries, summed over every call (calls wait side by side). */
  retryWaitMs: number;
}

export function newCallCounts(): CallCounts {
  return { total: 0, throttled: 0, failed: 0, byOperation: {}, retryWaitMs: 0 };
}

/** The part of an SDK v3 client this needs (structural, so any client fits). */
interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'deserialize'; name: string; priority: 'high' },
    ): void;
  };
}

/**
 * Add the counter to a client. It sits in the deserialize step, inside the retry middleware, so each
 * attempt counts once.
 */
export function countCalls(client: unknown, counts: CallCounts, isThrottling: (err: unknown) => boolean): void {
  (client as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const op = (context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.total++;
      counts.byOperation[op] = (counts.byOperation[op] ?? 0) + 1;
      try {
        return await next(args);
      } catch (err) {
        if (isThrottling(err)) counts.throttled++;
        else counts.failed++;
        throw err;
      }
    },
    { step: 'deserialize', name: 'srmapCallCounter', priority: 'high' },
  );
}
