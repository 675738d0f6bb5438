import { createHash } from 'node:crypto';
import type { Placement } from '../core/placement.ts';

/**
 * The idempotency key of a request: the same signal, policy, action, target and placement always give the same
 * id, so a redelivered event plans the very same request and can be executed at most once.
 */
export function requestId(parts: {
  signalId: string;
  policy: string;
  actionIndex: number;
  action: string;
  target: string;
  /** Where the target is: `i-123` in two accounts are two requests. Absent: the hub's own. */
  placement?: Placement;
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
    ...(parts.placement ? [parts.placement.account, parts.placement.region] : []),
  ]);
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}
