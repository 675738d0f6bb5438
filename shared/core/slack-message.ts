/** One Block Kit block, as Slack's JSON describes it. */
export type Block = Record<string, unknown>;

/** A message for `response_url` or an incoming webhook, in Slack's JSON. */
export interface SlackMessage {
  text: string;
  blocks?: Block[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/**
 * The port every Slack message leaves through (chat answers, approval requests, audit digests,
 * the notify action). Throws `RetryableError` when Slack may take it later, `TerminalError` when
 * it refused it.
 */
export type PostSlackMessage = (url: string, message: SlackMessage) => Promise<void>;
