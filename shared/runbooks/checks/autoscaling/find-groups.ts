import { z } from 'zod';
import { defineCheck, listSome } from '../check.ts';
import { describeSelector, matchesTags, tagSelectorSchema } from '../tag-selector.ts';

/**
 * The capacity a group is opened with: the integer in its capacity tag when it is within the
 * group's bounds, else the smallest non-zero size the bounds allow.
 */
function openCapacity(tag: string | undefined, min: number, max: number): number {
  const wanted = tag !== undefined && /^\d+$/.test(tag) ? Number(tag) : undefined;
  if (wanted !== undefined && wanted >= min && wanted <= max) return wanted;
  return Math.min(max, Math.max(min, 1));
}

export const findGroups = defineCheck({
  name: 'autoscaling.find-groups',
  summary: 'Auto Scaling groups with the given tags, with the capacity to open them with.',
  params: z.strictObject({
    tags: tagSelectorSchema,
    /** The tag holding a group's working-hours capacity (used by office-hours start). */
    capacityTag: z.string().min(1).default('reflex:office-hours-capacity'),
  }),
  permissions: ['autoscaling:DescribeAutoScalingGroups'],
  itemFields: ['group', 'min', 'max', 'desired', 'openCapacity'],
  describe: ({ tags }) => `Find Auto Scaling groups tagged ${describeSelector(tags)}.`,
  async run(context, { tags, capacityTag }) {
    const items: Record<string, unknown>[] = (await context.inventory.listAutoScalingGroups())
      .filter((group) => matchesTags(group.tags, tags))
      .map((group) => ({
        group: group.name,
        min: group.min,
        max: group.max,
        desired: group.desired,
        openCapacity: openCapacity(group.tags[capacityTag], group.min, group.max),
      }));
    return {
      summary: `found ${items.length} Auto Scaling group(s) tagged ${describeSelector(tags)}: ${listSome(items.map((item) => `${item.group} (desired ${item.desired})`))}`,
      items,
    };
  },
});
