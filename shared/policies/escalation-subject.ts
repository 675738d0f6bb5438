import type { ActionRegistry } from '../actions/registry.ts';
import { resourceKey } from '../core/resource-key.ts';
import type { ResourceRef } from '../core/signal.ts';

interface StepLike {
  action: string;
  params: Record<string, unknown>;
}

/**
 * The kind of resource an escalation ladder counts per: the target type of the first action of
 * the first rung that fans out over the signal's resources (`ec2:instance` for a reboot).
 */
export function subjectTypeOf(actions: readonly StepLike[], registry: ActionRegistry): string | undefined {
  for (const step of actions) {
    if (!registry.has(step.action)) continue;
    const target = registry.get(step.action).target;
    if (target && !(target.param in step.params)) return target.resourceType;
  }
  return undefined;
}

/** The ledger key of one policy's remediations of one resource. */
export function escalationKey(policy: string, resource: Pick<ResourceRef, 'type' | 'id'>): string {
  return `${policy}#${resourceKey(resource)}`;
}
