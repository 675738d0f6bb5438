import { z } from 'zod';
import { DEFAULT_LIMITS, resolvedLimitsSchema } from '../guardrails/limits.ts';
import { modeSchema } from '../policies/mode.ts';

export const originSchema = z.strictObject({
  type: z.enum(['policy', 'runbook', 'user']),
  name: z.string().min(1),
});

/**
 * The unit of work on the queue. `id` is derived from what caused it (signal, policy, action,
 * target), so a duplicate delivery of the same signal yields the same id and can be executed at
 * most once.
 */
export const actionRequestSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex digits'),
  action: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  target: z.string().min(1),
  origin: originSchema,
  requestedBy: z.string().min(1),
  mode: modeSchema,
  signalId: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  description: z.string(),
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
});

export type ActionRequest = z.infer<typeof actionRequestSchema>;
export type Origin = z.infer<typeof originSchema>;
