import { z } from 'zod';
import { TerminalError } from '../../errors/reflex-errors.ts';
import { defineAction } from '../action.ts';

const queueUrlSchema = z.url({ message: 'must be an SQS queue URL' });

/**
 * Moves messages from a dead-letter queue back to its source queue: receive, send, then delete
 * only what was sent. A crash between send and delete can deliver a message twice, never lose one
 * (consumers of a queue with a DLQ are idempotent anyway). Standard queues only.
 */
export const redriveDlq = defineAction({
  name: 'sqs.redrive-dlq',
  summary: 'Move messages from a dead-letter queue back to its source queue.',
  params: z.strictObject({
    queueUrl: queueUrlSchema,
    destinationQueueUrl: queueUrlSchema,
    maxMessages: z.number().int().min(1).max(100_000).default(1_000),
  }),
  risk: 'medium',
  permissions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage'],
  target: { resourceType: 'sqs:queue', param: 'queueUrl' },
  describe: ({ queueUrl, destinationQueueUrl, maxMessages }) =>
    `Move up to ${maxMessages} message(s) from ${queueUrl} back to ${destinationQueueUrl}.`,
  async execute(context, { queueUrl, destinationQueueUrl, maxMessages }) {
    if (queueUrl.endsWith('.fifo') || destinationQueueUrl.endsWith('.fifo'))
      throw new TerminalError('FIFO queues are not redriven by this action (message groups would be lost)');
    const { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand } = await import(
      '@aws-sdk/client-sqs'
    );
    const sqs = await context.clients.sqs();
    let moved = 0;
    let failed = 0;
    while (moved < maxMessages) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, maxMessages - moved),
          WaitTimeSeconds: 0,
          VisibilityTimeout: 60,
          MessageAttributeNames: ['All'],
        }),
      );
      const messages = (received.Messages ?? []).filter((message) => message.ReceiptHandle && message.Body);
      if (messages.length === 0) break;
      const sent = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: destinationQueueUrl,
          Entries: messages.map((message, index) => ({
            Id: String(index),
            MessageBody: message.Body ?? '',
            ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
          })),
        }),
      );
      const delivered = new Set((sent.Successful ?? []).map((entry) => Number(entry.Id)));
      failed += sent.Failed?.length ?? 0;
      const toDelete = messages.filter((_message, index) => delivered.has(index));
      if (toDelete.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: toDelete.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle,
            })),
          }),
        );
      }
      moved += toDelete.length;
      // Messages that could not be sent become visible again after the visibility timeout; stop
      // rather than receive them again in a loop.
      if (toDelete.length < messages.length) break;
    }
    if (failed > 0)
      throw new TerminalError(
        `moved ${moved} message(s), ${failed} could not be sent to ${destinationQueueUrl}`,
      );
    return {
      summary: `Moved ${moved} message(s) from ${queueUrl} to ${destinationQueueUrl}.`,
      details: { moved },
    };
  },
});
