import { z } from 'zod';
import { TerminalError } from '../../errors/reflex-errors.ts';
import { defineAction } from '../action.ts';

/**
 * Deletes an EBS snapshot. Precondition, checked again just before deleting: no AMI of this
 * account uses it. A snapshot already gone counts as done, so a second run is harmless.
 */
export const deleteSnapshot = defineAction({
  name: 'ec2.delete-snapshot',
  summary: 'Delete an EBS snapshot that no AMI uses (irreversible).',
  params: z.strictObject({
    snapshotId: z
      .string()
      .regex(/^snap-([0-9a-f]{8}|[0-9a-f]{17})$/, 'must be a snapshot id like snap-0123456789abcdef0'),
  }),
  risk: 'high',
  permissions: ['ec2:DeleteSnapshot', 'ec2:DescribeImages'],
  target: { resourceType: 'ec2:snapshot', param: 'snapshotId' },
  describe: ({ snapshotId }) => `Delete EBS snapshot ${snapshotId}.`,
  async execute(context, { snapshotId }) {
    const { DeleteSnapshotCommand, paginateDescribeImages } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    // Every AMI of the account, read page by page (the snapshot-id filter is not supported by
    // every emulator, and an account has few AMIs).
    const users: string[] = [];
    for await (const page of paginateDescribeImages({ client: ec2 }, { Owners: ['self'] })) {
      for (const image of page.Images ?? [])
        if ((image.BlockDeviceMappings ?? []).some((mapping) => mapping.Ebs?.SnapshotId === snapshotId))
          users.push(image.ImageId ?? 'unknown');
    }
    if (users.length > 0)
      throw new TerminalError(`snapshot ${snapshotId} is used by AMI ${users.join(', ')}`);
    try {
      await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
    } catch (error) {
      if ((error as { name?: string }).name === 'InvalidSnapshot.NotFound')
        return { summary: `Snapshot ${snapshotId} was already deleted.`, details: { alreadyDeleted: true } };
      throw error;
    }
    return { summary: `Deleted snapshot ${snapshotId}.` };
  },
});
