import { type HttpRequest, type HttpResponse, textResponse } from '../chatops/http-exchange.ts';
import type { AlertTokenSource } from '../core/alert-tokens.ts';
import type { AuditLog } from '../core/audit-record.ts';
import { sameSecret } from '../core/same-secret.ts';
import { alertAuditRecord } from './alert-audit.ts';

/**
 * Alertmanager and Grafana cap nothing themselves; 1,000 alerts with their labels and annotations
 * stay well under this. Larger is refused before it is read as JSON.
 */
export const MAX_ALERT_BODY_BYTES = 4 * 1024 * 1024;

export interface AlertGateDependencies {
  tokens: AlertTokenSource;
  audit: AuditLog;
  log: { warn(message: string, fields?: Record<string, unknown>): void };
}

export type AlertGateVerdict = { ok: true; sender: string } | { ok: false; response: HttpResponse };

/**
 * The gate in front of `POST /alerts`: POST only, a bounded body, and a known sender's token
 * (bearer or basic auth), compared in constant time. A refused sender learns nothing but its
 * status; the audit keeps who it claimed to be, where it came from and why, never the body.
 */
export async function admitAlertRequest(
  request: HttpRequest,
  deps: AlertGateDependencies,
  now: Date,
): Promise<AlertGateVerdict> {
  const credentials = parseAuthorization(request.headers.authorization);
  const refuse = async (status: number, reason: string, answer: string): Promise<AlertGateVerdict> => {
    const claimed = credentials?.user ?? 'unknown';
    deps.log.warn('alert request refused', {
      status,
      reason,
      claimedSender: claimed,
      sourceIp: request.sourceIp,
    });
    await deps.audit.write(
      alertAuditRecord({
        now,
        actor: `alert-sender-unverified:${claimed}`,
        target: 'alert/refused',
        reason: `refused (${status}): ${reason}${request.sourceIp ? `; from ${request.sourceIp}` : ''}`,
      }),
    );
    return { ok: false, response: textResponse(status, answer) };
  };
  if (request.method !== 'POST') return { ok: false, response: textResponse(405, 'only POST') };
  if (request.body.length > MAX_ALERT_BODY_BYTES) {
    const reason = `request body is ${request.body.length} bytes, over ${MAX_ALERT_BODY_BYTES}`;
    return refuse(413, reason, reason);
  }
  if (credentials === undefined) return refuse(401, 'no bearer or basic credentials', 'unauthorized');
  const sender = matchingToken(credentials, await deps.tokens.get());
  if (sender === undefined) return refuse(401, `unknown ${credentials.scheme} token`, 'unauthorized');
  return { ok: true, sender };
}

interface Credentials {
  scheme: 'bearer' | 'basic';
  secret: string;
  /** The basic-auth user (a token's name), when it is well formed. */
  user?: string;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function parseAuthorization(header: string | undefined): Credentials | undefined {
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header ?? '');
  if (!match?.[1] || !match[2]) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme === 'bearer') return { scheme: 'bearer', secret: match[2] };
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(match[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  return { scheme: 'basic', secret: decoded.slice(colon + 1), ...(NAME.test(user) ? { user } : {}) };
}

/**
 * The name of the token the credentials carry. Every token is compared, each in constant time on
 * digests of equal length, so neither the time nor the order tells a sender how close it came.
 */
function matchingToken(credentials: Credentials, tokens: ReadonlyMap<string, string>): string | undefined {
  let found: string | undefined;
  for (const [name, token] of tokens) {
    const equal = sameSecret(credentials.secret, token);
    const nameFits = credentials.scheme === 'bearer' || credentials.user === name;
    if (equal && nameFits && found === undefined) found = name;
  }
  return found;
}
