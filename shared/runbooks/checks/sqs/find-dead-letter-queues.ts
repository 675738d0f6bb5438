import { z } from 'zod';
import { defineCheck, listSome } from '../check.ts';

function queueNameOfArn(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

/**
 * Dead-letter queues holding messages, each with the one queue that sends to it (a DLQ shared by
 * several queues cannot be redriven to "its" source, and is reported but not listed as an item).
 */
export const findDeadLetterQueues = defineCheck({
  name: 'sqs.find-dead-letter-queues',
  summary: 'Dead-letter queues that hold messages, with their source queue.',
  params: z.strictObject({
    queueNamePrefix: z.string().default(''),
    minMessages: z.number().int().min(1).default(1),
  }),
  permissions: ['sqs:ListQueues', 'sqs:GetQueueAttributes'],
  itemFields: ['queueUrl', 'queueName', 'sourceQueueUrl', 'messages'],
  describe: ({ queueNamePrefix, minMessages }) =>
    `Find dead-letter queues${queueNamePrefix ? ` of queues named ${queueNamePrefix}*` : ''} holding at least ${minMessages} message(s).`,
  async run(context, { queueNamePrefix, minMessages }) {
    const urls = await context.inventory.listQueueUrls(queueNamePrefix);
    const byArn = new Map<string, string>();
    const sources = new Map<string, string[]>();
    const depth = new Map<string, number>();
    for (const url of urls) {
      const queue = await context.inventory.readQueueRedrive(url);
      if (queue.arn) byArn.set(queue.arn, url);
      depth.set(url, queue.messages);
      const target = queue.deadLetterTargetArn;
      if (target) sources.set(target, [...(sources.get(target) ?? []), url]);
    }
    const items: Record<string, unknown>[] = [];
    const shared: string[] = [];
    for (const [arn, from] of sources) {
      const url = byArn.get(arn);
      const messages = url === undefined ? 0 : (depth.get(url) ?? 0);
      if (url === undefined || messages < minMessages) continue;
      const [source] = from;
      if (from.length !== 1 || source === undefined) {
        shared.push(queueNameOfArn(arn));
        continue;
      }
      items.push({ queueUrl: url, queueName: queueNameOfArn(arn), sourceQueueUrl: source, messages });
    }
    return {
      summary: `found ${items.length} dead-letter queue(s) with messages: ${listSome(items.map((item) => `${item.queueName} (${item.messages})`))}${shared.length > 0 ? `; shared by several queues, not redriven: ${shared.join(', ')}` : ''}`,
      items,
      details: { sharedDeadLetterQueues: shared },
    };
  },
});
