import { z } from 'zod';
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
});

export type ActionRequest = z.infer<typeof actionRequestSchema>;
export type Origin = z.infer<typeof originSchema>;
