import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { mediaType } from '../../shared/chatops/http-exchange.ts';
import { sameSecret } from '../../shared/core/same-secret.ts';

/** The header that carries `reflex dev`'s per-run token; a header, never a cookie, so no page gets it for free. */
export const TOKEN_HEADER = 'x-reflex-token';

/** A refusal the dev server answers with, before any route runs and before the body is read. */
export interface Refusal {
  status: 403 | 415;
  error: string;
}

/** A fresh token for one run of `reflex dev`: 32 random bytes, URL-safe. */
export function newDevToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What `reflex dev`'s server accepts from a browser or a script, so that no web page open while it
 * runs can drive it:
 * - `Host` must name the server itself (127.0.0.1 or localhost, on its port): a DNS-rebound name
 *   (evil.example resolving to 127.0.0.1) is refused, so a page cannot read the dashboard either;
 * - an `Origin`, when sent, must be the server's own: a cross-site `fetch` or form is refused;
 * - every state-changing request (any method but GET and HEAD) carries the run's token in
 *   `x-reflex-token`, and a JSON body as `application/json` — the type a page cannot send
 *   cross-site without a CORS preflight, which this server never grants.
 * The Slack endpoints are not guarded here: Slack signs its form-encoded requests, and the route
 * verifies that signature itself.
 */
export class DevRequestGuard {
  private allowedHosts = new Set<string>();

  constructor(private readonly token: string) {}

  /** The server's own names, once its port is known (port 0 picks one at listen time). */
  listeningOn(port: number): void {
    this.allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  }

  check(method: string, headers: IncomingHttpHeaders): Refusal | undefined {
    const host = headers.host?.toLowerCase();
    if (host === undefined || !this.allowedHosts.has(host))
      return {
        status: 403,
        error: `refused: Host ${host === undefined ? '(none)' : JSON.stringify(host)} is not this server; use ${this.ownOrigins()}`,
      };
    const origin = headers.origin;
    if (origin !== undefined && !this.isOwnOrigin(origin))
      return {
        status: 403,
        error: `refused: requests from Origin ${JSON.stringify(origin)} are not accepted; only ${this.ownOrigins()}`,
      };
    if (method === 'GET' || method === 'HEAD') return undefined;
    const sent = headers[TOKEN_HEADER];
    if (typeof sent !== 'string' || sent === '')
      return {
        status: 403,
        error: `refused: no ${TOKEN_HEADER} header; send the token reflex dev printed at start (reflex chaos reads $REFLEX_DEV_TOKEN or --token)`,
      };
    if (!this.isToken(sent))
      return {
        status: 403,
        error: `refused: wrong ${TOKEN_HEADER}; reflex dev prints a new token each time it starts`,
      };
    const type = mediaType(headers['content-type']);
    if (type !== 'application/json')
      return {
        status: 415,
        error: `refused: send the body as application/json${type === undefined ? ' (no content-type)' : ` (got ${type})`}`,
      };
    return undefined;
  }

  private isOwnOrigin(origin: string): boolean {
    try {
      const url = new URL(origin);
      return url.protocol === 'http:' && this.allowedHosts.has(url.host) && url.origin === origin;
    } catch {
      // "null" (a sandboxed frame, a file://) and anything unparsable are nobody's origin.
      return false;
    }
  }

  private isToken(sent: string): boolean {
    return sameSecret(sent, this.token);
  }

  private ownOrigins(): string {
    return [...this.allowedHosts].map((host) => `http://${host}`).join(' or ');
  }
}
