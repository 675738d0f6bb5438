import { z } from 'zod';
import { ActionSkippedError } from '../../errors/reflex-errors.ts';
import type { ActionContext } from '../action.ts';

/** `<cluster>/<service>`, the id of an `ecs:service` resource (see `ecsServiceRef`). */
export const ecsServiceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,255}\/[A-Za-z0-9_-]{1,255}$/, 'must be <cluster>/<service>, e.g. prod/orders-api');

export function splitServiceId(id: string): { cluster: string; service: string } {
  const slash = id.indexOf('/');
  return { cluster: id.slice(0, slash), service: id.slice(slash + 1) };
}

/** The live service; a missing or deleted (INACTIVE) one is skipped, not failed. */
export async function describeService(context: ActionContext, id: string) {
  const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs');
  const { cluster, service } = splitServiceId(id);
  const ecs = await context.clients.ecs();
  const output = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const found = output.services?.find((candidate) => candidate.status !== 'INACTIVE');
  if (found === undefined) throw new ActionSkippedError(`ECS service ${id} no longer exists`);
  return found;
}
