import type { GroupListing } from '../core/inventory.ts';
import type { AwsClients } from './clients.ts';
import { tagMap } from './tag-map.ts';

/**
 * Every Auto Scaling group of the region, every page read. Callers filter by tag themselves:
 * emulators do not all support the API's tag filters.
 */
export async function listAutoScalingGroups(clients: AwsClients): Promise<GroupListing[]> {
  const { paginateDescribeAutoScalingGroups } = await import('@aws-sdk/client-auto-scaling');
  const autoScaling = await clients.autoScaling();
  const listed: GroupListing[] = [];
  for await (const page of paginateDescribeAutoScalingGroups({ client: autoScaling }, {})) {
    for (const group of page.AutoScalingGroups ?? []) {
      if (!group.AutoScalingGroupName) continue;
      listed.push({
        name: group.AutoScalingGroupName,
        min: group.MinSize ?? 0,
        max: group.MaxSize ?? 0,
        desired: group.DesiredCapacity ?? 0,
        tags: tagMap(group.Tags),
      });
    }
  }
  return listed;
}
