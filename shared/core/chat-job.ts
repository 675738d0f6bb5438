import { z } from 'zod';
import { ROLES } from './chat-roles.ts';

const identitySchema = z.strictObject({
  userId: z.string().min(1),
  userName: z.string(),
  teamId: z.string().min(1),
  channelId: z.string().optional(),
});

const common = {
  /** Derived from the request's signature: the same Slack request is the same job. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  identity: identitySchema,
  /** Resolved when the request was received (user groups need the Slack API). */
  role: z.enum(ROLES),
  responseUrl: z.url(),
  receivedAt: z.iso.datetime({ offset: true }),
};

/**
 * Work the HTTP side accepted and the consumer runs: a slash command, or a click on an
 * Approve/Deny button. Only Reflex writes these (the chat queue accepts the chatops role only).
 */
export const chatJobSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('command'), ...common, command: z.string().min(1), text: z.string() }),
  z.strictObject({
    kind: z.literal('approval-button'),
    ...common,
    decision: z.enum(['approve', 'deny']),
    approvalId: z.string().regex(/^[0-9a-f]{32}$/),
    planHash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
]);

export type ChatJob = z.infer<typeof chatJobSchema>;

/** Where accepted chat work waits for the consumer. */
export interface ChatJobQueue {
  enqueue(job: ChatJob): Promise<void>;
}
