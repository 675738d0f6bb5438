import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { ActionRequest } from '../../shared/core/action-request.ts';
import { DEFAULT_LIMITS } from '../../shared/core/limits.ts';
import { requestId } from '../../shared/planner/request-id.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

function startRequest(instanceId: string): ActionRequest {
  const target = `ec2:instance/${instanceId}`;
  return {
    id: requestId({
      signalId: `worker-test-${instanceId}`,
      policy: 'manual',
      actionIndex: 0,
      action: 'ec2.start-instance',
      target,
    }),
    action: 'ec2.start-instance',
    params: { instanceId },
    target,
    origin: { type: 'user', name: 'worker-test' },
    requestedBy: 'user:worker-test',
    mode: 'enforce',
    signalId: `worker-test-${instanceId}`,
    createdAt: new Date().toISOString(),
    description: `Start EC2 instance ${instanceId}.`,
    limits: DEFAULT_LIMITS,
  };
}

describe('worker', () => {
  it('reports exactly the malformed records of a batch as failures and executes the rest', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'batch', `${REPOSITORY_ROOT}/policies`);
    const handlers = sourceHandlers(reflex.env);
    const instances: string[] = [];
    for (let index = 0; index < 8; index++) {
      const instanceId = await launchInstance(clients);
      await stopInstance(clients, instanceId);
      instances.push(instanceId);
    }
    const bodies = instances.map((instanceId) => JSON.stringify(startRequest(instanceId)));
    bodies.splice(3, 0, '{"id": "not json');
    bodies.splice(
      7,
      0,
      JSON.stringify({ ...startRequest(instances[0] ?? ''), mode: 'yolo', params: 'oops' }),
    );
    const sqs = await clients.sqs();
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: reflex.stack.queueUrl,
        Entries: bodies.map((MessageBody, index) => ({ Id: String(index), MessageBody })),
      }),
    );
    // Act: one Lambda-style batch of all ten messages
    let response: Awaited<ReturnType<typeof handlers.worker>> | undefined;
    let batchSize = 0;
    const { SqsEventSource } = await import('../../shared/aws/sqs-event-source.ts');
    const source = new SqsEventSource(clients, reflex.stack.queueUrl, 'us-east-1');
    await source.pollOnce(async (event) => {
      batchSize = event.Records.length;
      response = await handlers.worker(event);
      return response;
    });
    // Assess
    expect(batchSize).toBe(10);
    expect(response?.batchItemFailures).toHaveLength(2);
    for (const instanceId of instances) expect(await instanceState(clients, instanceId)).toBe('running');
    const rejected = await reflex.audit.query({ since: new Date(Date.now() - 60_000), limit: 100 });
    const failures = rejected.filter((record) => record.outcome === 'failed');
    expect(failures).toHaveLength(2);
    expect(failures.map((record) => record.reason).sort()).toEqual([
      expect.stringMatching(/^rejected invalid-json: message body is not JSON/),
      expect.stringMatching(/^rejected malformed: not an ActionRequest: .*mode/),
    ]);
    expect(rejected.filter((record) => record.outcome === 'succeeded')).toHaveLength(8);
  });

  it('audits a target that no longer exists once, as skipped with the AWS error name, and does not retry it', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'terminal', `${REPOSITORY_ROOT}/policies`);
    const handlers = sourceHandlers(reflex.env);
    const request = startRequest('i-00000000000000000');
    const sqs = await clients.sqs();
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: reflex.stack.queueUrl,
        Entries: [{ Id: '0', MessageBody: JSON.stringify(request) }],
      }),
    );
    // Act
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained).toEqual({ received: 1, failed: 0 });
    const records = await reflex.auditOf(request.target);
    expect(records).toEqual([expect.objectContaining({ outcome: 'skipped', action: 'ec2.start-instance' })]);
    expect(records[0]?.reason).toBe(`${request.target} no longer exists (InvalidInstanceID.NotFound)`);
    expect(records[0]?.details).toMatchObject({ awsError: 'InvalidInstanceID.NotFound' });
  });

  it('answers a non-SQS event without throwing', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'not-sqs', `${REPOSITORY_ROOT}/policies`);
    const handlers = sourceHandlers(reflex.env);
    // Act
    const response = await handlers.worker({ hello: 'world' } as never);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
  });
});
