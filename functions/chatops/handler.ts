import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  fromHttpApiEvent,
  type HttpResponse,
  textResponse,
  toHttpApiResult,
} from '../../shared/chatops/http-exchange.ts';
import type { ChatOpsDependencies } from '../../shared/runtime/chatops-dependencies.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { logger } from '../../shared/runtime/observability.ts';

function isSqsEvent(event: unknown): event is SQSEvent {
  return (
    typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records)
  );
}

/**
 * Slack's slash commands and button clicks (HTTP API or Function URL): answered within Slack's
 * 3 seconds after queueing the work on the chat queue; and the chat queue itself (SQS), whose jobs
 * run the commands and post their results to `response_url`. Everything past the middleware is
 * imported on first use, so the cold start's import stays small.
 */
export function makeHandler(dependencies: () => ChatOpsDependencies | Promise<ChatOpsDependencies>) {
  return withReflexStack(async (event: unknown, context): Promise<unknown> => {
    if (isSqsEvent(event)) return consumeJobs(event, await dependencies(), context);
    const request = fromHttpApiEvent(event);
    if (request === undefined) {
      logger.error(
        'input rejected: chatops takes HTTP API (payload 2.0) or Function URL events, or chat queue records',
      );
      return toHttpApiResult(textResponse(400, 'not an HTTP API request'));
    }
    const endpoint = request.path.endsWith('/slack/commands')
      ? 'commands'
      : request.path.endsWith('/slack/interactions')
        ? 'interactions'
        : undefined;
    if (endpoint === undefined)
      return toHttpApiResult(textResponse(404, 'POST /slack/commands or /slack/interactions'));
    let response: HttpResponse;
    try {
      const { receiveSlackRequest } = await import('../../shared/chatops/receive-slack-request.ts');
      response = await receiveSlackRequest(endpoint, request, (await dependencies()).receive);
    } catch (error) {
      // Slack shows the user a failure for any non-200 answer; the details stay in the log.
      logger.error('slack request failed', { error: error as Error });
      response = textResponse(500, 'Reflex could not take this request; try again');
    }
    return toHttpApiResult(response);
  });
}

async function consumeJobs(
  event: SQSEvent,
  deps: ChatOpsDependencies,
  context: Context,
): Promise<SQSBatchResponse> {
  const [
    { BatchProcessor, EventType, processPartialResponse },
    { parseChatJobRecord },
    { runChatJob },
    errors,
  ] = await Promise.all([
    import('@aws-lambda-powertools/batch'),
    import('../../shared/chatops/parse-chat-job-record.ts'),
    import('../../shared/chatops/run-chat-job.ts'),
    import('../../shared/errors/reflex-errors.ts'),
  ]);
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const job = parseChatJobRecord(record);
      if (!job.ok) {
        logger.error('chat job rejected', { messageId: record.messageId, reason: job.reason });
        // Thrown: reported as a batch item failure, it ends in the chat queue's DLQ, never silently dropped.
        throw new errors.ValidationError(job.reason);
      }
      await runChatJob(job.value, deps.consume);
    },
    new BatchProcessor(EventType.SQS),
    { context, throwOnFullBatchFailure: false },
  );
}

export const handler = makeHandler(
  lazy(() =>
    import('../../shared/runtime/chatops-dependencies.ts').then((module) =>
      module.createChatOpsDependencies(),
    ),
  ),
);
