import type { Context } from 'aws-lambda';

export type OnceResult<T> =
  | { duplicate: false; result: T }
  | { duplicate: true; reason: string; earlier?: T };

/**
 * Runs the work for a request id at most once, across retries, duplicate deliveries and concurrent
 * workers. A second delivery gets `duplicate` with what the first one produced.
 */
export interface Once {
  run<T extends Record<string, unknown>>(
    requestId: string,
    work: () => Promise<T>,
    context?: Context,
  ): Promise<OnceResult<T>>;
}
