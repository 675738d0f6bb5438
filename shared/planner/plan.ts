import type { ActionDefinition } from '../actions/action.ts';
import type { ActionRegistry } from '../actions/registry.ts';
import { effectiveMode, type Mode, type ModeCeiling } from '../policies/mode.ts';
import type { Policy, PolicyAction } from '../policies/policy.ts';
import { renderParams, templatePaths } from '../policies/templates.ts';
import { resourceKey } from '../resources/resource-key.ts';
import type { Tags } from '../resources/tag-reader.ts';
import { type ResourceRef, type Signal, toMatchableEvent } from '../signals/signal.ts';
import type { ActionRequest } from './action-request.ts';
import { requestId } from './request-id.ts';
import { tagFilterFailure } from './tag-filter.ts';

export interface PlanContext {
  registry: ActionRegistry;
  ceiling: ModeCeiling;
  /** Live tags by resource key, read before planning so that planning itself stays pure. */
  tags: Map<string, Tags>;
  now: Date;
}

/** A request the planner decided not to make, and why: it is audited as `skipped`. */
export interface SkippedPlan {
  policy: string;
  action: string;
  target: string;
  reason: string;
  signalId: string;
  mode: Mode;
}

/** A resource a policy's filters left out; reported by `reflex plan` and logged, not audited. */
export interface FilteredResource {
  policy: string;
  target: string;
  reason: string;
}

export interface Plan {
  requests: ActionRequest[];
  skipped: SkippedPlan[];
  filtered: FilteredResource[];
}

function usesResourceTemplate(params: Record<string, unknown>): boolean {
  return Object.values(params).some(
    (value) => typeof value === 'string' && templatePaths(value).some((path) => path.startsWith('resource')),
  );
}

/** The resources an action fans out over, or `[undefined]` for a single untargeted request. */
function targetsOf(
  action: ActionDefinition,
  step: PolicyAction,
  resources: ResourceRef[],
): (ResourceRef | undefined)[] {
  const target = action.target;
  if (target && !(target.param in step.params))
    return resources.filter((r) => r.type === target.resourceType);
  if (usesResourceTemplate(step.params)) return resources;
  return [undefined];
}

function targetName(
  action: ActionDefinition,
  params: Record<string, unknown>,
  policy: Policy,
  resource?: ResourceRef,
): string {
  if (action.target) {
    const id = params[action.target.param];
    if (typeof id === 'string' || typeof id === 'number')
      return resourceKey({ type: action.target.resourceType, id: String(id) });
  }
  return resource ? resourceKey(resource) : `policy/${policy.name}`;
}

/**
 * Turns the policies that matched a signal into ActionRequests. Pure: everything it needs to know
 * about the world (tags) is in the context, so `reflex plan` and the tests run it without AWS.
 */
export function planSignal(signal: Signal, policies: readonly Policy[], context: PlanContext): Plan {
  const plan: Plan = { requests: [], skipped: [], filtered: [] };
  const event = toMatchableEvent(signal);
  for (const policy of policies) {
    const conditions = policy.filters.tags;
    const eligible: ResourceRef[] = [];
    for (const resource of signal.resources) {
      const failure = conditions
        ? tagFilterFailure(conditions, context.tags.get(resourceKey(resource)))
        : undefined;
      if (failure === undefined) eligible.push(resource);
      else plan.filtered.push({ policy: policy.name, target: resourceKey(resource), reason: failure });
    }
    if (conditions && eligible.length === 0) continue;
    policy.actions.forEach((step, actionIndex) => {
      const action = context.registry.get(step.action);
      for (const resource of targetsOf(action, step, eligible)) {
        const skip = (target: string, reason: string) =>
          plan.skipped.push({
            policy: policy.name,
            action: action.name,
            target,
            reason,
            signalId: signal.id,
            mode: effectiveMode(policy.mode, context.ceiling),
          });
        const seed =
          action.target && resource && !(action.target.param in step.params)
            ? { [action.target.param]: resource.id }
            : {};
        let params: Record<string, unknown>;
        try {
          params = { ...seed, ...renderParams(step.params, { resource, event, signal }) };
        } catch (error) {
          skip(resource ? resourceKey(resource) : `policy/${policy.name}`, (error as Error).message);
          continue;
        }
        const target = targetName(action, params, policy, resource);
        const checked = action.params.safeParse(params);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          skip(
            target,
            `invalid parameters: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
          );
          continue;
        }
        const validParams = checked.data as Record<string, unknown>;
        plan.requests.push({
          id: requestId({
            signalId: signal.id,
            policy: policy.name,
            actionIndex,
            action: action.name,
            target,
          }),
          action: action.name,
          params: validParams,
          target,
          origin: { type: 'policy', name: policy.name },
          requestedBy: `policy:${policy.name}`,
          mode: effectiveMode(policy.mode, context.ceiling),
          signalId: signal.id,
          createdAt: context.now.toISOString(),
          description: action.describe(validParams),
          limits: policy.limits,
        });
      }
    });
  }
  return plan;
}
