import { z } from 'zod';
import { TerminalError } from '../../errors/reflex-errors.ts';
import { defineAction } from '../action.ts';
import { describeGroup } from './describe-group.ts';

export const updateGroupBounds = defineAction({
  name: 'autoscaling.update-group-bounds',
  summary:
    "Change an Auto Scaling group's min and/or max size, refusing sizes outside the configured lowest/highest.",
  params: z
    .strictObject({
      group: z.string().min(1).max(255),
      minSize: z.number().int().min(0).optional(),
      maxSize: z.number().int().min(0).optional(),
      /** The configured bounds no update may cross. */
      lowest: z.number().int().min(0).default(0),
      highest: z.number().int().min(0),
    })
    .refine((params) => params.minSize !== undefined || params.maxSize !== undefined, {
      message: 'give minSize, maxSize or both',
    }),
  risk: 'medium',
  permissions: ['autoscaling:UpdateAutoScalingGroup', 'autoscaling:DescribeAutoScalingGroups'],
  target: { resourceType: 'autoscaling:group', param: 'group' },
  describe: ({ group, minSize, maxSize }) =>
    `Set ${[minSize === undefined ? '' : `min size ${minSize}`, maxSize === undefined ? '' : `max size ${maxSize}`].filter(Boolean).join(' and ')} of Auto Scaling group ${group}.`,
  async execute(context, { group, minSize, maxSize, lowest, highest }) {
    const { UpdateAutoScalingGroupCommand } = await import('@aws-sdk/client-auto-scaling');
    const autoScaling = await context.clients.autoScaling();
    const current = await describeGroup(autoScaling, group);
    const min = minSize ?? current.min;
    const max = maxSize ?? current.max;
    for (const [what, size] of [
      ['min size', minSize],
      ['max size', maxSize],
    ] as const) {
      if (size !== undefined && (size < lowest || size > highest))
        throw new TerminalError(
          `refused: ${what} ${size} of ${group} is outside the configured bounds [${lowest}, ${highest}]`,
        );
    }
    if (min > max)
      throw new TerminalError(`refused: min size ${min} of ${group} would exceed max size ${max}`);
    await autoScaling.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: group,
        ...(minSize === undefined ? {} : { MinSize: minSize }),
        ...(maxSize === undefined ? {} : { MaxSize: maxSize }),
      }),
    );
    return {
      summary: `Bounds of ${group}: [${current.min}, ${current.max}] -> [${min}, ${max}].`,
      details: { before: { min: current.min, max: current.max }, after: { min, max } },
    };
  },
});
