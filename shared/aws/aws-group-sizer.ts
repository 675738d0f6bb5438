import type { GroupSizer, SizedGroup } from '../core/group-sizer.ts';
import type { AwsClients } from './clients.ts';

/** Every state but terminated and shutting-down: stopped instances are still members of a fleet. */
const MEMBER_STATES = ['pending', 'running', 'stopping', 'stopped'];

/** Group sizes from Auto Scaling (instances in the group) and EC2 (instances carrying a tag). */
export class AwsGroupSizer implements GroupSizer {
  constructor(
    private readonly clients: AwsClients,
    /** DescribeInstances page size (5 to 1000). */
    private readonly pageSize = 1_000,
  ) {}

  sizeOf(group: SizedGroup): Promise<number> {
    return group.kind === 'autoscaling-group'
      ? this.autoScalingGroupSize(group.name)
      : this.taggedInstances(group.key, group.value);
  }

  /**
   * The instances the group has now; an unknown group has none, which limits it to one target at
   * a time.
   */
  private async autoScalingGroupSize(name: string): Promise<number> {
    const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
    const autoScaling = await this.clients.autoScaling();
    const output = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
    );
    const group = output.AutoScalingGroups?.[0];
    return group?.Instances?.length ?? 0;
  }

  private async taggedInstances(key: string, value: string): Promise<number> {
    const { paginateDescribeInstances } = await import('@aws-sdk/client-ec2');
    const ec2 = await this.clients.ec2();
    let count = 0;
    for await (const page of paginateDescribeInstances(
      { client: ec2 },
      {
        Filters: [
          { Name: `tag:${key}`, Values: [value] },
          { Name: 'instance-state-name', Values: MEMBER_STATES },
        ],
        MaxResults: this.pageSize,
      },
    )) {
      for (const reservation of page.Reservations ?? []) count += reservation.Instances?.length ?? 0;
    }
    return count;
  }
}
