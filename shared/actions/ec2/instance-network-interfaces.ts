import type { ActionContext } from '../action.ts';

export interface AttachedInterface {
  id: string;
  /** 0 is the primary interface; the others can be moved between instances. */
  deviceIndex: number;
  vpcId: string | undefined;
  groupIds: string[];
  tags: Record<string, string>;
}

/**
 * Every network interface attached to an instance, primary first. An instance is reachable
 * through each of them, and each has its own security groups (DescribeInstances' `SecurityGroups`
 * are only the primary's).
 */
export async function attachedInterfaces(
  context: ActionContext,
  instanceId: string,
): Promise<AttachedInterface[]> {
  const { paginateDescribeNetworkInterfaces } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.clients.ec2();
  const found: AttachedInterface[] = [];
  for await (const page of paginateDescribeNetworkInterfaces(
    { client: ec2 },
    {
      Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
    },
  )) {
    for (const eni of page.NetworkInterfaces ?? []) {
      if (eni.NetworkInterfaceId === undefined) continue;
      const tags: Record<string, string> = {};
      for (const tag of eni.TagSet ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
      found.push({
        id: eni.NetworkInterfaceId,
        deviceIndex: eni.Attachment?.DeviceIndex ?? 0,
        vpcId: eni.VpcId,
        groupIds: (eni.Groups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : [])),
        tags,
      });
    }
  }
  return found.sort((a, b) => a.deviceIndex - b.deviceIndex || a.id.localeCompare(b.id));
}
