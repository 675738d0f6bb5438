import { EXECUTION_ROLE_NAME } from '../core/execution-role.ts';
import { parseUserAgentStamp } from '../core/request-stamp.ts';
import type { Signal } from '../core/signal.ts';

/** Who caused an event, when Reflex did: its request, and the policy when the event says which. */
export interface SelfCause {
  requestId: string;
  /** Absent when only the session says it was Reflex: then it was Reflex, whichever policy. */
  policy?: string;
}

/** `arn:aws:sts::111122223333:assumed-role/ReflexExecutionRole/reflex-<request id>` */
const REFLEX_SESSION = new RegExp(`:assumed-role/${EXECUTION_ROLE_NAME}/reflex-([0-9a-f]{1,57})$`);

/**
 * The Reflex request that caused this event, when the event says so. CloudTrail events ("AWS API
 * Call via CloudTrail") carry the caller's user agent, which Reflex stamps on every call it makes,
 * in the hub and in member accounts alike. In a member account the caller is also a session of
 * ReflexExecutionRole named `reflex-<request id>` (MemberClients), which only Reflex opens: that
 * is recognised too, should the user agent have been cut or rewritten on the way.
 */
export function selfCausedPolicy(signal: Signal): SelfCause | undefined {
  const userAgent = signal.detail.userAgent;
  const stamp = typeof userAgent === 'string' ? parseUserAgentStamp(userAgent) : undefined;
  if (stamp) return { requestId: stamp.requestId, policy: stamp.policy };
  const identity = signal.detail.userIdentity;
  const arn =
    typeof identity === 'object' && identity !== null ? (identity as { arn?: unknown }).arn : undefined;
  const session = typeof arn === 'string' ? REFLEX_SESSION.exec(arn)?.[1] : undefined;
  return session === undefined ? undefined : { requestId: session };
}
