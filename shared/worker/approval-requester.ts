import type { Risk } from '../actions/action.ts';
import type { ActionRequest } from '../planner/action-request.ts';

/** Stores a request in approve mode until a human approves or denies its exact plan. */
export interface ApprovalRequester {
  requestApproval(
    request: ActionRequest,
    risk: Risk,
    now: Date,
  ): Promise<{ id: string; planHash: string; expiresAt: string }>;
}
