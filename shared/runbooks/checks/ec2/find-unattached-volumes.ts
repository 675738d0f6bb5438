import { z } from 'zod';
import { defineCheck, listSome } from '../check.ts';

const DAY_MS = 86_400_000;

/** EBS volumes attached to nothing (state `available`): paid for, used by no one. */
export const findUnattachedVolumes = defineCheck({
  name: 'ec2.find-unattached-volumes',
  summary: 'EBS volumes that are attached to no instance.',
  params: z.strictObject({ olderThanDays: z.number().int().min(0).default(0) }),
  permissions: ['ec2:DescribeVolumes'],
  itemFields: ['volumeId', 'sizeGiB', 'volumeType', 'createTime', 'ageDays'],
  describe: ({ olderThanDays }) => `Find unattached EBS volumes created over ${olderThanDays} day(s) ago.`,
  async run(context, { olderThanDays }) {
    const { DescribeVolumesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    const now = context.now().getTime();
    const items: Record<string, unknown>[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeVolumesCommand({
          Filters: [{ Name: 'status', Values: ['available'] }],
          NextToken: nextToken,
        }),
      );
      for (const volume of page.Volumes ?? []) {
        const created = volume.CreateTime?.getTime() ?? now;
        if (!volume.VolumeId || now - created < olderThanDays * DAY_MS) continue;
        items.push({
          volumeId: volume.VolumeId,
          sizeGiB: volume.Size ?? 0,
          volumeType: volume.VolumeType ?? 'unknown',
          createTime: new Date(created).toISOString(),
          ageDays: Math.floor((now - created) / DAY_MS),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    const total = items.reduce((sum, item) => sum + Number(item.sizeGiB), 0);
    return {
      summary: `found ${items.length} unattached volume(s), ${total} GiB: ${listSome(items.map((item) => `${item.volumeId} (${item.sizeGiB} GiB)`))}`,
      items,
      details: { totalGiB: total },
    };
  },
});
