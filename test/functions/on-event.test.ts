import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { loadEvent } from '../support/fixtures.ts';
import { launchInstance, useLocalAws } from '../support/local-aws.ts';
import { policiesVariant, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

async function queuedCount(queueUrl: string): Promise<number> {
  const sqs = await clients.sqs();
  const output = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(output.Attributes?.ApproximateNumberOfMessages ?? 0);
}

describe('trigger functions with bad input', () => {
  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['an array', [1, 2]],
    [
      'an unknown detail-type',
      { ...loadEvent<object>('ec2/instance-state-change-stopped.json'), 'detail-type': 'Made Up Event' },
    ],
    [
      'a wrong type',
      {
        ...loadEvent<object>('ec2/instance-state-change-stopped.json'),
        detail: { 'instance-id': 42, state: 'stopped' },
      },
    ],
    [
      'an oversized payload',
      { ...loadEvent<object>('ec2/instance-state-change-stopped.json'), padding: 'x'.repeat(300 * 1024) },
    ],
  ])('rejects %s with a reason and queues nothing', async (_case, input) => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'bad', policiesVariant());
    const handlers = sourceHandlers(reflex.env);
    // Act
    const summary = await handlers.onEvent(input);
    // Assess
    expect(summary.signals).toBe(0);
    expect(summary.rejected).toHaveLength(1);
    expect(summary.rejected[0]?.reason.length).toBeGreaterThan(10);
    expect(await queuedCount(reflex.stack.queueUrl)).toBe(0);
  });

  it('keeps the good records of an SNS batch whose other records are bad', async () => {
    // Prepare
    const policies = policiesVariant({ 'ec2-status-check.yml': ['mode: dry-run', 'mode: enforce'] });
    const reflex = await reflexTestStack(clients, 'sns-mixed', policies);
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients);
    const event = loadEvent<{ Records: { Sns: { Message: string } }[] }>('sns/cloudwatch-alarm.json');
    const good = event.Records[0];
    if (good === undefined) throw new Error('fixture has no record');
    good.Sns.Message = good.Sns.Message.replaceAll('i-0123456789abcdef0', instanceId);
    const invalidJson = structuredClone(good);
    invalidJson.Sns.Message = '{not json';
    const wrongType = structuredClone(good);
    wrongType.Sns.Message = JSON.stringify({ ...JSON.parse(good.Sns.Message), NewStateValue: 42 });
    event.Records = [invalidJson, good, wrongType];
    // Act
    const summary = await handlers.onAlarm(event);
    // Assess
    expect(summary.signals).toBe(1);
    expect(summary.rejected.map((r) => r.code)).toEqual(['invalid-json', 'malformed']);
    expect(summary.enqueued.map((r) => r.target)).toContain(`ec2:instance/${instanceId}`);
    expect(await queuedCount(reflex.stack.queueUrl)).toBe(2);
  });
});
