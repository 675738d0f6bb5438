import { randomBytes } from 'node:crypto';
import { CreateScheduleCommand, GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalOneTimeSchedules } from '../../../cli/dev/one-time-schedules.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import { atInstant } from '../../../shared/schedules/at-expression.ts';
import { useLocalAws } from '../../support/local-aws.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

async function queue(): Promise<{ url: string; arn: string }> {
  const sqs = await clients.sqs();
  const { QueueUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: `one-time-${randomBytes(4).toString('hex')}` }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl, arn: Attributes?.QueueArn ?? '' };
}

async function schedule(name: string, expression: string, queueArn: string, input: string) {
  const scheduler = await clients.scheduler();
  await scheduler.send(
    new CreateScheduleCommand({
      Name: name,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: queueArn, RoleArn: 'arn:aws:iam::123456789012:role/scheduler', Input: input },
    }),
  );
}

async function received(url: string): Promise<string[]> {
  const sqs = await clients.sqs();
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
  );
  return Messages.map((message) => message.Body ?? '');
}

describe("reflex dev's one-time schedules (moto stores them, reflex dev fires them)", () => {
  it('reads at() in its time zone: a skipped local time has no instant, a repeated one its first', () => {
    // Assess
    expect(atInstant('at(2026-07-05T02:00:00)', 'Europe/Paris')).toEqual(new Date('2026-07-05T00:00:00Z'));
    expect(atInstant('at(2026-03-29T02:30:00)', 'Europe/Paris')).toBeUndefined();
    expect(atInstant('at(2026-10-25T02:30:00)', 'Europe/Paris')).toEqual(new Date('2026-10-25T00:30:00Z'));
    expect(atInstant('rate(1 hour)', 'UTC')).toBeUndefined();
  });

  it('sends a due schedule its input once, deletes it, and leaves schedules not yet due', async () => {
    // Prepare
    const target = await queue();
    const run = randomBytes(3).toString('hex');
    const prefix = `reflex-test-${run}-`;
    await schedule(`${prefix}due`, 'at(2026-07-05T02:00:00)', target.arn, '{"due":true}');
    await schedule(`${prefix}later`, 'at(2026-07-12T02:00:00)', target.arn, '{"later":true}');
    const schedules = new LocalOneTimeSchedules(clients, prefix);
    // Act: Sunday 5 July 2026, 02:10 in Paris
    const first = await schedules.fireDue(new Date('2026-07-05T00:10:00Z'));
    const again = await schedules.fireDue(new Date('2026-07-05T00:11:00Z'));
    // Assess
    expect(first).toEqual([
      {
        name: `${prefix}due`,
        at: new Date('2026-07-05T00:00:00Z'),
        queue: target.arn.split(':').pop(),
        deleted: true,
      },
    ]);
    expect(again).toEqual([]);
    expect(await received(target.url)).toEqual(['{"due":true}']);
    const scheduler = await clients.scheduler();
    await expect(scheduler.send(new GetScheduleCommand({ Name: `${prefix}due` }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const later = await scheduler.send(new GetScheduleCommand({ Name: `${prefix}later` }));
    expect(later.ScheduleExpression).toBe('at(2026-07-12T02:00:00)');
  });
});
