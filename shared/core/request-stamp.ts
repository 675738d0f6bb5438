/**
 * Which Reflex request an AWS call is made for. Reflex writes it into the User-Agent of every call
 * a request makes; CloudTrail records that user agent, so an event Reflex caused says so.
 */
export interface RequestStamp {
  requestId: string;
  policy: string;
  /** The action the calls are made for (not written into the user agent). */
  action?: string;
}

/**
 * The port the worker acts through: runs `work` with every AWS call inside it stamped (the SDK
 * middleware and its AsyncLocalStorage are the adapter, in shared/aws/request-stamp.ts).
 */
export type RunStamped = <T>(stamp: RequestStamp, work: () => Promise<T>) => Promise<T>;

/** The User-Agent suffix of a stamp; `parseUserAgentStamp` reads it back. */
export function userAgentStamp(stamp: RequestStamp): string {
  return `reflex-request/${stamp.requestId} reflex-policy/${stamp.policy}`;
}

/** Reads a stamp back from a CloudTrail `userAgent`, so Reflex recognises events it caused. */
export function parseUserAgentStamp(userAgent: string): RequestStamp | undefined {
  const requestId = /reflex-request\/([0-9a-f]{32})/.exec(userAgent)?.[1];
  const policy = /reflex-policy\/([a-z0-9-]+)/.exec(userAgent)?.[1];
  return requestId && policy ? { requestId, policy } : undefined;
}
