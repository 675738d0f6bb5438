import { z } from 'zod';
import { ActionSkippedError } from '../../errors/reflex-errors.ts';
import { defineAction } from '../action.ts';

/**
 * Records a failed launch of an Auto Scaling group with what the group looks like now (instances
 * against desired capacity), and changes nothing: a launch failure (a bad AMI, no capacity, a
 * quota) is seldom fixed by automation. It is the first rungs of a ladder whose last rung tells
 * humans, so they hear of repeated failures, not of every single one.
 */
export const noteLaunchFailure = defineAction({
  name: 'autoscaling.note-launch-failure',
  summary: 'Record a failed instance launch of an Auto Scaling group and its capacity now; changes nothing.',
  params: z.strictObject({
    group: z.string().min(1).max(255),
    cause: z.string().max(2_000).default(''),
  }),
  risk: 'low',
  permissions: ['autoscaling:DescribeAutoScalingGroups'],
  target: { resourceType: 'autoscaling:group', param: 'group' },
  describe: ({ group, cause }) =>
    `Record a failed instance launch of Auto Scaling group ${group}${cause ? ` (${cause})` : ''}.`,
  async execute(context, { group, cause }) {
    const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
    const autoScaling = await context.clients.autoScaling();
    const output = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }),
    );
    const found = output.AutoScalingGroups?.[0];
    if (found === undefined) throw new ActionSkippedError(`Auto Scaling group ${group} no longer exists`);
    const instances = found.Instances?.length ?? 0;
    const desired = found.DesiredCapacity ?? 0;
    return {
      summary: `Launch failure in ${group}${cause ? `: ${cause}` : ''}; it has ${instances} of ${desired} desired instances.`,
      details: { group, cause, instances, desired },
    };
  },
});
