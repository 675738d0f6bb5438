import type { LiveState } from '../core/live-state.ts';
import { parseResourceKey } from '../core/resource-key.ts';
import type { AwsClients } from './clients.ts';

/** One Describe call per resource: EC2 instances and Auto Scaling groups; other types have no live view. */
export class AwsLiveState implements LiveState {
  constructor(private readonly clients: AwsClients) {}

  async describe(target: string): Promise<string | undefined> {
    const { type, id } = parseResourceKey(target);
    if (type === 'ec2:instance') return this.instance(id);
    if (type === 'autoscaling:group') return this.group(id);
    return undefined;
  }

  private async instance(id: string): Promise<string> {
    const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await this.clients.ec2();
    try {
      const output = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
      const instance = output.Reservations?.[0]?.Instances?.[0];
      if (instance === undefined) return 'no such instance';
      return `${instance.State?.Name ?? 'unknown state'}, ${instance.InstanceType ?? '?'} in ${instance.Placement?.AvailabilityZone ?? '?'}`;
    } catch (error) {
      if ((error as { name?: string }).name === 'InvalidInstanceID.NotFound') return 'no such instance';
      throw error;
    }
  }

  private async group(name: string): Promise<string> {
    const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
    const autoScaling = await this.clients.autoScaling();
    const output = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
    );
    const group = output.AutoScalingGroups?.[0];
    if (group === undefined) return 'no such Auto Scaling group';
    const instances = group.Instances ?? [];
    const healthy = instances.filter((instance) => instance.HealthStatus === 'Healthy').length;
    return `desired ${group.DesiredCapacity} (min ${group.MinSize}, max ${group.MaxSize}), ${instances.length} instances, ${healthy} healthy`;
  }
}
