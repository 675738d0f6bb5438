import type { AwsClients } from '../clients.ts';

export interface ProvisionedQueue {
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  deadLetterQueueArn: string;
}

/**
 * A queue and its dead-letter queue `<name>-dlq` in an emulator, as infra/ declares them for AWS:
 * after `maxReceiveCount` receives a message moves to the DLQ. Safe to run twice (CreateQueue with
 * the same attributes returns the existing queue).
 */
export async function provisionQueueWithDeadLetter(
  clients: Pick<AwsClients, 'sqs'>,
  queue: {
    queueName: string;
    visibilityTimeoutSeconds?: number | undefined;
    maxReceiveCount?: number | undefined;
  },
): Promise<ProvisionedQueue> {
  const { CreateQueueCommand, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const sqs = await clients.sqs();
  const arnOf = async (queueUrl: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
      .Attributes?.QueueArn ?? '';
  const deadLetterQueueUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: `${queue.queueName}-dlq` }))).QueueUrl ?? '';
  const deadLetterQueueArn = await arnOf(deadLetterQueueUrl);
  const queueUrl =
    (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: queue.queueName,
          Attributes: {
            VisibilityTimeout: String(queue.visibilityTimeoutSeconds ?? 30),
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: deadLetterQueueArn,
              maxReceiveCount: queue.maxReceiveCount ?? 3,
            }),
          },
        }),
      )
    ).QueueUrl ?? '';
  return { queueUrl, queueArn: await arnOf(queueUrl), deadLetterQueueUrl, deadLetterQueueArn };
}
