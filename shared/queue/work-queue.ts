import type { ActionRequest } from '../planner/action-request.ts';

/** Where planned requests wait for the worker. */
export interface WorkQueue {
  enqueue(requests: readonly ActionRequest[]): Promise<void>;
}
