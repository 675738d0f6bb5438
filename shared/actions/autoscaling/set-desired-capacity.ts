import { z } from 'zod';
import { TerminalError } from '../../errors/reflex-errors.ts';
import { defineAction } from '../action.ts';

export const setDesiredCapacity = defineAction({
  name: 'autoscaling.set-desired-capacity',
  summary: "Set an Auto Scaling group's desired capacity, refusing values outside its min/max.",
  params: z.strictObject({
    group: z.string().min(1).max(255),
    desiredCapacity: z.number().int().min(0),
    honorCooldown: z.boolean().default(true),
  }),
  risk: 'medium',
  permissions: ['autoscaling:SetDesiredCapacity', 'autoscaling:DescribeAutoScalingGroups'],
  target: { resourceType: 'autoscaling:group', param: 'group' },
  describe: ({ group, desiredCapacity }) =>
    `Set desired capacity of Auto Scaling group ${group} to ${desiredCapacity}.`,
  async execute(context, { group, desiredCapacity, honorCooldown }) {
    const { DescribeAutoScalingGroupsCommand, SetDesiredCapacityCommand } = await import(
      '@aws-sdk/client-auto-scaling'
    );
    const autoScaling = await context.clients.autoScaling();
    const described = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }),
    );
    const current = described.AutoScalingGroups?.[0];
    if (current === undefined) throw new TerminalError(`Auto Scaling group ${group} does not exist`);
    const { MinSize: min = 0, MaxSize: max = 0, DesiredCapacity: before } = current;
    if (desiredCapacity < min || desiredCapacity > max) {
      throw new TerminalError(
        `desired capacity ${desiredCapacity} is outside ${group}'s bounds [${min}, ${max}]`,
      );
    }
    await autoScaling.send(
      new SetDesiredCapacityCommand({
        AutoScalingGroupName: group,
        DesiredCapacity: desiredCapacity,
        HonorCooldown: honorCooldown,
      }),
    );
    return {
      summary: `Desired capacity of ${group}: ${before ?? 'unknown'} -> ${desiredCapacity}.`,
      details: { before, after: desiredCapacity, min, max },
    };
  },
});
