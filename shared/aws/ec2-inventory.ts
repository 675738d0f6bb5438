import type { AddressListing, InstanceListing, SnapshotListing, VolumeListing } from '../core/inventory.ts';
import type { AwsClients } from './clients.ts';
import { tagMap } from './tag-map.ts';

/**
 * Read-only EC2 listings for the runbook checks, every page read, in plain shapes: the checks
 * decide what to report, these only ask EC2.
 */

/** Instances carrying, for each tag key, one of its values, in one of `states`. */
export async function listInstances(
  clients: AwsClients,
  filter: { tags: Record<string, readonly string[]>; states: readonly string[] },
): Promise<InstanceListing[]> {
  const { paginateDescribeInstances } = await import('@aws-sdk/client-ec2');
  const ec2 = await clients.ec2();
  const listed: InstanceListing[] = [];
  for await (const page of paginateDescribeInstances(
    { client: ec2 },
    {
      Filters: [
        ...Object.entries(filter.tags).map(([key, values]) => ({
          Name: `tag:${key}`,
          Values: [...values],
        })),
        { Name: 'instance-state-name', Values: [...filter.states] },
      ],
    },
  )) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        if (!instance.InstanceId) continue;
        listed.push({
          instanceId: instance.InstanceId,
          state: instance.State?.Name ?? 'unknown',
          instanceType: instance.InstanceType ?? 'unknown',
          tags: tagMap(instance.Tags),
        });
      }
    }
  }
  return listed;
}

/** The snapshot ids behind this account's AMIs (`Owners: ['self']`). */
export async function snapshotIdsUsedByOwnImages(clients: AwsClients): Promise<Set<string>> {
  const { paginateDescribeImages } = await import('@aws-sdk/client-ec2');
  const ec2 = await clients.ec2();
  const used = new Set<string>();
  for await (const page of paginateDescribeImages({ client: ec2 }, { Owners: ['self'] })) {
    for (const image of page.Images ?? [])
      for (const mapping of image.BlockDeviceMappings ?? [])
        if (mapping.Ebs?.SnapshotId) used.add(mapping.Ebs.SnapshotId);
  }
  return used;
}

/** The snapshots EC2 lists for `OwnerIds: ['self']`. */
export async function listOwnSnapshots(clients: AwsClients): Promise<SnapshotListing[]> {
  const { paginateDescribeSnapshots } = await import('@aws-sdk/client-ec2');
  const ec2 = await clients.ec2();
  const listed: SnapshotListing[] = [];
  for await (const page of paginateDescribeSnapshots({ client: ec2 }, { OwnerIds: ['self'] })) {
    for (const snapshot of page.Snapshots ?? []) {
      if (!snapshot.SnapshotId) continue;
      listed.push({
        snapshotId: snapshot.SnapshotId,
        ...(snapshot.StartTime === undefined ? {} : { startTime: snapshot.StartTime }),
        ...(snapshot.OwnerId === undefined ? {} : { ownerId: snapshot.OwnerId }),
        ...(snapshot.VolumeId === undefined ? {} : { volumeId: snapshot.VolumeId }),
        ...(snapshot.VolumeSize === undefined ? {} : { sizeGiB: snapshot.VolumeSize }),
        ...(snapshot.Description === undefined ? {} : { description: snapshot.Description }),
        tags: tagMap(snapshot.Tags),
      });
    }
  }
  return listed;
}

/** EBS volumes in state `available`: attached to nothing. */
export async function listAvailableVolumes(clients: AwsClients): Promise<VolumeListing[]> {
  const { paginateDescribeVolumes } = await import('@aws-sdk/client-ec2');
  const ec2 = await clients.ec2();
  const listed: VolumeListing[] = [];
  for await (const page of paginateDescribeVolumes(
    { client: ec2 },
    {
      Filters: [{ Name: 'status', Values: ['available'] }],
    },
  )) {
    for (const volume of page.Volumes ?? []) {
      if (!volume.VolumeId) continue;
      listed.push({
        volumeId: volume.VolumeId,
        ...(volume.CreateTime === undefined ? {} : { createTime: volume.CreateTime }),
        ...(volume.Size === undefined ? {} : { sizeGiB: volume.Size }),
        ...(volume.VolumeType === undefined ? {} : { volumeType: volume.VolumeType }),
      });
    }
  }
  return listed;
}

/** This region's Elastic IPs (one DescribeAddresses call: it has no pages). */
export async function listElasticIps(clients: AwsClients): Promise<AddressListing[]> {
  const { DescribeAddressesCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await clients.ec2();
  const output = await ec2.send(new DescribeAddressesCommand({}));
  return (output.Addresses ?? []).map((address) => ({
    allocationId: address.AllocationId ?? '',
    publicIp: address.PublicIp ?? '',
    associated: Boolean(address.AssociationId || address.InstanceId || address.NetworkInterfaceId),
  }));
}
