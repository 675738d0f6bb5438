import type { QueueRedrive } from '../core/inventory.ts';
import type { AwsClients } from './clients.ts';

/** Read-only SQS listings for the runbook checks, every page read, in plain shapes. */

export async function listQueueUrls(clients: AwsClients, queueNamePrefix: string): Promise<string[]> {
  const { paginateListQueues } = await import('@aws-sdk/client-sqs');
  const sqs = await clients.sqs();
  const urls: string[] = [];
  for await (const page of paginateListQueues(
    { client: sqs },
    {
      ...(queueNamePrefix ? { QueueNamePrefix: queueNamePrefix } : {}),
      MaxResults: 1000,
    },
  )) {
    urls.push(...(page.QueueUrls ?? []));
  }
  return urls;
}

export async function readQueueRedrive(clients: AwsClients, queueUrl: string): Promise<QueueRedrive> {
  const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const sqs = await clients.sqs();
  const { Attributes: attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['QueueArn', 'RedrivePolicy', 'ApproximateNumberOfMessages'],
    }),
  );
  const target = attributes.RedrivePolicy
    ? (JSON.parse(attributes.RedrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn
    : undefined;
  return {
    ...(attributes.QueueArn ? { arn: attributes.QueueArn } : {}),
    messages: Number(attributes.ApproximateNumberOfMessages ?? 0),
    ...(target ? { deadLetterTargetArn: target } : {}),
  };
}
