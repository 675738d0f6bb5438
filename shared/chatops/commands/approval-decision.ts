import { short } from '../../core/approval.ts';
import { satisfies } from '../../core/chat-roles.ts';
import { approvalRequestBlocks, decidedBlocks, escapeMrkdwn } from '../block-kit.ts';
import type { ChatContext, ChatReply } from '../chat-command.ts';

export const APPROVAL_ID = /^[0-9a-f]{32}$/;
export const PLAN_HASH = /^[0-9a-f]{64}$/;

/** The plan of a parked request, with Approve/Deny buttons bound to its hash. */
export async function showApproval(id: string, { services }: ChatContext): Promise<ChatReply> {
  const record = await services.approvalStore.get(id);
  if (record === undefined) return { outcome: 'failed', text: `no approval request \`${id}\`` };
  return {
    outcome: 'succeeded',
    text: `Approval ${id}: ${escapeMrkdwn(record.request.description)} (${record.status})`,
    blocks: approvalRequestBlocks(record),
  };
}

/**
 * Approves the exact plan (hash) the human saw, through the approval service (two-person rule for
 * high risk, expiry, one decision), and queues the approved request for the worker.
 */
export async function approveFromChat(
  id: string,
  planHash: string,
  { services, actor, role, now }: ChatContext,
  replaceOriginal = false,
): Promise<ChatReply> {
  const record = await services.approvalStore.get(id);
  if (record === undefined)
    return { outcome: 'failed', text: `no approval request \`${id}\``, replaceOriginal: false };
  const needed = services.config.riskRoles[record.risk];
  if (!satisfies(role, needed)) {
    return {
      outcome: 'skipped',
      text: `refused: approving a ${record.risk}-risk action needs the ${needed} role; you are ${role}`,
    };
  }
  const result = await services.approvals.approve(id, { approver: actor, planHash, now });
  if (!result.ok)
    return { outcome: 'skipped', text: `refused (${result.code}): ${escapeMrkdwn(result.reason)}` };
  await services.workQueue.enqueue([result.request]);
  const text = `:white_check_mark: approved by <@${actor.slice('slack:'.length)}> (plan \`${short(planHash)}\`); queued for execution`;
  return {
    outcome: 'succeeded',
    text,
    inChannel: true,
    replaceOriginal,
    ...(replaceOriginal ? { blocks: decidedBlocks(result.record, text) } : {}),
  };
}

/** Denies a parked request; anyone with the role may, the requester too. */
export async function denyFromChat(
  id: string,
  reason: string | undefined,
  { services, actor, now }: ChatContext,
  replaceOriginal = false,
): Promise<ChatReply> {
  const result = await services.approvals.deny(id, {
    by: actor,
    now,
    ...(reason === undefined ? {} : { reason }),
  });
  if (!result.ok)
    return { outcome: 'skipped', text: `refused (${result.code}): ${escapeMrkdwn(result.reason)}` };
  const text = `:no_entry: denied by <@${actor.slice('slack:'.length)}>${reason ? `: ${escapeMrkdwn(reason)}` : ''}`;
  return {
    outcome: 'succeeded',
    text,
    inChannel: true,
    replaceOriginal,
    ...(replaceOriginal ? { blocks: decidedBlocks(result.record, text) } : {}),
  };
}
