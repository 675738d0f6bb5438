import { z } from 'zod';
import { defineCheck, listSome } from '../check.ts';
import { describeSelector, matchesTags, tagSelectorSchema, tagsOf } from '../tag-selector.ts';

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
    const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
    const autoScaling = await context.clients.autoScaling();
    const items: Record<string, unknown>[] = [];
    let nextToken: string | undefined;
    do {
      // Filtered here rather than with the API's tag filters, which emulators do not all support.
      const page = await autoScaling.send(new DescribeAutoScalingGroupsCommand({ NextToken: nextToken }));
      for (const group of page.AutoScalingGroups ?? []) {
        const groupTags = tagsOf(group.Tags);
        if (!group.AutoScalingGroupName || !matchesTags(groupTags, tags)) continue;
        const min = group.MinSize ?? 0;
        const max = group.MaxSize ?? 0;
        items.push({
          group: group.AutoScalingGroupName,
          min,
          max,
          desired: group.DesiredCapacity ?? 0,
          openCapacity: openCapacity(groupTags[capacityTag], min, max),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return {
      summary: `found ${items.length} Auto Scaling group(s) tagged ${describeSelector(tags)}: ${listSome(items.map((item) => `${item.group} (desired ${item.desired})`))}`,
      items,
    };
  },
});
