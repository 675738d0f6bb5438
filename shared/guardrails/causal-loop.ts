import { allow, type Guardrail, type GuardrailInput, type Verdict } from './guardrail.ts';
import type { StateCells } from './state-cells.ts';

const KIND = 'CAUSED';
/** How long the effects of Reflex's own action on a target are attributed to it. */
export const CAUSAL_WINDOW_MS = 10 * 60_000;

interface Marker {
  requestId: string;
  policy: string;
  action: string;
  at: string;
  until: number;
}

/**
 * The causal loop breaker. After Reflex acts on a target it leaves a marker; for the causal
 * window, the events that action causes (the instance it started reports `running`...) do not
 * trigger the same policy on the same target again. Other policies still see them.
 */
export function causalLoopGuardrail(cells: StateCells, windowMs = CAUSAL_WINDOW_MS): Guardrail {
  const verdictFor = async (input: GuardrailInput): Promise<Verdict> => {
    const marker = (await cells.read(KIND, input.request.target)) as Marker | undefined;
    if (
      marker !== undefined &&
      marker.policy === input.request.origin.name &&
      marker.requestId !== input.request.id &&
      marker.until > input.now.getTime()
    ) {
      return {
        guardrail: 'causal-loop',
        decision: 'skip',
        reason: `caused by Reflex: ${input.request.target} was changed by ${marker.action} (request ${marker.requestId}) of this policy at ${marker.at}`,
      };
    }
    return allow('causal-loop', 'not caused by this policy');
  };
  return {
    name: 'causal-loop',
    check: verdictFor,
    async acquire(input) {
      const verdict = await verdictFor(input);
      if (verdict.decision !== 'allow') return { verdict };
      return {
        verdict,
        settle: async (outcome) => {
          if (outcome !== 'succeeded') return;
          const now = input.now.getTime();
          const marker: Marker = {
            requestId: input.request.id,
            policy: input.request.origin.name,
            action: input.request.action,
            at: input.now.toISOString(),
            until: now + windowMs,
          };
          await cells.overwrite(KIND, input.request.target, { ...marker }, now + windowMs);
        },
      };
    },
  };
}
