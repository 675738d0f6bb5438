import type { SlackMessage } from '../core/slack-message.ts';
import { RetryableError, TerminalError } from '../errors/reflex-errors.ts';

/**
 * POSTs a message as JSON to a `response_url` or an incoming webhook. Slack's `response_url`
 * takes up to five posts within 30 minutes; a network failure, 429 or 5xx is retryable, any other
 * refusal is not.
 */
export async function postSlackMessage(url: string, message: SlackMessage, timeoutMs = 5_000): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new RetryableError(`Slack unreachable: ${(error as Error).message}`, { cause: error });
  }
  await response.body?.cancel();
  if (response.status === 429 || response.status >= 500) {
    throw new RetryableError(`Slack answered ${response.status}`);
  }
  if (!response.ok) throw new TerminalError(`Slack refused the message: ${response.status}`);
}
