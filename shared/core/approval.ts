import { z } from 'zod';
import { actionRequestSchema } from './action-request.ts';
import type { Risk } from './risk.ts';

export const APPROVAL_STATUSES = ['pending', 'approved', 'denied', 'executed'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

const riskSchema = z.enum(['low', 'medium', 'high']) satisfies z.ZodType<Risk>;
const isoTime = z.iso.datetime({ offset: true });

/**
 * One request waiting for (or past) a human decision. `id` is the request id, so a redelivered
 * request finds its approval instead of asking twice. Status only moves forward:
 * pending → approved | denied, approved → executed.
 */
export const approvalRecordSchema = z.object({
  id: z.string().min(1),
  request: actionRequestSchema,
  /** The hash of the exact plan shown to the approver; only that plan may execute. */
  planHash: z.string().regex(/^[0-9a-f]{64}$/),
  requestedBy: z.string().min(1),
  risk: riskSchema,
  status: z.enum(APPROVAL_STATUSES),
  createdAt: isoTime,
  /** After this instant the request can be neither decided nor executed. */
  expiresAt: isoTime,
  decidedBy: z.string().min(1).optional(),
  decidedAt: isoTime.optional(),
  reason: z.string().optional(),
  executedAt: isoTime.optional(),
});

export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;

/** Which condition stopped a decision or an execution. */
export type ApprovalRefusalCode =
  | 'not-found'
  | 'expired'
  | 'not-approved'
  | 'already-approved'
  | 'already-denied'
  | 'already-executed'
  | 'plan-changed'
  | 'self-approval'
  | 'wrong-request'
  | 'conflict';

export interface ApprovalRefusal {
  ok: false;
  code: ApprovalRefusalCode;
  /** One sentence for the human who asked, the audit trail and the guardrail verdict. */
  reason: string;
  record?: ApprovalRecord;
}

export type ApprovalOutcome = { ok: true; record: ApprovalRecord } | ApprovalRefusal;

export interface ApprovalDecision {
  decision: 'approved' | 'denied';
  by: string;
  /** The plan hash the human saw: deciding on another plan than the stored one is refused. */
  planHash: string;
  now: Date;
  reason?: string;
}

export interface Consumption {
  planHash: string;
  now: Date;
}

/**
 * Where approvals live. Every transition is one conditional write, so concurrent workers and
 * approvers agree; a lost condition comes back as a refusal naming the condition.
 */
export interface ApprovalStore {
  /** Stores a pending record; when the id exists, returns the stored one untouched. */
  create(record: ApprovalRecord): Promise<{ created: boolean; record: ApprovalRecord }>;
  get(id: string): Promise<ApprovalRecord | undefined>;
  /** pending → approved | denied, if not expired and the plan hash is the stored one. */
  decide(id: string, decision: ApprovalDecision): Promise<ApprovalOutcome>;
  /** approved → executed, if not expired and the plan hash is the stored one: one caller wins. */
  consume(id: string, consumption: Consumption): Promise<ApprovalOutcome>;
  /** executed → approved, for an execution that never ran (a later guardrail refused it). */
  release(id: string, planHash: string): Promise<void>;
}

/**
 * Why `record` does not satisfy what a transition expects, or undefined when it does. Adapters
 * call it after a failed conditional write, on the item read back, to tell which condition failed.
 */
export function refusalFor(
  id: string,
  record: ApprovalRecord | undefined,
  expected: { status: 'pending' | 'approved'; planHash: string; now: Date },
): ApprovalRefusal | undefined {
  if (record === undefined) return refuse('not-found', `no approval request ${id}`);
  if (record.status !== expected.status) return statusRefusal(record, expected.status);
  if (expected.now.getTime() >= Date.parse(record.expiresAt)) {
    return refuse('expired', `approval request ${id} expired at ${record.expiresAt}`, record);
  }
  if (record.planHash !== expected.planHash) {
    return refuse(
      'plan-changed',
      `plan changed: approval ${id} is for plan ${short(record.planHash)}, not ${short(expected.planHash)}`,
      record,
    );
  }
  return undefined;
}

function statusRefusal(record: ApprovalRecord, expected: 'pending' | 'approved'): ApprovalRefusal {
  const by = record.decidedBy === undefined ? '' : ` by ${record.decidedBy}`;
  switch (record.status) {
    case 'pending':
      return refuse('not-approved', `approval request ${record.id} is still pending, not approved`, record);
    case 'approved':
      // Only a decision can find it approved: consuming expects exactly that status.
      return refuse('already-approved', `approval request ${record.id} was already approved${by}`, record);
    case 'denied': {
      const why = record.reason ? `: ${record.reason}` : '';
      return refuse('already-denied', `approval request ${record.id} was denied${by}${why}`, record);
    }
    case 'executed':
      return refuse(
        'already-executed',
        expected === 'approved'
          ? `approval already used: request ${record.id} executed at ${record.executedAt ?? 'an earlier time'}`
          : `approval request ${record.id} was already approved${by} and executed`,
        record,
      );
  }
}

export function refuse(code: ApprovalRefusalCode, reason: string, record?: ApprovalRecord): ApprovalRefusal {
  return { ok: false, code, reason, ...(record ? { record } : {}) };
}

/** Enough of a hash for a human to compare two plans at a glance. */
export function short(hash: string): string {
  return hash.slice(0, 12);
}
