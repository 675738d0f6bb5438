import { DEMO } from '../fleet/demo-fleet.ts';
import { type ChaosAction, ChaosInputError } from './chaos-action.ts';
import { setAlarm } from './set-alarm.ts';

export const fillDlqChaos: ChaosAction = {
  name: 'fill-dlq',
  summary: 'Put failed messages into the demo dead-letter queue and raise its alarm.',
  options: { count: 'how many messages (default: 5, at most 100)' },
  async run(context, options) {
    const count = Number(options.count ?? 5);
    if (!Number.isInteger(count) || count < 1 || count > 100)
      throw new ChaosInputError(`count must be an integer from 1 to 100, got "${options.count}"`);
    const sqs = await context.clients.sqs();
    const { SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
    for (let sent = 0; sent < count; sent += 10) {
      const size = Math.min(10, count - sent);
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: context.fleet.deadLetterQueueUrl,
          Entries: Array.from({ length: size }, (_, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({ orderId: `order-${sent + index}`, failure: 'chaos' }),
          })),
        }),
      );
    }
    await setAlarm(context.clients, DEMO.alarms.dlqNotEmpty, 'ALARM', count);
    return {
      summary: `${count} message(s) in ${DEMO.deadLetterQueue}; ${DEMO.alarms.dlqNotEmpty} in ALARM`,
      events: [],
    };
  },
};
