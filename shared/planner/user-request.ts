import { type ActionDefinition, targetIdOf } from '../actions/action.ts';
import { invalidParameters } from '../errors/format-zod-error.ts';
import { DEFAULT_LIMITS, type ResolvedLimits } from '../guardrails/limits.ts';
import { effectiveMode, type Mode, type ModeCeiling } from '../policies/mode.ts';
import { resourceKey } from '../resources/resource-key.ts';
import type { ActionRequest } from './action-request.ts';
import { requestId } from './request-id.ts';

export type UserRequestPlan = { ok: true; request: ActionRequest } | { ok: false; reason: string };

/**
 * A request a person asked for (chat, CLI) rather than a policy. It carries the person as
 * `requestedBy` and the channel as its origin, so pauses, rates and circuits of that origin apply,
 * and the two-person rule can tell the requester from the approver. The id derives from `signalId`
 * (the chat job), so a redelivered job plans the very same request.
 */
export function planUserRequest(input: {
  action: ActionDefinition;
  params: Record<string, unknown>;
  origin: string;
  requestedBy: string;
  mode: Mode;
  ceiling: ModeCeiling;
  signalId: string;
  now: Date;
  limits?: ResolvedLimits;
}): UserRequestPlan {
  const { action } = input;
  const checked = action.params.safeParse(input.params);
  if (!checked.success) {
    return { ok: false, reason: invalidParameters(checked.error, action.name) };
  }
  const params = checked.data as Record<string, unknown>;
  const targetId = targetIdOf(action, params);
  const target =
    action.target && targetId !== undefined
      ? resourceKey({ type: action.target.resourceType, id: targetId })
      : `user/${input.requestedBy}`;
  return {
    ok: true,
    request: {
      id: requestId({
        signalId: input.signalId,
        policy: input.origin,
        actionIndex: 0,
        action: action.name,
        target,
      }),
      action: action.name,
      params,
      target,
      origin: { type: 'user', name: input.origin },
      requestedBy: input.requestedBy,
      mode: effectiveMode(input.mode, input.ceiling),
      signalId: input.signalId,
      createdAt: input.now.toISOString(),
      description: action.describe(params),
      limits: input.limits ?? DEFAULT_LIMITS,
    },
  };
}
