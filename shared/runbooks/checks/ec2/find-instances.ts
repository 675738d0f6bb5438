import { z } from 'zod';
import { defineCheck, listSome } from '../check.ts';
import { describeSelector, selectorValues, tagSelectorSchema } from '../tag-selector.ts';

const STATES = ['pending', 'running', 'stopping', 'stopped'] as const;

export const findInstances = defineCheck({
  name: 'ec2.find-instances',
  summary: 'EC2 instances with the given tags, in the given states.',
  params: z.strictObject({
    tags: tagSelectorSchema,
    states: z.array(z.enum(STATES)).min(1).default(['running']),
  }),
  permissions: ['ec2:DescribeInstances'],
  itemFields: ['instanceId', 'state', 'instanceType', 'name'],
  describe: ({ tags, states }) =>
    `Find EC2 instances tagged ${describeSelector(tags)} that are ${states.join('/')}.`,
  async run(context, { tags, states }) {
    const instances = await context.inventory.listInstances({
      tags: Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, selectorValues(value)])),
      states,
    });
    const items: Record<string, unknown>[] = instances.map((instance) => ({
      instanceId: instance.instanceId,
      state: instance.state,
      instanceType: instance.instanceType,
      name: instance.tags.Name ?? '',
    }));
    return {
      summary: `found ${items.length} ${states.join('/')} instance(s) tagged ${describeSelector(tags)}: ${listSome(items.map((item) => String(item.instanceId)))}`,
      items,
    };
  },
});
