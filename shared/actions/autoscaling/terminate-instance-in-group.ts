import { z } from 'zod';
import { ActionSkippedError } from '../../errors/reflex-errors.ts';
import { type ActionContext, defineAction } from '../action.ts';
import { instanceIdSchema } from '../ec2/instance-id.ts';
import { groupMembership } from './group-membership.ts';

/** Lifecycle states of an instance that still serves or is about to: it counts toward the group's capacity. */
const SERVING = /^(InService|Pending)/;

async function describeGroup(context: ActionContext, name: string) {
  const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
  const autoScaling = await context.clients.autoScaling();
  const output = await autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
  );
  return output.AutoScalingGroups?.[0];
}

/**
 * Stamped on the instance before it is terminated: a terminated instance leaves its group (and
 * moto drops the aws:autoscaling:groupName tag with it), yet verification must know which group
 * should have replaced it.
 */
const REPLACED_IN_TAG = 'reflex:replaced-in-group';

async function groupTagOf(context: ActionContext, instanceId: string): Promise<string | undefined> {
  const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  const output = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const tags = output.Reservations?.[0]?.Instances?.[0]?.Tags ?? [];
  return tags.find((tag) => tag.Key === REPLACED_IN_TAG)?.Value;
}

/**
 * Replaces an unhealthy instance of an Auto Scaling group now: terminates it without lowering the
 * desired capacity, so the group launches a replacement at once (rather than after its own health
 * check grace period). Safe to run twice: an instance already terminating is left alone. The
 * policy's blast radius (per Auto Scaling group) keeps it from replacing a whole group at once.
 */
export const terminateInstanceInGroup = defineAction({
  name: 'autoscaling.terminate-instance-in-group',
  summary:
    'Terminate an instance of an Auto Scaling group without lowering its desired capacity, so the group replaces it.',
  params: z.strictObject({ instanceId: instanceIdSchema }),
  risk: 'medium',
  permissions: [
    'autoscaling:TerminateInstanceInAutoScalingGroup',
    'autoscaling:DescribeAutoScalingInstances',
    'autoscaling:DescribeAutoScalingGroups',
    'ec2:CreateTags',
    'ec2:DescribeInstances',
  ],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  describe: ({ instanceId }) =>
    `Terminate EC2 instance ${instanceId} in its Auto Scaling group, keeping the desired capacity, so the group launches a replacement.`,
  async execute(context, { instanceId }) {
    const member = await groupMembership(context, instanceId);
    if (member?.AutoScalingGroupName === undefined) {
      throw new ActionSkippedError(
        `${instanceId} is not in an Auto Scaling group: nothing would replace it`,
        { escalate: true },
      );
    }
    const group = member.AutoScalingGroupName;
    if (member.LifecycleState?.startsWith('Terminating')) {
      return { summary: `${instanceId} is already being replaced in ${group} (${member.LifecycleState}).` };
    }
    const { CreateTagsCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    await ec2.send(
      new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: REPLACED_IN_TAG, Value: group }] }),
    );
    const { TerminateInstanceInAutoScalingGroupCommand } = await import('@aws-sdk/client-auto-scaling');
    const autoScaling = await context.clients.autoScaling();
    const output = await autoScaling.send(
      new TerminateInstanceInAutoScalingGroupCommand({
        InstanceId: instanceId,
        ShouldDecrementDesiredCapacity: false,
      }),
    );
    return {
      summary: `Terminated ${instanceId} in Auto Scaling group ${group}, which launches a replacement.`,
      details: { group, ...(output.Activity?.ActivityId ? { activityId: output.Activity.ActivityId } : {}) },
    };
  },
  /** Passed once the group serves its desired capacity without the replaced instance. */
  async verify(context, { instanceId }) {
    const member = await groupMembership(context, instanceId);
    if (member?.LifecycleState !== undefined && SERVING.test(member.LifecycleState)) {
      return {
        status: 'failed',
        summary: `${instanceId} is still ${member.LifecycleState} in ${member.AutoScalingGroupName}`,
      };
    }
    const name = member?.AutoScalingGroupName ?? (await groupTagOf(context, instanceId));
    if (name === undefined) return { status: 'passed', summary: `${instanceId} has left its group` };
    const group = await describeGroup(context, name);
    const desired = group?.DesiredCapacity ?? 0;
    const serving = (group?.Instances ?? []).filter(
      (instance) => instance.InstanceId !== instanceId && SERVING.test(instance.LifecycleState ?? ''),
    ).length;
    return serving >= desired
      ? { status: 'passed', summary: `${name} has ${serving} of ${desired} instances without ${instanceId}` }
      : {
          status: 'pending',
          summary: `${name} has ${serving} of ${desired} instances without ${instanceId}: replacement not launched yet`,
        };
  },
});
