import { parseUserAgentStamp, type RequestStamp } from '../core/request-stamp.ts';
import type { Signal } from '../core/signal.ts';

/**
 * The Reflex request that caused this event, when the event says so: CloudTrail events ("AWS API
 * Call via CloudTrail") carry the caller's user agent, which Reflex stamps on every call it makes.
 */
export function selfCausedPolicy(signal: Signal): RequestStamp | undefined {
  const userAgent = signal.detail.userAgent;
  return typeof userAgent === 'string' ? parseUserAgentStamp(userAgent) : undefined;
}
