import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CreateEventBusCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { loadEvent } from '../support/fixtures.ts';
import { launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

/** A bus with a rule that copies reflex.action events into a queue we can read. */
async function subscribedBus(): Promise<{ busName: string; queueUrl: string }> {
  const busName = `reflex-events-${randomBytes(3).toString('hex')}`;
  const eventBridge = await clients.eventBridge();
  const sqs = await clients.sqs();
  await eventBridge.send(new CreateEventBusCommand({ Name: busName }));
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: `${busName}-subscriber` }));
  const queueUrl = queue.QueueUrl ?? '';
  const arn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  await eventBridge.send(
    new PutRuleCommand({
      Name: 'audit',
      EventBusName: busName,
      EventPattern: JSON.stringify({ source: ['reflex'], 'detail-type': ['reflex.action'] }),
    }),
  );
  await eventBridge.send(
    new PutTargetsCommand({ Rule: 'audit', EventBusName: busName, Targets: [{ Id: 'queue', Arn: arn }] }),
  );
  return { busName, queueUrl };
}

describe('audit records on the Reflex event bus', () => {
  it('publishes every audit record as a reflex.action event that a rule can route', async () => {
    // Prepare
    const bus = await subscribedBus();
    const reflex = await reflexTestStack(clients, 'bus', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers({ ...reflex.env, REFLEX_EVENT_BUS: bus.busName });
    const instanceId = await launchInstance(clients, { 'reflex:desired-state': 'running' });
    await stopInstance(clients, instanceId);
    const event = loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json');
    event.id = `bus-${instanceId}`;
    event.detail = { 'instance-id': instanceId, state: 'stopped' };
    // Act
    await handlers.onEvent(event);
    await reflex.drain(handlers.worker);
    const received = await (await clients.sqs()).send(
      new ReceiveMessageCommand({ QueueUrl: bus.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    // Assess
    const events = (received.Messages ?? []).map(
      (message) =>
        JSON.parse(message.Body ?? '{}') as {
          source: string;
          'detail-type': string;
          detail: { outcome: string; target: string };
        },
    );
    expect(events).toEqual([
      expect.objectContaining({
        source: 'reflex',
        'detail-type': 'reflex.action',
        detail: expect.objectContaining({ outcome: 'succeeded', target: `ec2:instance/${instanceId}` }),
      }),
    ]);
  });
});
