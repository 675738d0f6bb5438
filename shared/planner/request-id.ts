import { createHash } from 'node:crypto';

/**
 * The idempotency key of a request: the same signal, policy, action and target always give the same
 * id, so a redelivered event plans the very same request and can be executed at most once.
 */
export function requestId(parts: {
  signalId: string;
  policy: string;
  actionIndex: number;
  action: string;
  target: string;
  /** The escalation rung and the resource it is about; absent for policies without a ladder. */
  escalation?: { rung: number; subject: string };
}): string {
  const material = JSON.stringify([
    parts.signalId,
    parts.policy,
    parts.actionIndex,
    parts.action,
    parts.target,
    ...(parts.escalation ? [parts.escalation.rung, parts.escalation.subject] : []),
  ]);
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}
