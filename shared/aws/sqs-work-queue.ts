import type { ActionRequest } from '../core/action-request.ts';
import type { WorkQueue } from '../core/work-queue.ts';
import { RetryableError } from '../errors/reflex-errors.ts';
import type { AwsClients } from './clients.ts';

const SQS_BATCH_LIMIT = 10;

/** The work queue on SQS; batches of ten, and any entry SQS refuses fails the whole call. */
export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly clients: AwsClients,
    private readonly queueUrl: string,
  ) {}

  async enqueue(requests: readonly ActionRequest[], options: { delaySeconds?: number } = {}): Promise<void> {
    const { SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
    const sqs = await this.clients.sqs();
    for (let start = 0; start < requests.length; start += SQS_BATCH_LIMIT) {
      const batch = requests.slice(start, start + SQS_BATCH_LIMIT);
      const output = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((request, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(request),
            ...(options.delaySeconds ? { DelaySeconds: options.delaySeconds } : {}),
            MessageAttributes: {
              action: { DataType: 'String', StringValue: request.action },
              requestId: { DataType: 'String', StringValue: request.id },
            },
          })),
        }),
      );
      const failed = output.Failed ?? [];
      if (failed.length > 0) {
        const reasons = failed.map((entry) => `${entry.Code}: ${entry.Message}`).join('; ');
        throw new RetryableError(`SQS refused ${failed.length} of ${batch.length} requests: ${reasons}`);
      }
    }
  }
}
