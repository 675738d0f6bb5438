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
    const now = context.now().getTime();
    const items: Record<string, unknown>[] = [];
    for (const volume of await context.inventory.listAvailableVolumes()) {
      const created = volume.createTime?.getTime() ?? now;
      if (now - created < olderThanDays * DAY_MS) continue;
      items.push({
        volumeId: volume.volumeId,
        sizeGiB: volume.sizeGiB ?? 0,
        volumeType: volume.volumeType ?? 'unknown',
        createTime: new Date(created).toISOString(),
        ageDays: Math.floor((now - created) / DAY_MS),
      });
    }
    const total = items.reduce((sum, item) => sum + Number(item.sizeGiB), 0);
    return {
      summary: `found ${items.length} unattached volume(s), ${total} GiB: ${listSome(items.map((item) => `${item.volumeId} (${item.sizeGiB} GiB)`))}`,
      items,
      details: { totalGiB: total },
    };
  },
});
