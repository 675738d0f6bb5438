import { createHash } from 'node:crypto';
import type { AuditLog } from '../core/audit-record.ts';
import type { SlackSettingsSource } from '../core/slack-settings.ts';
import { chatAuditRecord } from './chat-audit.ts';
import { malformedFormBody, parseFormBody } from './form-body.ts';
import { type HttpRequest, type HttpResponse, mediaType, textResponse } from './http-exchange.ts';
import type { ReplayGuard } from './replay-guard.ts';
import { verifySlackSignature } from './slack-signature.ts';

/** Slack's own payloads are far smaller; an interaction carries its message, a few KB. */
export const MAX_BODY_BYTES = 128 * 1024;

export interface SlackGateDependencies {
  settings: SlackSettingsSource;
  replay: ReplayGuard;
  audit: AuditLog;
  log: { warn(message: string, fields?: Record<string, unknown>): void };
}

/** A request that passed the gate: signed by Slack, fresh, seen for the first time. */
export interface VerifiedSlackRequest {
  /** Derived from the signature, so a redelivered request names the same chat job. */
  jobId: string;
  now: Date;
}

export type SlackGateVerdict =
  | { ok: true; verified: VerifiedSlackRequest }
  | { ok: false; response: HttpResponse };

/**
 * The gate in front of both Slack endpoints: POST only, a bounded body, Slack's signature and
 * timestamp, a well-formed form body (Slack sends nothing else), and no replay. Every refusal is
 * audited with whatever identity the request claims.
 */
export async function admitSlackRequest(
  request: HttpRequest,
  deps: SlackGateDependencies,
  now: Date,
): Promise<SlackGateVerdict> {
  const claimed = claimedUser(request.body);
  const refuse = async (status: number, command: string, reason: string): Promise<SlackGateVerdict> => {
    deps.log.warn('slack request refused', { status, reason, claimedUser: claimed });
    await deps.audit.write(
      chatAuditRecord({
        now,
        actor: `slack-unverified:${claimed ?? 'unknown'}`,
        userId: claimed,
        command,
        outcome: 'skipped',
        reason: `refused (${status}): ${reason}`,
      }),
    );
    return { ok: false, response: textResponse(status, reason) };
  };
  if (request.method !== 'POST') return { ok: false, response: textResponse(405, 'only POST') };
  if (request.body.length > MAX_BODY_BYTES) {
    return refuse(
      413,
      '(unverified)',
      `request body is ${request.body.length} bytes, over ${MAX_BODY_BYTES}`,
    );
  }
  const settings = await deps.settings.get();
  const check = verifySlackSignature({
    signingSecret: settings.signingSecret,
    timestamp: request.headers['x-slack-request-timestamp'],
    signature: request.headers['x-slack-signature'],
    rawBody: request.body,
    now,
  });
  if (!check.ok) return refuse(401, '(unverified)', check.reason);
  // Checked once signed, so an anonymous sender learns nothing but 401; before the replay check,
  // so a refused body does not use up its signature.
  const type = mediaType(request.headers['content-type']);
  if (type !== 'application/x-www-form-urlencoded')
    return refuse(
      415,
      '(malformed)',
      `Slack sends application/x-www-form-urlencoded; this request is ${type ?? 'of no content-type'}`,
    );
  const malformed = malformedFormBody(request.body);
  if (malformed !== undefined) return refuse(400, '(malformed)', `malformed Slack request: ${malformed}`);
  if (!(await deps.replay.firstSeen(check.signature, check.timestamp, now))) {
    return refuse(409, '(replay)', 'this signed request was already received (replay)');
  }
  return {
    ok: true,
    verified: { jobId: createHash('sha256').update(check.signature).digest('hex').slice(0, 32), now },
  };
}

/** The user a request claims to be from, for auditing a refusal; only a well-formed id is kept. */
function claimedUser(body: Buffer): string | undefined {
  if (body.length > MAX_BODY_BYTES) return undefined;
  const form = parseFormBody(body.toString('utf8'));
  let candidate = form.user_id;
  if (candidate === undefined && form.payload !== undefined) {
    try {
      candidate = (JSON.parse(form.payload) as { user?: { id?: string } }).user?.id;
    } catch {
      candidate = undefined;
    }
  }
  return typeof candidate === 'string' && /^[UW][A-Z0-9]{2,20}$/.test(candidate) ? candidate : undefined;
}
