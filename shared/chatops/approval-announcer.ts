import type { ApprovalRecord } from '../core/approval.ts';
import type { PostSlackMessage } from '../core/slack-message.ts';
import { approvalRequestBlocks } from './block-kit.ts';

/**
 * Posts a request that waits for a human to the approvals channel, with Approve/Deny buttons bound
 * to its plan hash. Best effort: the request stays parked (and approvable from the CLI) when Slack
 * is unreachable.
 */
export function approvalAnnouncer(
  destination: () => Promise<string | undefined>,
  post: PostSlackMessage,
  logError: (message: string, fields: Record<string, unknown>) => void,
) {
  return async (record: ApprovalRecord): Promise<void> => {
    try {
      const url = await destination();
      if (url === undefined) return;
      await post(url, {
        text: `Approval needed: ${record.request.description} (${record.risk} risk, request ${record.id})`,
        blocks: approvalRequestBlocks(record),
      });
    } catch (error) {
      logError('approval request not posted to Slack', {
        approvalId: record.id,
        error: (error as Error).message,
      });
    }
  };
}
