import { z } from 'zod';
import { OPT_OUT_TAG } from '../../../guardrails/opt-out.ts';
import { defineCheck, listSome } from '../check.ts';
import { tagsOf } from '../tag-selector.ts';

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
    const { DescribeImagesCommand, DescribeSnapshotsCommand } = await import('@aws-sdk/client-ec2');
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const ec2 = await context.clients.ec2();
    // OwnerIds: ['self'] should be enough; the account is compared too, because emulators (moto)
    // also return the snapshots behind public AMIs, which must never be candidates.
    const account = (await (await context.clients.sts()).send(new GetCallerIdentityCommand({}))).Account;
    const used = new Set<string>();
    let imagesToken: string | undefined;
    do {
      const page = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], NextToken: imagesToken }));
      for (const image of page.Images ?? [])
        for (const mapping of image.BlockDeviceMappings ?? [])
          if (mapping.Ebs?.SnapshotId) used.add(mapping.Ebs.SnapshotId);
      imagesToken = page.NextToken;
    } while (imagesToken);
    const now = context.now().getTime();
    const items: Record<string, unknown>[] = [];
    let inUse = 0;
    let ignored = 0;
    let snapshotsToken: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeSnapshotsCommand({ OwnerIds: ['self'], NextToken: snapshotsToken }),
      );
      for (const snapshot of page.Snapshots ?? []) {
        const started = snapshot.StartTime?.getTime();
        if (!snapshot.SnapshotId || started === undefined || now - started < olderThanDays * DAY_MS) continue;
        if (account !== undefined && snapshot.OwnerId !== undefined && snapshot.OwnerId !== account) continue;
        if (used.has(snapshot.SnapshotId)) {
          inUse++;
          continue;
        }
        const ignore = tagsOf(snapshot.Tags)[OPT_OUT_TAG];
        if (ignore !== undefined && ignore.toLowerCase() !== 'false') {
          ignored++;
          continue;
        }
        items.push({
          snapshotId: snapshot.SnapshotId,
          volumeId: snapshot.VolumeId ?? '',
          startTime: new Date(started).toISOString(),
          ageDays: Math.floor((now - started) / DAY_MS),
          sizeGiB: snapshot.VolumeSize ?? 0,
          description: snapshot.Description ?? '',
        });
      }
      snapshotsToken = page.NextToken;
    } while (snapshotsToken);
    return {
      summary: `found ${items.length} snapshot(s) older than ${olderThanDays} day(s) used by no AMI (${inUse} in use by an AMI, ${ignored} tagged ${OPT_OUT_TAG} left out): ${listSome(items.map((item) => String(item.snapshotId)))}`,
      items,
      details: { inUseByImages: inUse, ignored },
    };
  },
});
