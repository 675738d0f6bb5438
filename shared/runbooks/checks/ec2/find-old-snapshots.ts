import { z } from 'zod';
import { OPT_OUT_TAG } from '../../../core/opt-out-tags.ts';
import { defineCheck, listSome } from '../check.ts';

const DAY_MS = 86_400_000;

/**
 * This account's EBS snapshots older than N days that no AMI of this account uses. Snapshots
 * tagged `reflex:ignore` are left out here: the guardrails cannot read snapshot tags.
 */
export const findOldSnapshots = defineCheck({
  name: 'ec2.find-old-snapshots',
  summary: "This account's EBS snapshots older than N days that no AMI uses.",
  params: z.strictObject({ olderThanDays: z.number().int().min(0) }),
  // sts:GetCallerIdentity needs no IAM permission.
  permissions: ['ec2:DescribeSnapshots', 'ec2:DescribeImages'],
  itemFields: ['snapshotId', 'volumeId', 'startTime', 'ageDays', 'sizeGiB', 'description'],
  describe: ({ olderThanDays }) => `Find snapshots older than ${olderThanDays} day(s) that no AMI uses.`,
  async run(context, { olderThanDays }) {
    // OwnerIds: ['self'] should be enough; the account is compared too, because emulators (moto)
    // also return the snapshots behind public AMIs, which must never be candidates.
    const account = await context.inventory.callerAccount();
    const used = await context.inventory.snapshotIdsUsedByOwnImages();
    const now = context.now().getTime();
    const items: Record<string, unknown>[] = [];
    let inUse = 0;
    let ignored = 0;
    for (const snapshot of await context.inventory.listOwnSnapshots()) {
      const started = snapshot.startTime?.getTime();
      if (started === undefined || now - started < olderThanDays * DAY_MS) continue;
      if (account !== undefined && snapshot.ownerId !== undefined && snapshot.ownerId !== account) continue;
      if (used.has(snapshot.snapshotId)) {
        inUse++;
        continue;
      }
      const ignore = snapshot.tags[OPT_OUT_TAG];
      if (ignore !== undefined && ignore.toLowerCase() !== 'false') {
        ignored++;
        continue;
      }
      items.push({
        snapshotId: snapshot.snapshotId,
        volumeId: snapshot.volumeId ?? '',
        startTime: new Date(started).toISOString(),
        ageDays: Math.floor((now - started) / DAY_MS),
        sizeGiB: snapshot.sizeGiB ?? 0,
        description: snapshot.description ?? '',
      });
    }
    return {
      summary: `found ${items.length} snapshot(s) older than ${olderThanDays} day(s) used by no AMI (${inUse} in use by an AMI, ${ignored} tagged ${OPT_OUT_TAG} left out): ${listSome(items.map((item) => String(item.snapshotId)))}`,
      items,
      details: { inUseByImages: inUse, ignored },
    };
  },
});
