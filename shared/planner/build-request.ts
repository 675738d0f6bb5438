import { type ActionDefinition, targetIdOf } from '../actions/action.ts';
import type { ActionRequest, Origin, VerifySpec } from '../core/action-request.ts';
import { DEFAULT_LIMITS, type ResolvedLimits } from '../core/limits.ts';
import { effectiveMode, type Mode, type ModeCeiling } from '../core/mode.ts';
import type { Placement } from '../core/placement.ts';
import { resourceKey } from '../core/resource-key.ts';
import { invalidParameters } from '../errors/format-zod-error.ts';
import { requestId } from './request-id.ts';

/** What every origin (a policy, a runbook step, a person in chat or the CLI) says about a request. */
export interface RequestInput {
  action: ActionDefinition;
  /** Rendered but not validated: the builder parses them with the action's schema. */
  params: Record<string, unknown>;
  origin: Origin;
  requestedBy: string;
  /** The mode the origin asks for: the policy's or runbook's `mode`, the chat mode of the risk. */
  mode: Mode;
  /** The global ceiling (`REFLEX_MODE`) the request is planned under. */
  ceiling: ModeCeiling;
  /** What caused it: the signal, the chat job (`chat:<job>`), the runbook execution. */
  signalId: string;
  /** The step of the origin it comes from (a policy's action index, a runbook step); default 0. */
  step?: number;
  /** Tells apart two requests of one step for one target, e.g. `rollback:` for a runbook's undo. */
  idPrefix?: string;
  /**
   * The target when the action names none in its parameters: the signal's resource, else
   * `policy/<name>`, `runbook/<name>` or `user/<requestedBy>` after the origin.
   */
  fallbackTarget?: string;
  /** The account and region the target is in (the signal's); absent: the hub's own. Part of the id. */
  placement?: Placement;
  /** A tag filter the worker checks on the target's live tags (`ActionRequest.requiredTags`). */
  requiredTags?: NonNullable<ActionRequest['requiredTags']>;
  /** The guardrail limits of the origin; defaults filled in. */
  limits?: ResolvedLimits;
  verify?: VerifySpec;
  /** The escalation rung it belongs to; part of the id (so each rung runs once). */
  escalation?: NonNullable<ActionRequest['escalation']>;
  /** The next rung, planned in advance; left out when empty. */
  onFailure?: ActionRequest[];
  now: Date;
}

export type BuiltRequest =
  | { ok: true; request: ActionRequest }
  /** Parameters the action refuses: `target` names what it was about, for the skipped record. */
  | { ok: false; target: string; reason: string };

function fallbackOf(input: RequestInput): string {
  if (input.fallbackTarget !== undefined) return input.fallbackTarget;
  return input.origin.type === 'user'
    ? `user/${input.requestedBy}`
    : `${input.origin.type}/${input.origin.name}`;
}

/**
 * The target of a request: the resource its parameters name, else the fallback. Parameters that
 * did not validate only name it (their raw value), since `target.id` may need valid ones.
 */
function targetOf(input: RequestInput, params: Record<string, unknown>, valid: boolean): string {
  const { action } = input;
  if (action.target) {
    const raw = params[action.target.param];
    const id = valid
      ? targetIdOf(action, params)
      : typeof raw === 'string' || typeof raw === 'number'
        ? String(raw)
        : undefined;
    if (id !== undefined) return resourceKey({ type: action.target.resourceType, id });
  }
  return fallbackOf(input);
}

/**
 * Builds every ActionRequest, whoever asks (planner, chat, runbook): parameters parsed by the
 * action's schema, the target, the deterministic id, the mode capped by the ceiling, limits,
 * verification and escalation.
 */
export function buildRequest(input: RequestInput): BuiltRequest {
  const { action } = input;
  const checked = action.params.safeParse(input.params);
  if (!checked.success) {
    return {
      ok: false,
      target: targetOf(input, input.params, false),
      reason: invalidParameters(checked.error, input.origin.type === 'policy' ? undefined : action.name),
    };
  }
  const params = checked.data as Record<string, unknown>;
  const target = targetOf(input, params, true);
  const mode = effectiveMode(input.mode, input.ceiling);
  const { escalation, verify, onFailure, placement, requiredTags } = input;
  return {
    ok: true,
    request: {
      id: requestId({
        signalId: input.signalId,
        policy: input.origin.name,
        actionIndex: input.step ?? 0,
        action: `${input.idPrefix ?? ''}${action.name}`,
        target,
        ...(escalation ? { escalation: { rung: escalation.rung, subject: escalation.key } } : {}),
        ...(placement ? { placement } : {}),
      }),
      action: action.name,
      params,
      target,
      ...(placement ? { account: placement.account, region: placement.region } : {}),
      origin: input.origin,
      requestedBy: input.requestedBy,
      mode,
      ...(mode === input.mode ? {} : { requestedMode: input.mode }),
      signalId: input.signalId,
      createdAt: input.now.toISOString(),
      description: action.describe(params),
      ...(requiredTags ? { requiredTags } : {}),
      limits: input.limits ?? DEFAULT_LIMITS,
      ...(verify ? { verify } : {}),
      ...(escalation ? { escalation } : {}),
      ...(onFailure !== undefined && onFailure.length > 0 ? { onFailure } : {}),
    },
  };
}
