import { z } from 'zod';
import { defineAction } from '../action.ts';
import { describeService, ecsServiceIdSchema, splitServiceId } from './service-ref.ts';

/**
 * Restarts every task of an ECS service on a fresh deployment of the same task definition: cures
 * what a restart cures (a poisoned cache, a lost connection, a bad host) without changing code.
 * When the tasks keep crashing anyway, the policy's next rung rolls the task definition back.
 */
export const forceNewDeployment = defineAction({
  name: 'ecs.force-new-deployment',
  summary: 'Force a new deployment of an ECS service (same task definition, fresh tasks).',
  params: z.strictObject({ service: ecsServiceIdSchema }),
  risk: 'medium',
  permissions: ['ecs:UpdateService', 'ecs:DescribeServices'],
  target: { resourceType: 'ecs:service', param: 'service' },
  describe: ({ service }) =>
    `Force a new deployment of ECS service ${service}, replacing its tasks with fresh ones of the same task definition.`,
  async execute(context, { service }) {
    const current = await describeService(context, service);
    const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs');
    const ecs = await context.clients.ecs();
    const names = splitServiceId(service);
    const output = await ecs.send(new UpdateServiceCommand({ ...names, forceNewDeployment: true }));
    const primary = output.service?.deployments?.find((deployment) => deployment.status === 'PRIMARY');
    return {
      summary: `Forced a new deployment of ${service} (task definition ${current.taskDefinition ?? 'unknown'}).`,
      details: {
        taskDefinition: current.taskDefinition,
        ...(primary?.id ? { deployment: primary.id } : {}),
      },
    };
  },
});
