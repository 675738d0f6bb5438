import { AsyncLocalStorage } from 'node:async_hooks';
import { type RequestStamp, userAgentStamp } from '../core/request-stamp.ts';

const stamps = new AsyncLocalStorage<RequestStamp>();

/** Runs `work` with every AWS call inside it stamped with the request (see `stampMiddleware`). */
export function withRequestStamp<T>(stamp: RequestStamp, work: () => Promise<T>): Promise<T> {
  return stamps.run(stamp, work);
}

/** The stamp of the call being made now, if it is made for a Reflex request. */
export function currentRequestStamp(): RequestStamp | undefined {
  return stamps.getStore();
}

interface HeadersCarrier {
  request?: { headers?: Record<string, string> };
}

type Next = (args: HeadersCarrier) => Promise<unknown>;

/**
 * SDK middleware that appends the current stamp to the User-Agent of each call. CloudTrail records
 * the user agent, so an event caused by Reflex's own API call carries the request and policy.
 * It must run before the request is signed: `x-amz-user-agent` is one of the SigV4 SignedHeaders,
 * and AWS refuses a request whose signed headers changed after signing (EC2 AuthFailure, other
 * services SignatureDoesNotMatch). See STAMP_MIDDLEWARE_OPTIONS.
 */
export const stampMiddleware = (next: Next) => async (args: HeadersCarrier) => {
  const stamp = stamps.getStore();
  const headers = args.request?.headers;
  if (stamp && headers) {
    const suffix = userAgentStamp(stamp);
    for (const name of ['user-agent', 'x-amz-user-agent']) {
      if (headers[name] !== undefined) headers[name] = `${headers[name]} ${suffix}`;
    }
    if (headers['user-agent'] === undefined) headers['user-agent'] = suffix;
  }
  return next(args);
};

/**
 * Right after the SDK's own user-agent middleware (build step), which writes the headers this one
 * extends; signing happens later, in finalizeRequest, so the stamp is part of what is signed.
 */
export const STAMP_MIDDLEWARE_OPTIONS = {
  name: 'reflexRequestStamp',
  relation: 'after',
  toMiddleware: 'getUserAgentMiddleware',
} as const;
