import type { ActionDefinition } from '../actions/action.ts';
import { type Placement, placedKey, placedTarget } from '../core/placement.ts';
import { resourceKey } from '../core/resource-key.ts';
import type { MatchableEvent, ResourceRef } from '../core/signal.ts';
import type { StateCells } from '../core/state-cells.ts';
import { compilePattern, matchesPattern } from '../policies/pattern/index.ts';
import { allow, type Guardrail } from './guardrail.ts';

const KIND = 'CAUSED';
/** How long the effects of Reflex's own action on a target are attributed to it. */
export const CAUSAL_WINDOW_MS = 10 * 60_000;

export interface CausalMarker {
  requestId: string;
  policy: string;
  action: string;
  at: string;
  until: number;
  /** The patterns of the events the action causes (see `ActionDefinition.effects`). */
  effects: Record<string, unknown>[];
}

/**
 * Records, after an action succeeded, which events it will cause on its target. Deciding then
 * consults `findSelfCaused` so that those events do not trigger the same policy again.
 */
export function causalLoopGuardrail(
  cells: StateCells,
  windowMs = CAUSAL_WINDOW_MS,
  hub?: Placement,
): Guardrail {
  return {
    name: 'causal-loop',
    check: async () => allow('causal-loop', 'effects are recorded after acting'),
    async acquire(input) {
      const effects = effectsOf(input.action, input.request.params);
      return {
        verdict: allow(
          'causal-loop',
          effects.length > 0 ? 'effects will be recorded' : 'the action causes no event',
        ),
        settle: async (outcome) => {
          if (outcome !== 'succeeded' || effects.length === 0) return;
          const now = input.now.getTime();
          const marker: CausalMarker = {
            requestId: input.request.id,
            policy: input.request.origin.name,
            action: input.request.action,
            at: input.now.toISOString(),
            until: now + windowMs,
            effects,
          };
          await cells.overwrite(
            KIND,
            `${placedTarget(input.request, hub)}#${marker.policy}`,
            { ...marker },
            now + windowMs,
          );
        },
      };
    },
  };
}

function effectsOf(action: ActionDefinition, params: Record<string, unknown>): Record<string, unknown>[] {
  if (!action.effects) return [];
  const parsed = action.params.safeParse(params);
  return parsed.success ? action.effects(parsed.data) : [];
}

/**
 * For each policy, the marker of Reflex's own recent action that caused this event on one of its
 * resources, if any: the loop breaker's answer to "did we do this?".
 */
export async function findSelfCaused(
  cells: StateCells,
  event: MatchableEvent,
  resources: readonly ResourceRef[],
  policies: readonly string[],
  now: Date,
  hub?: Placement,
): Promise<Map<string, CausalMarker>> {
  const placement = { account: event.account, region: event.region };
  const found = new Map<string, CausalMarker>();
  for (const resource of resources) {
    for (const policy of policies) {
      if (found.has(policy)) continue;
      const key = placedKey(resourceKey(resource), placement, hub);
      const marker = (await cells.read(KIND, `${key}#${policy}`)) as CausalMarker | undefined;
      if (marker === undefined || marker.until <= now.getTime()) continue;
      if (marker.effects.some((pattern) => matchesPattern(compilePattern(pattern), event)))
        found.set(policy, marker);
    }
  }
  return found;
}
