import { z } from 'zod';
import { ActionSkippedError } from '../../errors/reflex-errors.ts';
import { type ActionContext, defineAction } from '../action.ts';
import { describeService, ecsServiceIdSchema, splitServiceId } from './service-ref.ts';

const taskDefinitionArnSchema = z
  .string()
  .regex(
    /^arn:[^:]+:ecs:[^:]*:\d*:task-definition\/[A-Za-z0-9_-]+:\d+$/,
    'must be a task definition ARN ending in :<revision>',
  );

/** `arn:...:task-definition/orders-api:7` → `{ family: 'orders-api', revision: 7 }`. */
function familyAndRevision(arn: string): { family: string; revision: number } {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  return { family: name.slice(0, colon), revision: Number(name.slice(colon + 1)) };
}

/** The highest ACTIVE revision of the family below `revision`, or undefined. */
async function previousRevision(context: ActionContext, family: string, revision: number) {
  const { paginateListTaskDefinitions } = await import('@aws-sdk/client-ecs');
  const ecs = await context.clients.ecs();
  const arns: string[] = [];
  for await (const page of paginateListTaskDefinitions(
    { client: ecs },
    { familyPrefix: family, status: 'ACTIVE', sort: 'DESC' },
  )) {
    arns.push(...(page.taskDefinitionArns ?? []));
  }
  return arns
    .map((arn) => ({ arn, ...familyAndRevision(arn) }))
    .filter((candidate) => candidate.family === family && candidate.revision < revision)
    .sort((a, b) => b.revision - a.revision)[0]?.arn;
}

/**
 * Rolls an ECS service back from the task definition revision whose tasks crash to the revision
 * before it (the highest earlier ACTIVE revision of the family). Idempotent: a service that no
 * longer runs the crashing revision (already rolled back, or deployed anew by a human) is left alone.
 */
export const rollbackTaskDefinition = defineAction({
  name: 'ecs.rollback-task-definition',
  summary: 'Roll an ECS service back from a crashing task definition revision to the previous one.',
  params: z.strictObject({ service: ecsServiceIdSchema, crashedTaskDefinition: taskDefinitionArnSchema }),
  risk: 'medium',
  permissions: ['ecs:UpdateService', 'ecs:DescribeServices', 'ecs:ListTaskDefinitions'],
  target: { resourceType: 'ecs:service', param: 'service' },
  describe: ({ service, crashedTaskDefinition }) =>
    `Roll ECS service ${service} back from ${crashedTaskDefinition} to the previous revision of its family.`,
  async execute(context, { service, crashedTaskDefinition }) {
    const current = await describeService(context, service);
    if (current.taskDefinition !== crashedTaskDefinition) {
      return {
        summary: `${service} no longer runs ${crashedTaskDefinition} (now ${current.taskDefinition ?? 'unknown'}): nothing to roll back.`,
      };
    }
    const { family, revision } = familyAndRevision(crashedTaskDefinition);
    const previous = await previousRevision(context, family, revision);
    if (previous === undefined) {
      throw new ActionSkippedError(
        `no ACTIVE revision of ${family} before ${revision} to roll ${service} back to`,
        { escalate: true },
      );
    }
    const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs');
    const ecs = await context.clients.ecs();
    await ecs.send(new UpdateServiceCommand({ ...splitServiceId(service), taskDefinition: previous }));
    return {
      summary: `Rolled ${service} back from ${crashedTaskDefinition} to ${previous}.`,
      details: { from: crashedTaskDefinition, to: previous },
    };
  },
  async verify(context, { service, crashedTaskDefinition }) {
    const current = await describeService(context, service);
    return current.taskDefinition === crashedTaskDefinition
      ? { status: 'failed', summary: `${service} still runs ${crashedTaskDefinition}` }
      : { status: 'passed', summary: `${service} runs ${current.taskDefinition ?? 'unknown'}` };
  },
});
