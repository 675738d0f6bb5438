import { z } from 'zod';
import { TerminalError } from '../../errors/reflex-errors.ts';
import { requireWithinBounds } from '../../scaling/capacity-bounds.ts';
import { defineAction } from '../action.ts';

export const setDesiredCount = defineAction({
  name: 'ecs.set-desired-count',
  summary: "Set an ECS service's desired task count, refusing values outside the policy's floor/ceiling.",
  params: z.strictObject({
    cluster: z.string().min(1).max(255),
    service: z.string().min(1).max(255),
    desiredCount: z.number().int().min(0),
    floor: z.number().int().min(0).default(0),
    ceiling: z.number().int().min(0).optional(),
  }),
  risk: 'medium',
  permissions: ['ecs:UpdateService', 'ecs:DescribeServices'],
  target: { resourceType: 'ecs:service', param: 'service' },
  describe: ({ cluster, service, desiredCount }) =>
    `Set the desired count of ECS service ${service} (cluster ${cluster}) to ${desiredCount}.`,
  async execute(context, { cluster, service, desiredCount, floor, ceiling }) {
    const { DescribeServicesCommand, UpdateServiceCommand } = await import('@aws-sdk/client-ecs');
    const ecs = await context.clients.ecs();
    requireWithinBounds(
      desiredCount,
      { min: 0, max: Number.MAX_SAFE_INTEGER, floor, ceiling },
      `desired count of ${service}`,
    );
    const described = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const current = described.services?.find((found) => found.status !== 'INACTIVE');
    if (current === undefined)
      throw new TerminalError(`ECS service ${service} does not exist in cluster ${cluster}`);
    await ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount }));
    return {
      summary: `Desired count of ${service}: ${current.desiredCount ?? 'unknown'} -> ${desiredCount}.`,
      details: { before: current.desiredCount, after: desiredCount },
    };
  },
});
