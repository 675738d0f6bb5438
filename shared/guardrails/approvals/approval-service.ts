import type { ActionRequest } from '../../core/action-request.ts';
import {
  type ApprovalRecord,
  type ApprovalRefusal,
  type ApprovalStore,
  refuse,
} from '../../core/approval.ts';
import type { Risk } from '../../core/risk.ts';
import { planHash } from '../plan-hash.ts';

export type Approved = { ok: true; record: ApprovalRecord; request: ActionRequest } | ApprovalRefusal;
export type Denied = { ok: true; record: ApprovalRecord } | ApprovalRefusal;

/** The use cases of a human in the loop: ask, approve, deny. Time is passed in, never read. */
export class ApprovalService {
  constructor(private readonly store: ApprovalStore) {}

  /**
   * Stores a request of an `approve` policy as pending, bound to the hash of its exact plan.
   * A redelivered request gets its existing record back, so it is never asked for twice.
   */
  async requestApproval(request: ActionRequest, risk: Risk, now: Date): Promise<ApprovalRecord> {
    return (await this.askOnce(request, risk, now)).record;
  }

  /** As `requestApproval`, telling whether this call created the record (so humans are asked once). */
  async askOnce(
    request: ActionRequest,
    risk: Risk,
    now: Date,
  ): Promise<{ created: boolean; record: ApprovalRecord }> {
    return this.store.create({
      id: request.id,
      request,
      planHash: planHash(request),
      requestedBy: request.requestedBy,
      risk,
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + request.limits.approvalExpiresAfterMs).toISOString(),
    });
  }

  /**
   * Approves the plan the approver saw (`planHash`). On success, `request` is what to enqueue: the
   * same request, in `enforce` mode (the global ceiling still applies) and carrying its approval.
   */
  async approve(
    id: string,
    approval: { approver: string; planHash: string; now: Date; reason?: string },
  ): Promise<Approved> {
    const record = await this.store.get(id);
    if (record === undefined) return refuse('not-found', `no approval request ${id}`);
    // Two-person rule: whoever asked for a high-risk action cannot also be the one who allows it.
    if (record.risk === 'high' && sameIdentity(record.requestedBy, approval.approver)) {
      return refuse(
        'self-approval',
        `two-person rule: ${approval.approver} requested this high-risk action and cannot approve it; ` +
          'another person must',
        record,
      );
    }
    const outcome = await this.store.decide(id, {
      decision: 'approved',
      by: approval.approver,
      planHash: approval.planHash,
      now: approval.now,
      ...(approval.reason === undefined ? {} : { reason: approval.reason }),
    });
    if (!outcome.ok) return outcome;
    const approved = outcome.record;
    const request: ActionRequest = {
      ...approved.request,
      mode: 'enforce',
      approval: { id: approved.id, planHash: approved.planHash, approvedBy: approval.approver },
    };
    return { ok: true, record: approved, request };
  }

  /** Anyone may deny, the requester too: refusing to act is always safe. */
  async deny(id: string, denial: { by: string; now: Date; reason?: string }): Promise<Denied> {
    const record = await this.store.get(id);
    if (record === undefined) return refuse('not-found', `no approval request ${id}`);
    // The plan hash is immutable: the stored one is the plan being denied.
    return this.store.decide(id, {
      decision: 'denied',
      by: denial.by,
      planHash: record.planHash,
      now: denial.now,
      ...(denial.reason === undefined ? {} : { reason: denial.reason }),
    });
  }
}

/**
 * Identities from chat and the CLI differ in case and spacing (emails, user names); erring on
 * "same person" only ever refuses a self-approval more, never allows one.
 */
function sameIdentity(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
