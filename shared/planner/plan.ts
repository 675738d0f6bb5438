import type { ActionDefinition } from '../actions/action.ts';
import type { ActionRegistry } from '../actions/registry.ts';
import type { ActionRequest, VerifySpec } from '../core/action-request.ts';
import { formatDuration } from '../core/duration.ts';
import { effectiveMode, type Mode, type ModeCeiling } from '../core/mode.ts';
import type { Placement } from '../core/placement.ts';
import { resourceKey } from '../core/resource-key.ts';
import { type MatchableEvent, type ResourceRef, type Signal, toMatchableEvent } from '../core/signal.ts';
import type { Tags } from '../core/tag-reader.ts';
import type { EscalationHold } from '../escalation/escalation-ledger.ts';
import { escalationKey, subjectTypeOf } from '../policies/escalation-subject.ts';
import type { EscalationThreshold, Policy, PolicyAction } from '../policies/policy.ts';
import { renderParams, templatePaths } from '../policies/templates.ts';
import { buildRequest } from './build-request.ts';
import { tagFilterFailure } from './tag-filter.ts';

export interface PlanContext {
  registry: ActionRegistry;
  ceiling: ModeCeiling;
  /** Live tags by resource key, read before planning so that planning itself stays pure. */
  tags: Map<string, Tags>;
  /** The escalation rung to plan per ledger key (`escalationKey`); absent keys start at 0. */
  rungs?: Map<string, number>;
  /** Ladders whose threshold is not reached: nothing is planned for them, the skip says why. */
  holds?: Map<string, EscalationHold>;
  /** The hub's own account and region, whose ledger keys stay as they were (`placedKey`). */
  hub?: Placement;
  /**
   * The signal's resources are in an account planning cannot read (a member's): tag filters are
   * not applied here but handed to the worker as each request's `requiredTags`.
   */
  tagsReadByWorker?: boolean;
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

/** Where a signal's resources are, and so where its requests act (validated when it was parsed). */
export function placementOfSignal(signal: Pick<Signal, 'account' | 'region'>): Placement {
  return { account: signal.account, region: signal.region };
}

/** How long the actions' own checks may take when the policy says nothing. */
export const DEFAULT_VERIFY_WITHIN_MS = 5 * 60_000;

/** What one rung of a policy is planned for: its actions over some resources. */
interface RungScope {
  policy: Policy;
  steps: readonly PolicyAction[];
  resources: ResourceRef[];
  rung?: {
    subject: ResourceRef;
    escalation: NonNullable<ActionRequest['escalation']>;
    /** The next rung's requests, this rung's remediations' `onFailure`. */
    next: ActionRequest[] | undefined;
  };
}

/**
 * Turns the policies that matched a signal into ActionRequests. Pure: everything it needs to know
 * about the world (tags, escalation rungs) is in the context, so `reflex plan` and the tests run
 * it without AWS.
 */
export function planSignal(signal: Signal, policies: readonly Policy[], context: PlanContext): Plan {
  const plan: Plan = { requests: [], skipped: [], filtered: [] };
  const event = toMatchableEvent(signal);
  for (const policy of policies) {
    const conditions = context.tagsReadByWorker ? undefined : policy.filters.tags;
    const eligible: ResourceRef[] = [];
    for (const resource of signal.resources) {
      const failure = conditions
        ? tagFilterFailure(conditions, context.tags.get(resourceKey(resource)))
        : undefined;
      if (failure === undefined) eligible.push(resource);
      else plan.filtered.push({ policy: policy.name, target: resourceKey(resource), reason: failure });
    }
    if (conditions && eligible.length === 0) continue;
    const escalation = policy.escalation;
    if (escalation === undefined) {
      plan.requests.push(
        ...planRung({ policy, steps: policy.actions, resources: eligible }, plan, signal, event, context),
      );
      continue;
    }
    const subjectType = subjectTypeOf(policy.actions, context.registry);
    const subjects = eligible.filter((resource) => resource.type === subjectType);
    if (subjects.length === 0) {
      plan.skipped.push(
        noTarget(policy, policy.actions[0]?.action ?? '(all)', subjectType ?? '(none)', signal, context),
      );
      continue;
    }
    const rungs = [policy.actions, ...escalation.steps];
    for (const subject of subjects) {
      const key = escalationKey(policy.name, subject, placementOfSignal(signal), context.hub);
      const first = Math.min(context.rungs?.get(key) ?? 0, rungs.length - 1);
      const hold = context.holds?.get(key);
      if (hold !== undefined && escalation.threshold !== undefined) {
        plan.skipped.push({
          policy: policy.name,
          action: rungs[first]?.[0]?.action ?? '(all)',
          target: resourceKey(subject),
          reason: holdReason(hold, first, rungs, escalation.threshold, context.now),
          signalId: signal.id,
          mode: effectiveMode(policy.mode, context.ceiling),
        });
        continue;
      }
      // Planned from the last rung down, so each rung carries the next one as its `onFailure`.
      let next: ActionRequest[] | undefined;
      for (let index = rungs.length - 1; index >= first; index--) {
        const steps = rungs[index] ?? [];
        const requests = planRung(
          {
            policy,
            steps,
            resources: [subject],
            rung: {
              subject,
              escalation: { key, rung: index, rungs: rungs.length, withinMs: escalation.withinMs },
              next,
            },
          },
          plan,
          signal,
          event,
          context,
        );
        next = requests;
      }
      plan.requests.push(...(next ?? []));
    }
  }
  return plan;
}

function rungName(index: number, rungs: readonly (readonly PolicyAction[])[]): string {
  return `rung ${index + 1} (${(rungs[index] ?? []).map((step) => step.action).join(' + ')})`;
}

/** Why a ladder did not climb on this signal, for the skipped audit record. */
function holdReason(
  hold: EscalationHold,
  next: number,
  rungs: readonly (readonly PolicyAction[])[],
  threshold: EscalationThreshold,
  now: Date,
): string {
  const ran = `${rungName(hold.ranRung, rungs)} ran at ${hold.ranAt.toISOString()}`;
  if (now < hold.countingFrom)
    return `escalation waits: ${ran} and gets ${formatDuration(threshold.afterMs)} to work; signals count towards ${rungName(next, rungs)} from ${hold.countingFrom.toISOString()}`;
  return `escalation waits: ${hold.counted} of ${threshold.count} signals within ${formatDuration(threshold.withinMs)} since ${ran} and had ${formatDuration(threshold.afterMs)} to work; ${rungName(next, rungs)} comes at ${threshold.count}`;
}

function noTarget(
  policy: Policy,
  action: string,
  type: string,
  signal: Signal,
  context: PlanContext,
): SkippedPlan {
  return {
    policy: policy.name,
    action,
    target: `policy/${policy.name}`,
    reason: `the event names no ${type} to act on (partial event?)`,
    signalId: signal.id,
    mode: effectiveMode(policy.mode, context.ceiling),
  };
}

/** The requests of one rung (or of a policy without a ladder); problems go to `plan.skipped`. */
function planRung(
  scope: RungScope,
  plan: Plan,
  signal: Signal,
  event: MatchableEvent,
  context: PlanContext,
): ActionRequest[] {
  const { policy, steps, resources, rung } = scope;
  const requests: ActionRequest[] = [];
  const alarm = signal.resources.find((resource) => resource.type === 'cloudwatch:alarm');
  steps.forEach((step, actionIndex) => {
    const action = context.registry.get(step.action);
    // On a ladder every step is about the rung's resource: a notification too (its cooldown,
    // opt-out and audit trail are the resource's).
    const found = targetsOf(action, step, resources);
    const targets = rung && found.length === 1 && found[0] === undefined ? [rung.subject] : found;
    if (targets.length === 0 && rung === undefined) {
      plan.skipped.push(
        noTarget(policy, action.name, action.target?.resourceType ?? 'resource', signal, context),
      );
      return;
    }
    for (const resource of targets) {
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
      const built = buildRequest({
        action,
        params,
        origin: { type: 'policy', name: policy.name },
        requestedBy: `policy:${policy.name}`,
        mode: policy.mode,
        ceiling: context.ceiling,
        signalId: signal.id,
        step: actionIndex,
        ...(resource ? { fallbackTarget: resourceKey(resource) } : {}),
        placement: placementOfSignal(signal),
        ...(context.tagsReadByWorker && policy.filters.tags ? { requiredTags: policy.filters.tags } : {}),
        limits: policy.limits,
        verify: verifySpec(policy, action, alarm),
        ...(rung ? { escalation: rung.escalation } : {}),
        // Only a remediation can fail to remediate; a notification in the same rung escalates nothing.
        ...(rung?.next && action.target !== undefined ? { onFailure: rung.next } : {}),
        now: context.now,
      });
      if (built.ok) requests.push(built.request);
      else skip(built.target, built.reason);
    }
  });
  return requests;
}

/**
 * What verifies a request: the action's own check, and for a remediation of an alarm's resource
 * the alarm's state when the policy asks for it. Undefined when there is nothing to check.
 */
function verifySpec(
  policy: Policy,
  action: ActionDefinition,
  alarm: ResourceRef | undefined,
): VerifySpec | undefined {
  const withinMs = policy.verify?.withinMs ?? DEFAULT_VERIFY_WITHIN_MS;
  const alarmState = action.target && !action.containment && alarm && policy.verify?.alarm;
  if (!alarmState && action.verify === undefined) return undefined;
  return { withinMs, ...(alarmState && alarm ? { alarm: { name: alarm.id, state: alarmState } } : {}) };
}
