import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { TerminalError } from '../../shared/errors/reflex-errors.ts';
import { planSignal } from '../../shared/planner/plan.ts';
import { parsePolicyText } from '../../shared/policies/load-policies.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { runActionAsWorker } from '../support/aws-checks/run-action.ts';
import { loadEvent } from '../support/fixtures.ts';
import { launchInstance, useLocalAws } from '../support/local-aws.ts';
import {
  createAutoScalingGroup,
  createEcsService,
  groupSize,
  serviceDesiredCount,
} from '../support/scaling-fleet.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

/** As the worker runs it: with the worker's role, inside the request stamp. */
const run = (name: string, params: Record<string, unknown>) =>
  runActionAsWorker(name, params, { requestId: 'scaling-test' });

describe('ECS and Auto Scaling bounds (moto)', () => {
  it('ecs.set-desired-count changes a <cluster>/<service>, and refuses a count above the ceiling without changing it', async () => {
    // Prepare
    const { cluster, service } = await createEcsService(clients, 2);
    const id = `${cluster}/${service}`;
    // Act
    const result = await run('ecs.set-desired-count', { service: id, desiredCount: 4, ceiling: 6 });
    const refused = run('ecs.set-desired-count', { service: id, desiredCount: 9, ceiling: 6 });
    // Assess
    expect(result.summary).toBe(`Desired count of ${id}: 2 -> 4.`);
    await expect(refused).rejects.toThrow(
      `refused: desired count of ${id} 9 is outside the allowed bounds [0, 6]`,
    );
    expect(await serviceDesiredCount(clients, cluster, service)).toBe(4);
  });

  it('ecs.set-desired-count still takes a service name with a separate cluster', async () => {
    // Prepare
    const { cluster, service } = await createEcsService(clients, 1);
    // Act
    const result = await run('ecs.set-desired-count', { cluster, service, desiredCount: 3 });
    // Assess
    expect(result.summary).toBe(`Desired count of ${cluster}/${service}: 1 -> 3.`);
    expect(await serviceDesiredCount(clients, cluster, service)).toBe(3);
  });

  it('ecs.set-desired-count refuses a bare service name without a cluster, and a cluster that contradicts the service', () => {
    // Prepare
    const params = actionRegistry.get('ecs.set-desired-count').params;
    // Act
    const bare = params.safeParse({ service: 'api', desiredCount: 1 });
    const contradicting = params.safeParse({ service: 'prod/api', cluster: 'staging', desiredCount: 1 });
    // Assess
    expect(bare.error?.issues).toEqual([
      expect.objectContaining({ path: ['service'], message: expect.stringContaining('<cluster>/<service>') }),
    ]);
    expect(contradicting.error?.issues).toEqual([
      expect.objectContaining({
        path: ['cluster'],
        message: '"staging" is not the cluster of service "prod/api"',
      }),
    ]);
  });

  it('ecs.set-desired-count refuses an unknown service', async () => {
    // Prepare
    const { cluster } = await createEcsService(clients, 1);
    // Act / Assess
    await expect(
      run('ecs.set-desired-count', { service: `${cluster}/no-such-service`, desiredCount: 1 }),
    ).rejects.toThrow(TerminalError);
  });

  it('a policy on an ECS task signal scales the service the task belongs to, targeting ecs:service/<cluster>/<service>', () => {
    // Prepare
    const { policies, problems } = parsePolicyText(
      `policies:
  - name: ecs-scale-out-on-crash
    on: { source: [aws.ecs], detail-type: [ECS Task State Change] }
    actions:
      - action: ecs.set-desired-count
        params: { desiredCount: 4, ceiling: 6 }
    mode: enforce
`,
      'test.yml',
      actionRegistry,
    );
    const [parsed] = parseSignalInput(loadEvent('ecs/task-stopped-essential-container-exited.json'));
    if (!parsed?.ok) throw new Error('the ECS task fixture did not parse');
    // Act
    const plan = planSignal(parsed.value, policies, {
      registry: actionRegistry,
      ceiling: 'enforce',
      tags: new Map(),
      now: new Date('2026-11-26T10:00:00Z'),
    });
    // Assess
    expect(problems).toEqual([]);
    expect(plan.skipped).toEqual([]);
    expect(plan.requests).toEqual([
      expect.objectContaining({
        action: 'ecs.set-desired-count',
        target: 'ecs:service/prod/orders-api',
        params: { service: 'prod/orders-api', desiredCount: 4, ceiling: 6, floor: 0 },
      }),
    ]);
  });

  it('autoscaling.update-group-bounds changes min/max within the configured bounds and refuses beyond them', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, { min: 1, max: 4, desired: 2 });
    // Act
    const result = await run('autoscaling.update-group-bounds', {
      group,
      minSize: 2,
      maxSize: 8,
      highest: 10,
    });
    // Assess (each refusal awaited as it is made: two pending rejections would leave one unhandled)
    expect(result.summary).toBe(`Bounds of ${group}: [1, 4] -> [2, 8].`);
    await expect(run('autoscaling.update-group-bounds', { group, maxSize: 50, highest: 10 })).rejects.toThrow(
      `refused: max size 50 of ${group} is outside the configured bounds [0, 10]`,
    );
    await expect(run('autoscaling.update-group-bounds', { group, minSize: 9, highest: 10 })).rejects.toThrow(
      `refused: min size 9 of ${group} would exceed max size 8`,
    );
    expect(await groupSize(clients, group)).toEqual({ min: 2, max: 8, desired: 2 });
  });
});

describe('ec2.resize-instance (moto)', () => {
  it('stops, changes the type and starts again, marking the instance as resizing meanwhile and restoring its desired state', async () => {
    // Prepare
    const instanceId = await launchInstance(clients, { 'reflex:desired-state': 'running' });
    // The worker's own client, which the action calls through
    const worker = roleClients('worker');
    const ec2 = await worker.ec2();
    const calls: string[] = [];
    ec2.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Tags?: { Value?: string }[] };
        const tag = context.commandName === 'CreateTagsCommand' ? `(${input.Tags?.[0]?.Value})` : '';
        if (context.commandName !== 'DescribeInstancesCommand') calls.push(`${context.commandName}${tag}`);
        return next(args);
      },
      { step: 'initialize', name: 'recordResizeCalls' },
    );
    // Act
    const resize = { instanceId, instanceType: 't3.large' };
    const result = await runActionAsWorker('ec2.resize-instance', resize, { clients: worker });
    const again = await runActionAsWorker('ec2.resize-instance', resize, { clients: worker });
    ec2.middlewareStack.remove('recordResizeCalls');
    // Assess
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })))
      .Reservations?.[0]?.Instances?.[0];
    expect(result.summary).toBe(`Resized ${instanceId}: t3.micro -> t3.large, started again.`);
    expect(instance?.InstanceType).toBe('t3.large');
    expect(instance?.State?.Name).toBe('running');
    expect(instance?.Tags).toContainEqual({ Key: 'reflex:desired-state', Value: 'running' });
    expect(calls).toEqual([
      'CreateTagsCommand(resizing)',
      'StopInstancesCommand',
      'ModifyInstanceAttributeCommand',
      'StartInstancesCommand',
      'CreateTagsCommand(running)',
    ]);
    expect(again.summary).toBe(`${instanceId} already runs as t3.large.`);
  });

  it('refuses an instance that does not exist', async () => {
    // Act / Assess
    await expect(
      run('ec2.resize-instance', { instanceId: 'i-0000000000000dead', instanceType: 't3.large' }),
    ).rejects.toThrow('EC2 instance i-0000000000000dead does not exist');
  });
});
