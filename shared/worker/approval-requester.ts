import type { ActionRequest } from '../core/action-request.ts';
import type { Risk } from '../core/risk.ts';

/** Stores a request in approve mode until a human approves or denies its exact plan. */
export interface ApprovalRequester {
  requestApproval(
    request: ActionRequest,
    risk: Risk,
    now: Date,
  ): Promise<{ id: string; planHash: string; expiresAt: string }>;
}
