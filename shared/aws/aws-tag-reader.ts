import { resourceKey } from '../core/resource-key.ts';
import type { ResourceRef } from '../core/signal.ts';
import type { TagReader, Tags } from '../core/tag-reader.ts';
import type { AwsClients } from './clients.ts';
import { tagMap } from './tag-map.ts';

/** Reads tags of EC2 instances and Auto Scaling groups, one API call per service. */
export class AwsTagReader implements TagReader {
  constructor(private readonly clients: AwsClients) {}

  async tagsOf(resources: readonly ResourceRef[]): Promise<Map<string, Tags>> {
    const found = new Map<string, Tags>();
    const ids = (type: string) => [...new Set(resources.filter((r) => r.type === type).map((r) => r.id))];
    const instances = ids('ec2:instance');
    const groups = ids('autoscaling:group');
    await Promise.all([
      instances.length > 0 ? this.readInstanceTags(instances, found) : undefined,
      groups.length > 0 ? this.readGroupTags(groups, found) : undefined,
    ]);
    return found;
  }

  private async readInstanceTags(instanceIds: string[], found: Map<string, Tags>): Promise<void> {
    const { paginateDescribeTags } = await import('@aws-sdk/client-ec2');
    const ec2 = await this.clients.ec2();
    for (const id of instanceIds) found.set(resourceKey({ type: 'ec2:instance', id }), {});
    for await (const page of paginateDescribeTags(
      { client: ec2 },
      {
        Filters: [{ Name: 'resource-id', Values: instanceIds }],
      },
    )) {
      for (const tag of page.Tags ?? []) {
        if (tag.ResourceId && tag.Key) {
          const key = resourceKey({ type: 'ec2:instance', id: tag.ResourceId });
          found.set(key, { ...found.get(key), [tag.Key]: tag.Value ?? '' });
        }
      }
    }
  }

  private async readGroupTags(groupNames: string[], found: Map<string, Tags>): Promise<void> {
    const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
    const autoScaling = await this.clients.autoScaling();
    const page = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: groupNames }),
    );
    for (const group of page.AutoScalingGroups ?? []) {
      if (!group.AutoScalingGroupName) continue;
      found.set(
        resourceKey({ type: 'autoscaling:group', id: group.AutoScalingGroupName }),
        tagMap(group.Tags),
      );
    }
  }
}
