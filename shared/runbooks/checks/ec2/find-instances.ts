import { z } from 'zod';
import { defineCheck, listSome } from '../check.ts';
import { describeSelector, selectorValues, tagSelectorSchema, tagsOf } from '../tag-selector.ts';

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
    const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await context.clients.ec2();
    const items: Record<string, unknown>[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            ...Object.entries(tags).map(([key, value]) => ({
              Name: `tag:${key}`,
              Values: selectorValues(value),
            })),
            { Name: 'instance-state-name', Values: [...states] },
          ],
          NextToken: nextToken,
        }),
      );
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          if (!instance.InstanceId) continue;
          items.push({
            instanceId: instance.InstanceId,
            state: instance.State?.Name ?? 'unknown',
            instanceType: instance.InstanceType ?? 'unknown',
            name: tagsOf(instance.Tags).Name ?? '',
          });
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return {
      summary: `found ${items.length} ${states.join('/')} instance(s) tagged ${describeSelector(tags)}: ${listSome(items.map((item) => String(item.instanceId)))}`,
      items,
    };
  },
});
