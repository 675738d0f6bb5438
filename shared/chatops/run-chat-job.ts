import type { AuditLog } from '../core/audit-record.ts';
import type { ChatJob } from '../core/chat-job.ts';
import type { PostSlackMessage, SlackMessage } from '../core/slack-message.ts';
import type { StateCells } from '../core/state-cells.ts';
import { authorize } from './authorize.ts';
import { escapeMrkdwn, truncate } from './block-kit.ts';
import { chatAuditRecord } from './chat-audit.ts';
import type { ChatContext, ChatReply, PrepareContext } from './chat-command.ts';
import type { ChatServices } from './chat-services.ts';
import type { ChatCommandRegistry } from './command-registry.ts';
import { approveFromChat, denyFromChat } from './commands/approval-decision.ts';
import { slackActor } from './slack-identity.ts';

const KIND = 'CHAT-JOB';
const KEEP_MS = 86_400_000;

export interface ConsumeDependencies {
  services: ChatServices;
  commands: ChatCommandRegistry;
  prepare: PrepareContext;
  audit: AuditLog;
  cells: StateCells;
  post: PostSlackMessage;
  now(): Date;
  log: {
    info(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
  };
}

export function toSlackMessage(reply: ChatReply): SlackMessage {
  return {
    text: reply.text,
    ...(reply.blocks ? { blocks: reply.blocks } : {}),
    response_type: reply.inChannel ? 'in_channel' : 'ephemeral',
    ...(reply.replaceOriginal === undefined ? {} : { replace_original: reply.replaceOriginal }),
  };
}

/**
 * Runs one accepted chat job and posts its reply to `response_url`. The job is claimed once in
 * the state table and its reply kept there: a redelivery (the post failed, the queue repeated
 * itself) re-posts the kept reply and never runs the command twice. A command that fails is a
 * reply too ("failed: …"), audited, not retried.
 */
export async function runChatJob(job: ChatJob, deps: ConsumeDependencies): Promise<ChatReply | undefined> {
  const now = deps.now();
  const claimed = await deps.cells.createOnce(
    KIND,
    job.id,
    { status: 'running', at: now.toISOString() },
    now.getTime() + KEEP_MS,
  );
  if (!claimed) {
    const earlier = (await deps.cells.read(KIND, job.id)) as { reply?: ChatReply } | undefined;
    if (earlier?.reply === undefined) {
      deps.log.info('chat job already taken by another delivery', { jobId: job.id });
      return undefined;
    }
    await deps.post(job.responseUrl, toSlackMessage(earlier.reply));
    return earlier.reply;
  }
  const actor = slackActor(job.identity);
  const context: ChatContext = {
    identity: job.identity,
    actor,
    role: job.role,
    now,
    jobId: job.id,
    services: deps.services,
  };
  const { reply, command, target, changesState } = await run(job, context, deps);
  await deps.audit.write(
    chatAuditRecord({
      now: deps.now(),
      actor,
      userId: job.identity.userId,
      command,
      ...(target === undefined ? {} : { target }),
      outcome: reply.outcome,
      reason: `${describe(job)}: ${plain(reply.text)}`,
      changesState,
      jobId: job.id,
    }),
  );
  await deps.cells.overwrite(KIND, job.id, { status: 'done', reply }, now.getTime() + KEEP_MS);
  await deps.post(job.responseUrl, toSlackMessage(reply));
  return reply;
}

async function run(
  job: ChatJob,
  context: ChatContext,
  deps: ConsumeDependencies,
): Promise<{ reply: ChatReply; command: string; target?: string; changesState: boolean }> {
  const name = job.kind === 'command' ? job.command : job.decision;
  if (!deps.commands.has(name)) {
    return {
      reply: { outcome: 'failed', text: `unknown command "${name}"` },
      command: name,
      changesState: false,
    };
  }
  const command = deps.commands.get(name);
  try {
    if (job.kind === 'approval-button') {
      const target = `approval/${job.approvalId}`;
      const reply =
        job.decision === 'approve'
          ? await approveFromChat(job.approvalId, job.planHash, context, true)
          : await denyFromChat(job.approvalId, undefined, context, true);
      return { reply, command: name, target, changesState: true };
    }
    const prepared = command.prepare(job.text, deps.prepare);
    if (!prepared.ok)
      return { reply: { outcome: 'failed', text: prepared.reason }, command: name, changesState: false };
    // The role was checked when the request came in; checking again costs nothing and holds if
    // the job was written by anything else.
    const allowed = authorize(job.role, command, prepared.risk, deps.services.config);
    if (!allowed.ok)
      return { reply: { outcome: 'skipped', text: allowed.reason }, command: name, changesState: false };
    const reply = await prepared.run(context);
    return {
      reply,
      command: name,
      ...(prepared.target ? { target: prepared.target } : {}),
      changesState: command.changesState,
    };
  } catch (error) {
    deps.log.error('chat command failed', { jobId: job.id, command: name, error: (error as Error).message });
    return {
      reply: {
        outcome: 'failed',
        text: `:x: \`${name}\` failed: ${escapeMrkdwn(truncate((error as Error).message, 500))}`,
      },
      command: name,
      changesState: command.changesState,
    };
  }
}

function describe(job: ChatJob): string {
  return job.kind === 'command'
    ? `/reflex ${job.command} ${truncate(job.text, 200)}`.trim()
    : `${job.decision} button on approval ${job.approvalId}`;
}

/** The reply without mrkdwn decorations, for the audit reason. */
function plain(text: string): string {
  const unescaped = text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  return truncate(unescaped.replace(/[*_`]/g, '').replace(/\s+/g, ' '), 600);
}
