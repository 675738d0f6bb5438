import type { ActionRequest } from './action-request.ts';

/** Where planned requests wait for the worker. */
export interface WorkQueue {
  /** `delaySeconds` (0..900) holds the requests back, e.g. a verification checked again later. */
  enqueue(requests: readonly ActionRequest[], options?: { delaySeconds?: number }): Promise<void>;
}
