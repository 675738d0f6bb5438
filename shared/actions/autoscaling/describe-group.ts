import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { TerminalError } from '../../errors/reflex-errors.ts';

export interface GroupSize {
  min: number;
  max: number;
  desired: number;
}

/** The group's current size; a group that does not exist is a terminal error, not a retry. */
export async function describeGroup(autoScaling: AutoScalingClient, group: string): Promise<GroupSize> {
  const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
  const described = await autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }),
  );
  const found = described.AutoScalingGroups?.[0];
  if (found === undefined) throw new TerminalError(`Auto Scaling group ${group} does not exist`);
  return { min: found.MinSize ?? 0, max: found.MaxSize ?? 0, desired: found.DesiredCapacity ?? 0 };
}
