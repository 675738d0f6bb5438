import { z } from 'zod';
import { TerminalError } from '../../errors/reflex-errors.ts';
import { requireWithinBounds } from '../../scaling/capacity-bounds.ts';
import { defineAction } from '../action.ts';
import { splitServiceId } from './service-ref.ts';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * `service` is `<cluster>/<service>`, the id of the `ecs:service` resource an ECS task signal
 * names, so a policy can scale the service a signal is about. The older form, a bare service
 * name with `cluster` beside it, still works; both given must agree.
 */
const paramsSchema = z
  .strictObject({
    service: z
      .string()
      .regex(
        /^(?:[A-Za-z0-9_-]{1,255}\/)?[A-Za-z0-9_-]{1,255}$/,
        'must be <cluster>/<service> (e.g. prod/orders-api), or a service name with "cluster"',
      ),
    cluster: z.string().regex(NAME, 'must be an ECS cluster name').optional(),
    desiredCount: z.number().int().min(0),
    floor: z.number().int().min(0).default(0),
    ceiling: z.number().int().min(0).optional(),
  })
  .superRefine(({ service, cluster }, issues) => {
    const qualified = service.includes('/');
    if (!qualified && cluster === undefined)
      issues.addIssue({
        code: 'custom',
        path: ['service'],
        message: 'must be <cluster>/<service> (e.g. prod/orders-api), or a service name with "cluster"',
      });
    if (qualified && cluster !== undefined && splitServiceId(service).cluster !== cluster)
      issues.addIssue({
        code: 'custom',
        path: ['cluster'],
        message: `"${cluster}" is not the cluster of service "${service}"`,
      });
  });

/** The `<cluster>/<service>` id, whichever form the params use. */
export function ecsServiceId(params: { service: string; cluster?: string | undefined }): string {
  return params.service.includes('/') ? params.service : `${params.cluster ?? ''}/${params.service}`;
}

export const setDesiredCount = defineAction({
  name: 'ecs.set-desired-count',
  summary:
    "Set an ECS service's (`<cluster>/<service>`) desired task count, refusing values outside the policy's floor/ceiling.",
  params: paramsSchema,
  risk: 'medium',
  permissions: ['ecs:UpdateService', 'ecs:DescribeServices'],
  target: { resourceType: 'ecs:service', param: 'service', id: ecsServiceId },
  describe: (params) =>
    `Set the desired count of ECS service ${ecsServiceId(params)} to ${params.desiredCount}.`,
  async execute(context, params) {
    const { desiredCount, floor, ceiling } = params;
    const id = ecsServiceId(params);
    const { cluster, service } = splitServiceId(id);
    const { DescribeServicesCommand, UpdateServiceCommand } = await import('@aws-sdk/client-ecs');
    const ecs = await context.clients.ecs();
    requireWithinBounds(
      desiredCount,
      { min: 0, max: Number.MAX_SAFE_INTEGER, floor, ceiling },
      `desired count of ${id}`,
    );
    const described = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const current = described.services?.find((found) => found.status !== 'INACTIVE');
    if (current === undefined)
      throw new TerminalError(`ECS service ${service} does not exist in cluster ${cluster}`);
    await ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount }));
    return {
      summary: `Desired count of ${id}: ${current.desiredCount ?? 'unknown'} -> ${desiredCount}.`,
      details: { before: current.desiredCount, after: desiredCount },
    };
  },
});
