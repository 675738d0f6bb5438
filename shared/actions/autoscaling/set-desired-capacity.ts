import { z } from 'zod';
import { requireWithinBounds } from '../../scaling/capacity-bounds.ts';
import { defineAction } from '../action.ts';
import { describeGroup } from './describe-group.ts';

export const setDesiredCapacity = defineAction({
  name: 'autoscaling.set-desired-capacity',
  summary:
    "Set an Auto Scaling group's desired capacity, refusing values outside its min/max and the policy's floor/ceiling.",
  params: z.strictObject({
    group: z.string().min(1).max(255),
    desiredCapacity: z.number().int().min(0),
    floor: z.number().int().min(0).optional(),
    ceiling: z.number().int().min(0).optional(),
    honorCooldown: z.boolean().default(true),
  }),
  risk: 'medium',
  permissions: ['autoscaling:SetDesiredCapacity', 'autoscaling:DescribeAutoScalingGroups'],
  target: { resourceType: 'autoscaling:group', param: 'group' },
  describe: ({ group, desiredCapacity }) =>
    `Set desired capacity of Auto Scaling group ${group} to ${desiredCapacity}.`,
  async execute(context, { group, desiredCapacity, floor, ceiling, honorCooldown }) {
    const { SetDesiredCapacityCommand } = await import('@aws-sdk/client-auto-scaling');
    const autoScaling = await context.clients.autoScaling();
    const current = await describeGroup(autoScaling, group);
    requireWithinBounds(
      desiredCapacity,
      { min: current.min, max: current.max, floor, ceiling },
      `desired capacity of ${group}`,
    );
    await autoScaling.send(
      new SetDesiredCapacityCommand({
        AutoScalingGroupName: group,
        DesiredCapacity: desiredCapacity,
        HonorCooldown: honorCooldown,
      }),
    );
    return {
      summary: `Desired capacity of ${group}: ${current.desired} -> ${desiredCapacity}.`,
      details: { before: current.desired, after: desiredCapacity, min: current.min, max: current.max },
    };
  },
});
