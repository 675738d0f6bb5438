import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { AwsClients } from './clients.ts';

export type SqsBatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface PollResult {
  received: number;
  failed: number;
}

/**
 * Lambda's SQS event source, for running the worker outside Lambda: receive up to ten messages,
 * hand them over as an SQS event, delete the ones not reported in `batchItemFailures`, and leave
 * the failed ones to come back after the visibility timeout (and reach the DLQ after the queue's
 * maxReceiveCount), exactly as ReportBatchItemFailures does.
 */
export class SqsEventSource {
  #queueArn: string | undefined;

  constructor(
    private readonly clients: AwsClients,
    private readonly queueUrl: string,
    private readonly region: string,
  ) {}

  async pollOnce(handler: SqsBatchHandler, waitTimeSeconds = 0): Promise<PollResult> {
    const sqs = await this.clients.sqs();
    const output = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = output.Messages ?? [];
    if (messages.length === 0) return { received: 0, failed: 0 };
    const queueArn = await this.queueArn();
    const records: SQSRecord[] = messages.map((message) => ({
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: message.Attributes as unknown as SQSRecord['attributes'],
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          {
            stringValue: value.StringValue,
            binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
            stringListValues: value.StringListValues ?? [],
            binaryListValues: [],
            dataType: value.DataType ?? 'String',
          },
        ]),
      ),
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: this.region,
    }));
    const response = await handler({ Records: records });
    const failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    const succeeded = messages.filter((message) => !failedIds.has(message.MessageId ?? ''));
    if (succeeded.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: succeeded.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle ?? '',
          })),
        }),
      );
    }
    return { received: messages.length, failed: failedIds.size };
  }

  private async queueArn(): Promise<string> {
    if (this.#queueArn === undefined) {
      const sqs = await this.clients.sqs();
      const output = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['QueueArn'] }),
      );
      this.#queueArn = output.Attributes?.QueueArn ?? '';
    }
    return this.#queueArn;
  }
}
