import { z } from 'zod';
import { ActionSkippedError, StepInProgressError } from '../../errors/reflex-errors.ts';
import { type ActionContext, defineAction } from '../action.ts';
import { instanceIdSchema } from './instance-id.ts';
import { describeInstance, verifyInstanceState } from './instance-state.ts';

/** Marks an instance Reflex stopped in order to start it again, with the request that did it. */
export const STOP_START_TAG = 'reflex:stop-start';
/** How long one delivery waits for the stop before handing the rest to a redelivery. */
const WAIT_FOR_STOP_MS = 15_000;
const POLL_MS = 2_000;

async function tagInstance(context: ActionContext, instanceId: string, value: string | undefined) {
  const { CreateTagsCommand, DeleteTagsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  if (value === undefined) {
    await ec2.send(new DeleteTagsCommand({ Resources: [instanceId], Tags: [{ Key: STOP_START_TAG }] }));
  } else {
    await ec2.send(
      new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: STOP_START_TAG, Value: value }] }),
    );
  }
}

/**
 * The SDK's InstanceStopped waiter, bounded to one delivery's share of the wait; whatever it ends on
 * (stopped, a timeout, a state the waiter gives up on), the state read after it decides the next step.
 */
async function waitForStopped(context: ActionContext, instanceId: string): Promise<string | undefined> {
  const { waitUntilInstanceStopped } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  const seconds = (ms: number) => ms / 1_000;
  try {
    await waitUntilInstanceStopped(
      {
        client: ec2,
        maxWaitTime: seconds(WAIT_FOR_STOP_MS),
        minDelay: seconds(POLL_MS),
        maxDelay: seconds(POLL_MS),
      },
      { InstanceIds: [instanceId] },
    );
  } catch {
    // Still stopping at the deadline, or in a state the waiter does not wait through: read below.
  }
  return (await describeInstance(context, instanceId)).state;
}

/**
 * Stop then start: an EBS-backed instance comes back on healthy hardware (the fix for a failed
 * system status check and for a scheduled retirement). Explicit, idempotent steps, each checked
 * against the instance's state and a tag naming this request, so a redelivery continues where the
 * previous delivery stopped and never stops the instance a second time.
 */
export const stopStartInstance = defineAction({
  name: 'ec2.stop-start-instance',
  summary: 'Stop and start an EBS-backed EC2 instance so it moves to healthy hardware.',
  params: z.strictObject({ instanceId: instanceIdSchema }),
  risk: 'medium',
  permissions: [
    'ec2:StopInstances',
    'ec2:StartInstances',
    'ec2:CreateTags',
    'ec2:DeleteTags',
    'ec2:DescribeInstances',
  ],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  effects: ({ instanceId }) => [
    {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { 'instance-id': [instanceId], state: ['stopping', 'stopped', 'pending', 'running'] },
    },
  ],
  describe: ({ instanceId }) =>
    `Stop and start EC2 instance ${instanceId} (EBS-backed only: it moves to new hardware; instance-store data is lost).`,
  async execute(context, { instanceId }) {
    const { StartInstancesCommand, StopInstancesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    const before = await describeInstance(context, instanceId);
    if (before.rootDeviceType !== undefined && before.rootDeviceType !== 'ebs') {
      throw new ActionSkippedError(
        `${instanceId} has an ${before.rootDeviceType} root device: stopping it would lose it`,
        { escalate: true },
      );
    }
    const mine = before.tags[STOP_START_TAG] === context.requestId;
    if (before.state === 'terminated' || before.state === 'shutting-down' || before.state === undefined) {
      throw new ActionSkippedError(`${instanceId} is ${before.state ?? 'gone'}: nothing to stop and start`);
    }
    if ((before.state === 'running' || before.state === 'pending') && mine) {
      return { summary: `${instanceId} was already stopped and started by this request (${before.state}).` };
    }
    if (before.state === 'running' || before.state === 'pending') {
      await tagInstance(context, instanceId, context.requestId);
      await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    }
    const stopped = await waitForStopped(context, instanceId);
    if (stopped === 'stopping') throw new StepInProgressError(`${instanceId} is still stopping`);
    if (stopped !== 'stopped') {
      throw new ActionSkippedError(`${instanceId} is ${stopped ?? 'gone'} after the stop, not stopped`, {
        escalate: true,
      });
    }
    const output = await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    await tagInstance(context, instanceId, undefined);
    const now = output.StartingInstances?.[0]?.CurrentState?.Name ?? 'unknown';
    return {
      summary: `Stopped and started ${instanceId}: ${before.state} -> stopped -> ${now}.`,
      details: { previousState: before.state, currentState: now },
    };
  },
  verify: (context, { instanceId }) => verifyInstanceState(context, instanceId, 'running', ['pending']),
});
