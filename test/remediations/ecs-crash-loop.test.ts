import { randomBytes } from 'node:crypto';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  type ReflexHandlers,
  type ReflexTestStack,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { eventFrom, recordsOf } from '../support/remediation.ts';

const FIXTURE = 'ecs/task-stopped-essential-container-exited.json';

let clients: AwsClients;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;
let reflex: ReflexTestStack;
let handlers: ReflexHandlers;
/** The clock of the trigger and the worker: the test moves it instead of waiting. */
let clock = new Date();

beforeAll(async () => {
  clients = useLocalAws();
  slack = await startCaptureServer();
  reflex = await reflexTestStack(
    clients,
    'ecs-crash',
    policiesVariant({ 'ecs-crash-loop.yml': ['mode: dry-run', 'mode: enforce'] }),
  );
  reflex.env.REFLEX_SLACK_WEBHOOK_URL = slack.url;
  handlers = sourceHandlers(reflex.env, () => clock);
});

afterAll(async () => {
  await slack.close();
});

/** A cluster and a service running revision 2 of its family (revision 1 is the good one). */
async function crashingService(): Promise<{ cluster: string; name: string; revisions: string[] }> {
  const ecs = await clients.ecs();
  const suffix = randomBytes(3).toString('hex');
  const cluster = `prod-${suffix}`;
  const name = `orders-${suffix}`;
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const revisions: string[] = [];
  for (const tag of ['good', 'bad']) {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: name,
        containerDefinitions: [{ name, image: `orders-api:${tag}`, memory: 512, essential: true }],
      }),
    );
    revisions.push(registered.taskDefinition?.taskDefinitionArn ?? '');
  }
  await ecs.send(
    new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: revisions[1], desiredCount: 2 }),
  );
  return { cluster, name, revisions };
}

async function serviceNow(cluster: string, name: string) {
  const ecs = await clients.ecs();
  const output = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
  return output.services?.[0];
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe('remediation 7: ECS service tasks crash-looping → new deployment, then roll back', () => {
  it('a burst of crashes forces one new deployment; crashes that persist 3 times within 10m after it had 5m roll back, then tell humans', async () => {
    // Prepare
    const service = await crashingService();
    const target = `ecs:service/${service.cluster}/${service.name}`;
    const deploymentBefore = (await serviceNow(service.cluster, service.name))?.deployments?.[0]?.id;
    const posted = slack.requests.length;
    const start = Date.now();
    const crashAt = async (offsetMs: number) => {
      clock = new Date(start + offsetMs);
      const event = eventFrom(FIXTURE, {
        'task-definition/orders-api:7': `task-definition/${service.name}:2`,
        'cluster/prod': `cluster/${service.cluster}`,
        'service:orders-api': `service:${service.name}`,
      });
      const summary = await handlers.onEvent(event);
      await reflex.drain(handlers.worker);
      return summary.enqueued.map((request) => request.action);
    };
    // Act: ECS stops 5 tasks within seconds
    const burst = [];
    for (const offset of [0, 1, 2, 3, 4]) burst.push(await crashAt(offset * SECOND));
    const afterBurst = await serviceNow(service.cluster, service.name);
    // Act: the service keeps crashing after the deployment had 5 minutes; only the last 3 are within 10m
    const persisting = [];
    for (const offset of [6, 17, 20, 22]) persisting.push(await crashAt(offset * MINUTE));
    const afterRollback = await serviceNow(service.cluster, service.name);
    // Act: and keeps crashing after the rollback had its 5 minutes
    const afterAll = [];
    for (const offset of [28, 29, 30]) afterAll.push(await crashAt(offset * MINUTE));
    // Assess
    expect(burst).toEqual([['ecs.force-new-deployment'], [], [], [], []]);
    expect(afterBurst?.taskDefinition).toBe(service.revisions[1]);
    expect(afterBurst?.deployments?.[0]?.id).not.toBe(deploymentBefore);
    expect(persisting).toEqual([[], [], [], ['ecs.rollback-task-definition', 'notify']]);
    expect(afterRollback?.taskDefinition).toBe(service.revisions[0]);
    expect(afterAll).toEqual([[], [], ['notify']]);
    const records = await reflex.auditOf(target);
    expect(recordsOf(records, 'ecs.force-new-deployment')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        reason: `Forced a new deployment of ${service.cluster}/${service.name} (task definition ${service.revisions[1]}).`,
      }),
    ]);
    const rollbacks = recordsOf(records, 'ecs.rollback-task-definition');
    const fndRan = new Date(start).toISOString();
    expect(rollbacks.map((record) => [record.outcome, record.reason])).toEqual([
      ...[1, 2, 3, 4].map(() => [
        'skipped',
        `escalation waits: rung 1 (ecs.force-new-deployment) ran at ${fndRan} and gets 5m to work; signals count towards rung 2 (ecs.rollback-task-definition + notify) from ${new Date(start + 5 * MINUTE).toISOString()}`,
      ]),
      ...[1, 1, 2].map((counted) => [
        'skipped',
        `escalation waits: ${counted} of 3 signals within 10m since rung 1 (ecs.force-new-deployment) ran at ${fndRan} and had 5m to work; rung 2 (ecs.rollback-task-definition + notify) comes at 3`,
      ]),
      [
        'succeeded',
        `Rolled ${service.cluster}/${service.name} back from ${service.revisions[1]} to ${service.revisions[0]}. Verified: ${service.cluster}/${service.name} runs ${service.revisions[0]}.`,
      ],
    ]);
    const messages = slack.requests.slice(posted).map((request) => JSON.parse(request.body).text as string);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('kept crashing after a new deployment'),
        expect.stringContaining('still crashes after a new deployment and a rollback'),
      ]),
    );
  });

  it('rejects a task event without its cluster, with a skipped audit record saying why', async () => {
    // Prepare
    const event = eventFrom(FIXTURE, {});
    delete (event.detail as Record<string, unknown>).clusterArn;
    // Act
    const summary = await handlers.onEvent(event);
    // Assess
    expect(summary.rejected).toEqual([expect.objectContaining({ code: 'malformed' })]);
    expect(await reflex.auditOf('event/rejected')).toEqual([
      expect.objectContaining({ outcome: 'skipped', reason: expect.stringContaining('clusterArn') }),
    ]);
  });
});
