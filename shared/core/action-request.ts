import { z } from 'zod';
import { DEFAULT_LIMITS, resolvedLimitsSchema } from './limits.ts';
import { modeSchema } from './mode.ts';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from './placement.ts';
import { tagConditionSchema } from './tag-condition.ts';

export const verifySpecSchema = z.strictObject({
  withinMs: z.number().int().min(0),
  alarm: z
    .strictObject({ name: z.string().min(1), state: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']) })
    .optional(),
});

export type VerifySpec = z.infer<typeof verifySpecSchema>;

export const originSchema = z.strictObject({
  type: z.enum(['policy', 'runbook', 'user']),
  name: z.string().min(1),
});

/**
 * The unit of work on the queue, built only by `buildRequest` (build-request.ts). `id` is derived
 * from what caused it (signal, policy, action, target), so a duplicate delivery of the same signal
 * yields the same id and can be executed at most once.
 */
export const actionRequestSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex digits'),
  action: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  target: z.string().min(1),
  /**
   * Where the target lives and the worker acts (shared/core/placement.ts). Absent on requests
   * queued before Reflex knew about accounts, and on chat or runbook requests about the hub's own
   * resources: both are the hub's own account and region.
   */
  account: z.string().regex(ACCOUNT_ID_PATTERN, 'must be an AWS account id (12 digits)').optional(),
  region: z.string().regex(REGION_PATTERN, 'must be an AWS region (like us-east-1)').optional(),
  origin: originSchema,
  requestedBy: z.string().min(1),
  /**
   * How far this request may go, decided once when it is built (planner, chat, runbook alike, in
   * `build-request.ts`): the mode its origin asked for, capped by the global ceiling it was planned
   * under. What is queued, shown by `reflex plan` and audited is therefore what will happen. The
   * worker caps it again by its own ceiling, which can only lower it: a deployment switched to
   * dry-run stops requests already queued, and raising the ceiling never enforces a request
   * planned as dry-run.
   */
  mode: modeSchema,
  /** What the origin asked for, present only when the ceiling lowered it (so the audit can say why). */
  requestedMode: modeSchema.optional(),
  signalId: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  description: z.string(),
  /**
   * The policy's tag filter, when planning could not read the target's tags (a member account's
   * resource: the trigger functions cannot reach there). The worker checks it on the live tags it
   * reads in the target's account before anything else, and skips the request when they fail it.
   */
  requiredTags: z.record(z.string(), tagConditionSchema).optional(),
  /** The guardrail limits of the policy that planned it, defaults filled in. */
  limits: resolvedLimitsSchema.default(DEFAULT_LIMITS),
  /** Present once a human approved the exact plan (its hash) of a request in approve mode. */
  approval: z
    .strictObject({
      id: z.string().min(1),
      planHash: z.string().regex(/^[0-9a-f]{64}$/),
      approvedBy: z.string().min(1),
    })
    .optional(),
  /**
   * How its outcome is verified after it ran: within `withinMs`, the action's own check (the
   * instance is running) and, when the policy asks, the triggering alarm back in `alarm.state`.
   */
  verify: verifySpecSchema.optional(),
  /** Present on a re-check of a request whose verification was still pending: no new action. */
  verification: z
    .strictObject({ attempt: z.number().int().min(1), deadline: z.iso.datetime({ offset: true }) })
    .optional(),
  /**
   * The escalation rung this request belongs to: `key` names the policy and the resource it
   * remediates, so the next signal about it starts one rung higher (within `withinMs`).
   */
  escalation: z
    .strictObject({
      key: z.string().min(1),
      rung: z.number().int().min(0),
      rungs: z.number().int().min(1),
      withinMs: z.number().int().min(1),
    })
    .optional(),
  /**
   * What to do when this request's remediation did not work (verification failed, or the action
   * found it could not act): the next rung, planned in advance so the worker needs no policy.
   * Empty or absent: humans are notified instead.
   */
  get onFailure() {
    return z.array(actionRequestSchema).max(10).optional();
  },
});

export type ActionRequest = z.infer<typeof actionRequestSchema>;
export type Origin = z.infer<typeof originSchema>;
