import { formatDuration } from './duration.ts';
import { allow, type Guardrail, type GuardrailInput, type Verdict } from './guardrail.ts';
import type { StateCells } from './state-cells.ts';

const KIND = 'COOLDOWN';

function cellId({ request }: GuardrailInput): string {
  // Each rung of an escalation ladder is its own step: the notification of rung 2 must not wait
  // for the cooldown of the notification of rung 1.
  const rung = request.escalation ? `#rung${request.escalation.rung}` : '';
  return `${request.target}#${request.action}${rung}`;
}

/** The same action on the same target at most once per `limits.cooldownMs`. */
export function cooldownGuardrail(cells: StateCells): Guardrail {
  const blocked = (input: GuardrailInput, until: number): Verdict => ({
    guardrail: 'cooldown',
    decision: 'skip',
    reason: `${input.request.action} on ${input.request.target} is cooling down until ${new Date(until).toISOString()} (cooldown ${formatDuration(input.request.limits.cooldownMs)})`,
  });
  return {
    name: 'cooldown',
    async check(input) {
      if (input.request.limits.cooldownMs === 0) return allow('cooldown', 'no cooldown');
      const item = await cells.read(KIND, cellId(input));
      const until = Number(item?.until ?? 0);
      return until > input.now.getTime() ? blocked(input, until) : allow('cooldown', 'not cooling down');
    },
    async acquire(input) {
      const { cooldownMs } = input.request.limits;
      if (cooldownMs === 0) return { verdict: allow('cooldown', 'no cooldown') };
      const now = input.now.getTime();
      const claimed = await cells.claimUntil(KIND, cellId(input), now, now + cooldownMs, {
        requestId: input.request.id,
      });
      if (!claimed) {
        const item = await cells.read(KIND, cellId(input));
        return { verdict: blocked(input, Number(item?.until ?? now)) };
      }
      return {
        verdict: allow('cooldown', `cooldown taken until ${new Date(now + cooldownMs).toISOString()}`),
        // A request that did not run must not keep others waiting.
        settle: async (outcome) => {
          if (outcome === 'not-run') await cells.remove(KIND, cellId(input));
        },
      };
    },
  };
}
