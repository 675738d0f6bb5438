import type { ActionRegistry } from '../actions/registry.ts';
import { type Placement, placedKey } from '../core/placement.ts';
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

/**
 * The ledger key of one policy's remediations of one resource in one account and region (the
 * hub's own keep the key they always had: `placedKey`).
 */
export function escalationKey(
  policy: string,
  resource: Pick<ResourceRef, 'type' | 'id'>,
  placement?: Placement,
  hub?: Placement,
): string {
  return `${policy}#${placedKey(resourceKey(resource), placement, hub)}`;
}
