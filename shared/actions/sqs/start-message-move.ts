import { z } from 'zod';
import { ActionSkippedError } from '../../errors/reflex-errors.ts';
import { type ActionContext, defineAction } from '../action.ts';

/** SQS queue names: letters, digits, dashes and underscores, at most 80 (`.fifo` excluded here). */
const queueNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'must be the name of a standard SQS queue (no .fifo)');

async function queueAttributes(context: ActionContext, queueUrl: string) {
  const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const sqs = await context.clients.sqs();
  const output = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
    }),
  );
  return {
    arn: output.Attributes?.QueueArn ?? '',
    depth: Number(output.Attributes?.ApproximateNumberOfMessages ?? 0),
  };
}

function nameOf(queueUrl: string): string {
  return queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
}

/**
 * Redrives a dead-letter queue with SQS's own message move task (StartMessageMoveTask), which
 * returns every message to the queue it came from, asynchronously and at a bounded rate, inside
 * SQS. It first checks that each source queue is healthy again (its backlog under a bound):
 * dead letters sent back into a queue that is still failing only die again. An unhealthy source,
 * or a DLQ no queue uses, is skipped and humans are told.
 *
 * Why `sqs.redrive-dlq` also exists: that one moves messages itself (receive, send, delete), so a
 * runbook can move a bounded number of messages synchronously, to any queue, and report the count
 * when it returns; this one hands the whole move to SQS, the better choice for an automatic
 * remediation (no Lambda time limit, no client-side copy of message bodies).
 */
export const startMessageMove = defineAction({
  name: 'sqs.start-message-move',
  summary:
    'Redrive a dead-letter queue to its source queues with an SQS message move task, once the sources are healthy.',
  params: z.strictObject({
    queueName: queueNameSchema,
    /** A source with more visible messages than this is not healthy enough to take the dead letters back. */
    maxSourceBacklog: z.number().int().min(0).default(1_000),
    maxMessagesPerSecond: z.number().int().min(1).max(500).optional(),
  }),
  risk: 'medium',
  permissions: [
    'sqs:GetQueueUrl',
    'sqs:GetQueueAttributes',
    'sqs:ListDeadLetterSourceQueues',
    'sqs:StartMessageMoveTask',
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:SendMessage',
  ],
  target: { resourceType: 'sqs:queue', param: 'queueName' },
  describe: ({ queueName, maxSourceBacklog }) =>
    `Redrive dead-letter queue ${queueName} to its source queues (SQS message move task), if each source has at most ${maxSourceBacklog} messages waiting.`,
  async execute(context, { queueName, maxSourceBacklog, maxMessagesPerSecond }) {
    const { GetQueueUrlCommand, ListDeadLetterSourceQueuesCommand, StartMessageMoveTaskCommand } =
      await import('@aws-sdk/client-sqs');
    const sqs = await context.clients.sqs();
    const { QueueUrl: dlqUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    if (dlqUrl === undefined) throw new ActionSkippedError(`queue ${queueName} no longer exists`);
    const dlq = await queueAttributes(context, dlqUrl);
    if (dlq.depth === 0) throw new ActionSkippedError(`${queueName} is empty: nothing to redrive`);
    const sources =
      (await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }))).queueUrls ?? [];
    if (sources.length === 0) {
      throw new ActionSkippedError(
        `no queue uses ${queueName} as its dead-letter queue: nowhere to redrive to`,
        {
          escalate: true,
        },
      );
    }
    const backlogs = await Promise.all(
      sources.map(async (url) => ({ name: nameOf(url), depth: (await queueAttributes(context, url)).depth })),
    );
    const unhealthy = backlogs.filter((source) => source.depth > maxSourceBacklog);
    if (unhealthy.length > 0) {
      const list = unhealthy
        .map((source) => `${source.name} has ${source.depth} messages waiting`)
        .join(', ');
      throw new ActionSkippedError(
        `${queueName} not redriven: ${list} (bound ${maxSourceBacklog}); its dead letters would only fail again`,
        { escalate: true },
      );
    }
    // No DestinationArn: SQS returns each message to the queue it was dead-lettered from.
    const started = await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: dlq.arn,
        ...(maxMessagesPerSecond === undefined ? {} : { MaxNumberOfMessagesPerSecond: maxMessagesPerSecond }),
      }),
    );
    const names = backlogs.map((source) => source.name).join(', ');
    return {
      summary: `Started moving about ${dlq.depth} message(s) from ${queueName} back to ${names} (SQS message move task).`,
      details: { messages: dlq.depth, sources: backlogs, taskHandle: started.TaskHandle },
    };
  },
});
