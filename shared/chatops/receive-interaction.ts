import type { AuditLog } from '../core/audit-record.ts';
import type { ChatJobQueue } from '../core/chat-job.ts';
import type { PostSlackMessage } from '../core/slack-message.ts';
import type { UserGroupDirectory } from '../core/user-group-directory.ts';
import { formatZodError } from '../errors/format-zod-error.ts';
import { authorize } from './authorize.ts';
import {
  APPROVE_ACTION_ID,
  type ApprovalButtonValue,
  DENY_ACTION_ID,
  escapeMrkdwn,
  truncate,
} from './block-kit.ts';
import { chatAuditRecord } from './chat-audit.ts';
import type { ChatOpsConfig } from './chatops-config.ts';
import type { ChatCommandRegistry } from './command-registry.ts';
import { parseFormBody } from './form-body.ts';
import { type HttpRequest, type HttpResponse, textResponse } from './http-exchange.ts';
import { type SlackIdentity, slackActor } from './slack-identity.ts';
import { blockActionsSchema } from './slack-payloads.ts';
import type { VerifiedSlackRequest } from './slack-request-gate.ts';
import { roleOf } from './user-role.ts';

export interface InteractionDependencies {
  audit: AuditLog;
  groups: UserGroupDirectory;
  commands: ChatCommandRegistry;
  config: ChatOpsConfig;
  jobs: ChatJobQueue;
  /** Posts a refused button click's answer to its `response_url` (the click's HTTP answer is not shown). */
  post: PostSlackMessage;
  log: { warn(message: string, fields?: Record<string, unknown>): void };
}

/**
 * A verified interaction: an Approve/Deny click on an approval request. The clicker is authorized
 * and the decision queued as a chat job; the approval itself is decided by the chat queue's consumer.
 */
export async function receiveInteraction(
  request: HttpRequest,
  { jobId, now }: VerifiedSlackRequest,
  deps: InteractionDependencies,
): Promise<HttpResponse> {
  const form = parseFormBody(request.body.toString('utf8'));
  let json: unknown;
  try {
    json = JSON.parse(form.payload ?? '');
  } catch {
    json = undefined;
  }
  const parsed = blockActionsSchema.safeParse(json);
  const malformed = async (reason: string, userId?: string) => {
    await deps.audit.write(
      chatAuditRecord({
        now,
        actor: userId ? `slack:${userId}` : 'slack:unknown',
        userId,
        command: '(interaction)',
        outcome: 'skipped',
        reason: `rejected: ${reason}`,
        jobId,
      }),
    );
    return textResponse(400, reason);
  };
  if (!parsed.success) {
    return malformed(
      json === undefined
        ? 'the "payload" field is not JSON'
        : `not a block_actions payload: ${formatZodError(parsed.error)}`,
    );
  }
  const payload = parsed.data;
  const action = payload.actions[0];
  const userId = payload.user.id;
  const decision =
    action?.action_id === APPROVE_ACTION_ID
      ? 'approve'
      : action?.action_id === DENY_ACTION_ID
        ? 'deny'
        : undefined;
  if (decision === undefined) {
    return malformed(
      `unknown action_id "${truncate(action?.action_id ?? '', 40)}"; valid: ${APPROVE_ACTION_ID}, ${DENY_ACTION_ID}`,
      userId,
    );
  }
  const value = buttonValue(action?.value);
  if (value === undefined) return malformed('the button value is not {"id", "planHash"}', userId);

  const identity: SlackIdentity = {
    userId,
    userName: payload.user.username ?? payload.user.name ?? '',
    teamId: payload.team?.id ?? payload.user.team_id ?? 'unknown',
    ...(payload.channel?.id ? { channelId: payload.channel.id } : {}),
  };
  const actor = slackActor(identity);
  const target = `approval/${value.id}`;
  const command = deps.commands.get(decision);
  const role = await roleOf(userId, deps.config, deps.groups);
  const allowed = authorize(role, command, undefined, deps.config);
  if (!allowed.ok) {
    await deps.audit.write(
      chatAuditRecord({
        now,
        actor,
        userId,
        command: decision,
        target,
        outcome: 'skipped',
        reason: `rejected: ${allowed.reason}`,
        jobId,
      }),
    );
    // The click's HTTP answer is not shown to the user; the response_url message is.
    await deps
      .post(payload.response_url, {
        response_type: 'ephemeral',
        replace_original: false,
        text: `:no_entry_sign: ${escapeMrkdwn(allowed.reason)}`,
      })
      .catch((error: Error) => deps.log.warn('refusal not posted to response_url', { error: error.message }));
    return textResponse(200, '');
  }
  await deps.jobs.enqueue({
    kind: 'approval-button',
    id: jobId,
    identity,
    role: role ?? 'viewer',
    responseUrl: payload.response_url,
    receivedAt: now.toISOString(),
    decision,
    approvalId: value.id,
    planHash: value.planHash,
  });
  await deps.audit.write(
    chatAuditRecord({
      now,
      actor,
      userId,
      command: decision,
      target,
      outcome: 'planned',
      changesState: true,
      reason: `accepted ${decision} button click on approval ${value.id}; queued as chat job ${jobId}`,
      jobId,
    }),
  );
  return textResponse(200, '');
}

function buttonValue(value: string | undefined): ApprovalButtonValue | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<ApprovalButtonValue>;
    if (
      typeof parsed.id === 'string' &&
      /^[0-9a-f]{32}$/.test(parsed.id) &&
      typeof parsed.planHash === 'string' &&
      /^[0-9a-f]{64}$/.test(parsed.planHash)
    ) {
      return { id: parsed.id, planHash: parsed.planHash };
    }
  } catch {
    // falls through: not a value Reflex wrote
  }
  return undefined;
}
