import { randomBytes } from 'node:crypto';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  type ReflexHandlers,
  type ReflexTestStack,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { eventFrom, recordsOf, setAlarmState } from '../support/remediation.ts';

const FIXTURE = 'cloudwatch/alarm-state-change-sqs-dlq-not-empty.json';
/** The shipped bound (1000 waiting messages) lowered, so an unhealthy source takes 6 messages to make. */
const BOUND = 5;

let clients: AwsClients;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;
let reflex: ReflexTestStack;
let handlers: ReflexHandlers;
// biome-ignore lint/suspicious/noExplicitAny: the stub's input/output types are the SQS client's, which this test does not need.
let sqsMock: AwsStub<any, any, any>;

beforeAll(async () => {
  clients = useLocalAws();
  slack = await startCaptureServer();
  reflex = await reflexTestStack(
    clients,
    'dlq',
    policiesVariant({
      'sqs-dead-letter-queue.yml': [
        ['mode: dry-run', 'mode: enforce'],
        ['maxSourceBacklog: 1000', `maxSourceBacklog: ${BOUND}`],
      ],
    }),
  );
  reflex.env.REFLEX_SLACK_WEBHOOK_URL = slack.url;
  // The worker acts as its own role; the stub sits on the very client it calls.
  const workerClients = roleClients('worker');
  handlers = sourceHandlers(reflex.env, undefined, (name) =>
    name === 'worker' ? workerClients : roleClients(name),
  );
  // moto 5.2 lacks StartMessageMoveTask: only that call is answered by a stub, every other SQS
  // call (the work queue included) still goes to moto.
  sqsMock = mockClient(await workerClients.sqs());
  sqsMock.send.callThrough();
  sqsMock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-handle-from-the-stub' });
});

afterAll(async () => {
  sqsMock.restore();
  await slack.close();
});

/** A source queue with a DLQ `<source>-dlq` holding `deadLetters` messages, and an alarm on the DLQ in ALARM. */
async function queuePair(deadLetters: number, waiting: number) {
  const sqs = await clients.sqs();
  const source = `orders-${randomBytes(3).toString('hex')}`;
  const dlq = `${source}-dlq`;
  const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: dlq }));
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const dlqArn = attributes.Attributes?.QueueArn ?? '';
  const { QueueUrl: sourceUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: source,
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) },
    }),
  );
  const fill = async (url: string | undefined, count: number) => {
    const entries = Array.from({ length: count }, (_, index) => ({
      Id: String(index),
      MessageBody: `order ${index}`,
    }));
    for (let start = 0; start < entries.length; start += 10) {
      await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: url, Entries: entries.slice(start, start + 10) }),
      );
    }
  };
  await fill(dlqUrl, deadLetters);
  await fill(sourceUrl, waiting);
  const alarmName = `${dlq}-not-empty`;
  const cloudWatch = await clients.cloudWatch();
  await cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: alarmName,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: dlq }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
  await setAlarmState(clients, alarmName, 'ALARM');
  const event = eventFrom(FIXTURE, { 'orders-dlq-not-empty': alarmName, 'orders-dlq': dlq });
  return { source, dlq, dlqArn, alarmName, event };
}

function moveTasksFor(dlqArn: string) {
  return sqsMock
    .commandCalls(StartMessageMoveTaskCommand)
    .filter((call) => call.args[0].input.SourceArn === dlqArn);
}

describe('remediation 8: SQS dead-letter queue not empty → redrive once the source is healthy', () => {
  it('starts a message move task back to the healthy source queue and verifies the alarm is OK (moto lacks StartMessageMoveTask)', async () => {
    // Prepare
    const pair = await queuePair(3, 0);
    // Act
    const summary = await handlers.onAlarm(pair.event);
    await setAlarmState(clients, pair.alarmName, 'OK'); // the move emptied the DLQ
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => [request.action, request.target])).toEqual([
      ['sqs.start-message-move', `sqs:queue/${pair.dlq}`],
    ]);
    expect(moveTasksFor(pair.dlqArn).map((call) => call.args[0].input)).toEqual([{ SourceArn: pair.dlqArn }]);
    const [move] = recordsOf(await reflex.auditOf(`sqs:queue/${pair.dlq}`), 'sqs.start-message-move');
    expect(move).toMatchObject({
      outcome: 'succeeded',
      reason: `Started moving about 3 message(s) from ${pair.dlq} back to ${pair.source} (SQS message move task). Verified: alarm ${pair.alarmName} is OK.`,
      details: {
        taskHandle: 'task-handle-from-the-stub',
        sources: [{ name: pair.source, depth: 0 }],
        verification: { status: 'passed' },
      },
    });
  });

  it('does not redrive into a source queue that is still backed up, and tells humans', async () => {
    // Prepare
    const pair = await queuePair(2, BOUND + 1);
    const posted = slack.requests.length;
    // Act
    await handlers.onAlarm(pair.event);
    await reflex.drain(handlers.worker);
    // Assess
    expect(moveTasksFor(pair.dlqArn)).toEqual([]);
    const [move] = recordsOf(await reflex.auditOf(`sqs:queue/${pair.dlq}`), 'sqs.start-message-move');
    expect(move).toMatchObject({
      outcome: 'skipped',
      reason: `${pair.dlq} not redriven: ${pair.source} has ${BOUND + 1} messages waiting (bound ${BOUND}); its dead letters would only fail again; no further step: humans notified`,
      details: { escalation: { notified: true } },
    });
    const messages = slack.requests.slice(posted).map((request) => request.body);
    expect(messages).toEqual([expect.stringContaining(`Reflex could not remediate sqs:queue/${pair.dlq}`)]);
  });

  it('rejects an alarm event without a state, with a skipped audit record saying why', async () => {
    // Prepare
    const event = eventFrom(FIXTURE, {});
    delete (event.detail as Record<string, unknown>).state;
    // Act
    const summary = await handlers.onAlarm(event);
    // Assess
    expect(summary.rejected).toEqual([expect.objectContaining({ code: 'malformed' })]);
    expect(await reflex.auditOf('event/rejected')).toEqual([
      expect.objectContaining({ outcome: 'skipped', reason: expect.stringContaining('state') }),
    ]);
  });
});
