import type { ApprovalRecord } from '../core/approval.ts';
import { short } from '../core/approval.ts';
import type { Block } from '../core/slack-message.ts';

export const APPROVE_ACTION_ID = 'reflex.approve';
export const DENY_ACTION_ID = 'reflex.deny';

/** Slack's limit on a section's text. */
const MAX_SECTION_CHARS = 3_000;

/**
 * Text from users and from AWS goes into mrkdwn escaped: `<!channel>`, `<@U…>` or a link could
 * otherwise be smuggled into a message Reflex posts.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, MAX_SECTION_CHARS) } };
}

export function contextLine(mrkdwn: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, MAX_SECTION_CHARS) }] };
}

/** What an Approve/Deny button carries: the approval and the exact plan the human saw. */
export interface ApprovalButtonValue {
  id: string;
  planHash: string;
}

function describeApproval(record: ApprovalRecord): Block[] {
  const request = record.request;
  return [
    section(`*Approval needed* (${record.risk} risk): ${escapeMrkdwn(request.description)}`),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Action*\n\`${escapeMrkdwn(request.action)}\`` },
        { type: 'mrkdwn', text: `*Target*\n\`${escapeMrkdwn(request.target)}\`` },
        { type: 'mrkdwn', text: `*Requested by*\n${escapeMrkdwn(record.requestedBy)}` },
        { type: 'mrkdwn', text: `*Expires*\n${record.expiresAt}` },
      ],
    },
    contextLine(
      `request \`${record.id}\` · plan \`${short(record.planHash)}\` · params \`${escapeMrkdwn(truncate(JSON.stringify(request.params), 500))}\``,
    ),
  ];
}

/** The message a human approves from: the plan, and buttons bound to its hash. */
export function approvalRequestBlocks(record: ApprovalRecord): Block[] {
  const value = JSON.stringify({ id: record.id, planHash: record.planHash } satisfies ApprovalButtonValue);
  return [
    ...describeApproval(record),
    {
      type: 'actions',
      block_id: `reflex-approval-${record.id}`,
      elements: [
        {
          type: 'button',
          action_id: APPROVE_ACTION_ID,
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value,
          confirm: {
            title: { type: 'plain_text', text: 'Approve this plan?' },
            text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(record.request.description), 300) },
            confirm: { type: 'plain_text', text: 'Approve' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
        {
          type: 'button',
          action_id: DENY_ACTION_ID,
          text: { type: 'plain_text', text: 'Deny' },
          style: 'danger',
          value,
        },
      ],
    },
  ];
}

/** The same message once decided: no buttons left to click. */
export function decidedBlocks(record: ApprovalRecord, outcome: string): Block[] {
  return [...describeApproval(record), section(outcome)];
}
