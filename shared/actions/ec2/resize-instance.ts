import type { EC2Client, Instance } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { RetryableError, TerminalError } from '../../errors/reflex-errors.ts';
import { defineAction } from '../action.ts';
import { instanceIdSchema } from './instance-id.ts';

const DESIRED_STATE_TAG = 'reflex:desired-state';
/** While resizing, the desired-state tag says so, so that a keep-running policy leaves the stop alone. */
const RESIZING = 'resizing';

/**
 * Stop → change type → start, as idempotent steps read off the instance's state: run it again after
 * a timeout or a crash and it continues where the instance is.
 */
export const resizeInstance = defineAction({
  name: 'ec2.resize-instance',
  summary:
    'Change the instance type of an EBS-backed EC2 instance: stop it, modify the type, start it again.',
  params: z.strictObject({
    instanceId: instanceIdSchema,
    instanceType: z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, 'must be an instance type like m7g.large'),
    /** How long one run waits for the stop; a longer stop continues on the retry. */
    maxWaitSeconds: z.number().int().min(1).max(600).default(20),
  }),
  risk: 'high',
  permissions: [
    'ec2:DescribeInstances',
    'ec2:StopInstances',
    'ec2:ModifyInstanceAttribute',
    'ec2:StartInstances',
    'ec2:CreateTags',
  ],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  effects: ({ instanceId }) => [
    {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { 'instance-id': [instanceId] },
    },
  ],
  describe: ({ instanceId, instanceType }) =>
    `Resize EC2 instance ${instanceId} to ${instanceType}: stop it, change its type, start it again.`,
  async execute(context, { instanceId, instanceType, maxWaitSeconds }) {
    const ec2 = await context.clients.ec2();
    const before = await describeInstance(ec2, instanceId);
    const fromType = before.InstanceType;
    const state = before.State?.Name;
    if (fromType === instanceType && state === 'running')
      return { summary: `${instanceId} already runs as ${instanceType}.`, details: { unchanged: true } };
    if (state !== 'running' && state !== 'stopped' && state !== 'stopping' && state !== 'pending')
      throw new TerminalError(`${instanceId} is ${state ?? 'in an unknown state'}: it cannot be resized`);
    const sdk = await import('@aws-sdk/client-ec2');
    const tag = before.Tags?.find((found) => found.Key === DESIRED_STATE_TAG)?.Value;
    if (tag === 'running') await setDesiredState(ec2, instanceId, RESIZING);
    if (state === 'running' || state === 'pending')
      await ec2.send(new sdk.StopInstancesCommand({ InstanceIds: [instanceId] }));
    try {
      await sdk.waitUntilInstanceStopped(
        { client: ec2, maxWaitTime: maxWaitSeconds, minDelay: 2, maxDelay: 5 },
        { InstanceIds: [instanceId] },
      );
    } catch (error) {
      throw new RetryableError(`${instanceId} is not stopped yet; the resize continues on the retry`, {
        cause: error,
      });
    }
    if (fromType !== instanceType)
      await ec2.send(
        new sdk.ModifyInstanceAttributeCommand({
          InstanceId: instanceId,
          InstanceType: { Value: instanceType },
        }),
      );
    await ec2.send(new sdk.StartInstancesCommand({ InstanceIds: [instanceId] }));
    if (tag === 'running' || tag === RESIZING) await setDesiredState(ec2, instanceId, 'running');
    return {
      summary: `Resized ${instanceId}: ${fromType ?? 'unknown'} -> ${instanceType}, started again.`,
      details: { fromType, toType: instanceType, previousState: state },
    };
  },
});

async function describeInstance(ec2: EC2Client, instanceId: string): Promise<Instance> {
  const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  try {
    const output = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const instance = output.Reservations?.[0]?.Instances?.[0];
    if (instance !== undefined) return instance;
  } catch (error) {
    if ((error as Error).name !== 'InvalidInstanceID.NotFound') throw error;
  }
  throw new TerminalError(`EC2 instance ${instanceId} does not exist`);
}

async function setDesiredState(ec2: EC2Client, instanceId: string, value: string): Promise<void> {
  const { CreateTagsCommand } = await import('@aws-sdk/client-ec2');
  await ec2.send(
    new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: DESIRED_STATE_TAG, Value: value }] }),
  );
}
