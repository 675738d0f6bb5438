import { join } from 'node:path';
import { DescribeAutoScalingInstancesCommand } from '@aws-sdk/client-auto-scaling';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { launchInstance, useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';
import { createAutoScalingGroup, eventFrom, recordsOf } from '../support/remediation.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

async function healthOf(instanceId: string): Promise<string | undefined> {
  const autoScaling = await clients.autoScaling();
  const output = await autoScaling.send(
    new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] }),
  );
  return output.AutoScalingInstances?.[0]?.HealthStatus;
}

describe('remediation 5: EC2 Spot interruption warning → mark the instance unhealthy in its group', () => {
  it('marks the interrupted instance Unhealthy (and only it) and verifies it', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'spot', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    const group = await createAutoScalingGroup(clients, 2);
    const [interrupted, neighbour] = group.instanceIds;
    if (interrupted === undefined || neighbour === undefined) throw new Error('moto launched no instances');
    // Act
    const summary = await handlers.onEvent(
      eventFrom('ec2/spot-interruption-warning.json', { 'i-0123456789abcdef0': interrupted }),
    );
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.matched).toEqual([expect.objectContaining({ policies: ['ec2-spot-interruption'] })]);
    expect(await healthOf(interrupted)).toMatch(/^unhealthy$/i);
    expect(await healthOf(neighbour)).toMatch(/^healthy$/i);
    const [mark] = recordsOf(
      await reflex.auditOf(`ec2:instance/${interrupted}`),
      'autoscaling.mark-instance-unhealthy',
    );
    expect(mark).toMatchObject({
      outcome: 'succeeded',
      reason: `Marked ${interrupted} unhealthy in Auto Scaling group ${group.name}. Verified: ${interrupted} is Unhealthy in ${group.name}.`,
      details: { group: group.name, verification: { status: 'passed' } },
    });
  });

  it('skips a Spot Instance outside any Auto Scaling group and tells humans', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'spot-alone', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    const instanceId = await launchInstance(clients);
    // Act
    await handlers.onEvent(
      eventFrom('ec2/spot-interruption-warning.json', { 'i-0123456789abcdef0': instanceId }),
    );
    await reflex.drain(handlers.worker);
    // Assess
    const [mark] = recordsOf(
      await reflex.auditOf(`ec2:instance/${instanceId}`),
      'autoscaling.mark-instance-unhealthy',
    );
    expect(mark).toMatchObject({
      outcome: 'skipped',
      reason: `${instanceId} is not in an Auto Scaling group: nothing would replace it; no further step: humans notified`,
      details: { escalation: { notified: true } },
    });
  });

  it('rejects a warning without an instance id, with a skipped audit record saying why', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'spot-partial', join(REPOSITORY_ROOT, 'policies'));
    const handlers = sourceHandlers(reflex.env);
    const event = eventFrom('ec2/spot-interruption-warning.json', {});
    delete (event.detail as Record<string, unknown>)['instance-id'];
    // Act
    const summary = await handlers.onEvent(event);
    // Assess
    expect(summary.rejected).toEqual([expect.objectContaining({ code: 'malformed' })]);
    const records = await reflex.auditOf('event/rejected');
    expect(records).toEqual([
      expect.objectContaining({ outcome: 'skipped', reason: expect.stringContaining('instance-id') }),
    ]);
  });
});
