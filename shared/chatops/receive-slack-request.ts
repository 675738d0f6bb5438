import { createHash } from 'node:crypto';
import type { AuditLog } from '../audit/audit-record.ts';
import { formatZodError } from '../signals/format-zod-error.ts';
import type { PostSlackMessage } from '../slack/slack-message.ts';
import { authorize } from './authorize.ts';
import {
  APPROVE_ACTION_ID,
  type ApprovalButtonValue,
  DENY_ACTION_ID,
  escapeMrkdwn,
  truncate,
} from './block-kit.ts';
import { chatAuditRecord } from './chat-audit.ts';
import type { PrepareContext } from './chat-command.ts';
import type { ChatJob, ChatJobQueue } from './chat-job.ts';
import type { ChatOpsConfig } from './chatops-config.ts';
import type { ChatCommandRegistry } from './command-registry.ts';
import { splitCommand } from './command-text.ts';
import { parseFormBody } from './form-body.ts';
import { type HttpRequest, type HttpResponse, jsonResponse, textResponse } from './http-exchange.ts';
import type { ReplayGuard } from './replay-guard.ts';
import { type SlackIdentity, slackActor } from './slack-identity.ts';
import { blockActionsSchema, slashCommandSchema } from './slack-payloads.ts';
import type { SlackSettingsSource } from './slack-settings.ts';
import { verifySlackSignature } from './slack-signature.ts';
import { roleOf, type UserGroupDirectory } from './user-groups.ts';

/** Slack's own payloads are far smaller; an interaction carries its message, a few KB. */
export const MAX_BODY_BYTES = 128 * 1024;

export interface ReceiveDependencies {
  settings: SlackSettingsSource;
  replay: ReplayGuard;
  audit: AuditLog;
  groups: UserGroupDirectory;
  commands: ChatCommandRegistry;
  prepare: PrepareContext;
  config: ChatOpsConfig;
  jobs: ChatJobQueue;
  /** Posts a refused button click's answer to its `response_url` (the click's HTTP answer is not shown). */
  post: PostSlackMessage;
  now(): Date;
  log: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
  };
}

export type SlackEndpoint = 'commands' | 'interactions';

interface Verified {
  jobId: string;
  now: Date;
}

/**
 * The HTTP side of chat-ops, which must answer Slack within 3 seconds: verify the signature and
 * the timestamp, refuse replays, authorize, audit, queue the work, answer. Nothing is executed
 * here; every refusal is audited with whatever identity the request claims.
 */
export async function receiveSlackRequest(
  endpoint: SlackEndpoint,
  request: HttpRequest,
  deps: ReceiveDependencies,
): Promise<HttpResponse> {
  const now = deps.now();
  const claimed = claimedUser(request.body);
  const refuse = async (status: number, command: string, reason: string) => {
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
    return textResponse(status, reason);
  };
  if (request.method !== 'POST') return textResponse(405, 'only POST');
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
  if (!(await deps.replay.firstSeen(check.signature, check.timestamp, now))) {
    return refuse(409, '(replay)', 'this signed request was already received (replay)');
  }
  const verified: Verified = {
    jobId: createHash('sha256').update(check.signature).digest('hex').slice(0, 32),
    now,
  };
  return endpoint === 'commands'
    ? receiveCommand(request, verified, deps)
    : receiveInteraction(request, verified, deps);
}

async function receiveCommand(request: HttpRequest, { jobId, now }: Verified, deps: ReceiveDependencies) {
  const parsed = slashCommandSchema.safeParse(parseFormBody(request.body.toString('utf8')));
  if (!parsed.success) {
    const reason = `malformed slash command: ${formatZodError(parsed.error)}`;
    await deps.audit.write(
      chatAuditRecord({
        now,
        actor: 'slack:unknown',
        userId: undefined,
        command: '(malformed)',
        outcome: 'skipped',
        reason,
        jobId,
      }),
    );
    return textResponse(400, reason);
  }
  const form = parsed.data;
  const identity: SlackIdentity = {
    userId: form.user_id,
    userName: form.user_name,
    teamId: form.team_id,
    ...(form.channel_id ? { channelId: form.channel_id } : {}),
  };
  const actor = slackActor(identity);
  const quoted = `\`${form.command} ${escapeMrkdwn(truncate(form.text, 80))}\``;
  const audit = (
    command: string,
    outcome: 'skipped' | 'planned',
    reason: string,
    extra: { target?: string; changesState?: boolean } = {},
  ) =>
    deps.audit.write(
      chatAuditRecord({
        now,
        actor,
        userId: identity.userId,
        command,
        outcome,
        reason,
        jobId,
        ...extra,
        details: { teamId: identity.teamId, channelId: identity.channelId, userName: identity.userName },
      }),
    );
  const reject = async (command: string, reason: string) => {
    await audit(command, 'skipped', `rejected: ${reason}`);
    return jsonResponse(200, { response_type: 'ephemeral', text: `:no_entry_sign: ${escapeMrkdwn(reason)}` });
  };

  const role = await roleOf(identity.userId, deps.config, deps.groups);
  if (role === undefined) {
    return reject(
      '(unauthorized)',
      `unknown user ${identity.userId}: you have no Reflex role; ask an admin to add your Slack user id or one of your user groups to config/chatops.yml`,
    );
  }
  const split = splitCommand(form.text);
  if (!split.ok) return reject('(malformed)', split.reason);
  if (!deps.commands.has(split.name)) {
    return reject(
      '(unknown)',
      `unknown command "${truncate(split.name, 40)}"; valid commands: ${deps.commands.names().join(', ')}`,
    );
  }
  const command = deps.commands.get(split.name);
  const prepared = command.prepare(split.rest, deps.prepare);
  if (!prepared.ok) return reject(command.name, `${prepared.reason} (usage: ${command.usage})`);
  const allowed = authorize(role, command, prepared.risk, deps.config);
  if (!allowed.ok) return reject(command.name, allowed.reason);

  const job: ChatJob = {
    kind: 'command',
    id: jobId,
    identity,
    role,
    responseUrl: form.response_url,
    receivedAt: now.toISOString(),
    command: command.name,
    text: split.rest,
  };
  await deps.jobs.enqueue(job);
  await audit(
    command.name,
    'planned',
    `accepted ${quoted} from ${identity.userName || identity.userId} (${role}); queued as chat job ${jobId}`,
    {
      ...(prepared.target === undefined ? {} : { target: prepared.target }),
      changesState: command.changesState,
    },
  );
  return jsonResponse(200, {
    response_type: 'ephemeral',
    text: `:hourglass_flowing_sand: working on ${quoted}…`,
  });
}

async function receiveInteraction(request: HttpRequest, { jobId, now }: Verified, deps: ReceiveDependencies) {
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
