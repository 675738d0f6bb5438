import type { AuditLog } from '../core/audit-record.ts';
import type { ChatJob, ChatJobQueue } from '../core/chat-job.ts';
import type { UserGroupDirectory } from '../core/user-group-directory.ts';
import { formatZodError } from '../errors/format-zod-error.ts';
import { authorize } from './authorize.ts';
import { escapeMrkdwn, truncate } from './block-kit.ts';
import { chatAuditRecord } from './chat-audit.ts';
import type { PrepareContext } from './chat-command.ts';
import type { ChatOpsConfig } from './chatops-config.ts';
import type { ChatCommandRegistry } from './command-registry.ts';
import { splitCommand } from './command-text.ts';
import { parseFormBody } from './form-body.ts';
import { type HttpRequest, type HttpResponse, jsonResponse, textResponse } from './http-exchange.ts';
import { type SlackIdentity, slackActor } from './slack-identity.ts';
import { slashCommandSchema } from './slack-payloads.ts';
import type { VerifiedSlackRequest } from './slack-request-gate.ts';
import { roleOf } from './user-role.ts';

export interface SlashCommandDependencies {
  audit: AuditLog;
  groups: UserGroupDirectory;
  commands: ChatCommandRegistry;
  prepare: PrepareContext;
  config: ChatOpsConfig;
  jobs: ChatJobQueue;
}

/**
 * A verified `/reflex …` command: parse the form, resolve the user's role, parse and authorize the
 * command, queue it as a chat job and audit it; refusals are ephemeral answers with a `skipped` record.
 */
export async function receiveSlashCommand(
  request: HttpRequest,
  { jobId, now }: VerifiedSlackRequest,
  deps: SlashCommandDependencies,
): Promise<HttpResponse> {
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
