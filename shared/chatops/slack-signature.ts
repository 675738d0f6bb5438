import { createHmac } from 'node:crypto';
import { sameSecret } from '../core/same-secret.ts';

/** Slack refuses nothing older than this itself; we accept nothing further from our clock. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export type SignatureCheck =
  | { ok: true; timestamp: number; signature: string }
  | {
      ok: false;
      code: 'missing-signature' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature';
      reason: string;
    };

/**
 * Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed by
 * the app's signing secret. The body must be the exact bytes received, before any parsing.
 */
export function slackSignature(
  signingSecret: string,
  timestamp: string | number,
  rawBody: string | Buffer,
): string {
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:`, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('hex');
  return `v0=${digest}`;
}

/**
 * Verifies the `X-Slack-Signature` and `X-Slack-Request-Timestamp` headers of a request. The
 * timestamp is checked first (a stale request is refused whatever its signature), and the
 * comparison is constant-time, so the answer time tells nothing about the expected signature.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string | Buffer;
  now: Date;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) {
    return {
      ok: false,
      code: 'missing-signature',
      reason: 'missing X-Slack-Signature or X-Slack-Request-Timestamp header',
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, code: 'bad-timestamp', reason: 'X-Slack-Request-Timestamp is not a Unix time' };
  }
  const seconds = Number(timestamp);
  const skew = Math.abs(input.now.getTime() / 1_000 - seconds);
  if (skew > MAX_CLOCK_SKEW_SECONDS) {
    return {
      ok: false,
      code: 'stale-timestamp',
      reason: `request timestamp is ${Math.round(skew)} s away from now (at most ${MAX_CLOCK_SKEW_SECONDS} s)`,
    };
  }
  if (!sameSecret(signature, slackSignature(input.signingSecret, timestamp, input.rawBody)))
    return { ok: false, code: 'bad-signature', reason: 'signature does not match the request' };
  return { ok: true, timestamp: seconds, signature };
}
