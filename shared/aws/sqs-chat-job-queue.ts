import type { ChatJob, ChatJobQueue } from '../core/chat-job.ts';
import type { AwsClients } from './clients.ts';

/** The chat queue on SQS: one message per accepted Slack request. */
export class SqsChatJobQueue implements ChatJobQueue {
  constructor(
    private readonly clients: AwsClients,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: ChatJob): Promise<void> {
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const sqs = await this.clients.sqs();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(job),
        MessageAttributes: { kind: { DataType: 'String', StringValue: job.kind } },
      }),
    );
  }
}
