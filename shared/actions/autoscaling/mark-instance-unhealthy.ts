import { z } from 'zod';
import { ActionSkippedError } from '../../errors/reflex-errors.ts';
import { defineAction } from '../action.ts';
import { instanceIdSchema } from '../ec2/instance-id.ts';
import { groupMembership } from './group-membership.ts';

/**
 * Tells an instance's Auto Scaling group that the instance is unhealthy, so the group replaces
 * it now (a Spot Instance about to be reclaimed, an instance that fails its checks) rather than
 * after it is gone. The group's own capacity and instance-refresh rules decide how.
 */
export const markInstanceUnhealthy = defineAction({
  name: 'autoscaling.mark-instance-unhealthy',
  summary: 'Mark an instance unhealthy in its Auto Scaling group, so the group replaces it.',
  params: z.strictObject({
    instanceId: instanceIdSchema,
    respectGracePeriod: z.boolean().default(false),
  }),
  risk: 'medium',
  permissions: ['autoscaling:SetInstanceHealth', 'autoscaling:DescribeAutoScalingInstances'],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  describe: ({ instanceId }) =>
    `Mark EC2 instance ${instanceId} Unhealthy in its Auto Scaling group, so the group replaces it.`,
  async execute(context, { instanceId, respectGracePeriod }) {
    const { SetInstanceHealthCommand } = await import('@aws-sdk/client-auto-scaling');
    const member = await groupMembership(context, instanceId);
    if (member?.AutoScalingGroupName === undefined) {
      throw new ActionSkippedError(
        `${instanceId} is not in an Auto Scaling group: nothing would replace it`,
        {
          escalate: true,
        },
      );
    }
    if (member.HealthStatus?.toUpperCase() === 'UNHEALTHY') {
      return { summary: `${instanceId} is already marked unhealthy in ${member.AutoScalingGroupName}.` };
    }
    const autoScaling = await context.clients.autoScaling();
    await autoScaling.send(
      new SetInstanceHealthCommand({
        InstanceId: instanceId,
        HealthStatus: 'Unhealthy',
        ShouldRespectGracePeriod: respectGracePeriod,
      }),
    );
    return {
      summary: `Marked ${instanceId} unhealthy in Auto Scaling group ${member.AutoScalingGroupName}.`,
      details: { group: member.AutoScalingGroupName },
    };
  },
  async verify(context, { instanceId }) {
    const member = await groupMembership(context, instanceId);
    if (member === undefined)
      return { status: 'passed', summary: `${instanceId} has left its group (replaced)` };
    return member.HealthStatus?.toUpperCase() === 'UNHEALTHY'
      ? { status: 'passed', summary: `${instanceId} is Unhealthy in ${member.AutoScalingGroupName}` }
      : {
          status: 'failed',
          summary: `${instanceId} is still ${member.HealthStatus ?? 'unknown'} in ${member.AutoScalingGroupName}`,
        };
  },
});
