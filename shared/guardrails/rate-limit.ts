import { formatDuration } from '../core/duration.ts';
import type { StateCells } from '../core/state-cells.ts';
import { allow, type Guardrail, type GuardrailInput, type Verdict } from './guardrail.ts';

const KIND = 'RATE';

function window(input: GuardrailInput): { id: string; endsAt: number } {
  const { perMs } = input.request.limits.rate;
  const start = Math.floor(input.now.getTime() / perMs) * perMs;
  return { id: `policy:${input.request.origin.name}#${start}`, endsAt: start + perMs };
}

/** At most `limits.rate.max` executions of one policy per fixed window of `limits.rate.perMs`. */
export function rateLimitGuardrail(cells: StateCells): Guardrail {
  const reached = (input: GuardrailInput): Verdict => ({
    guardrail: 'rate',
    decision: 'skip',
    reason: `policy ${input.request.origin.name} reached its rate of ${input.request.limits.rate.max} per ${formatDuration(input.request.limits.rate.perMs)}`,
  });
  return {
    name: 'rate',
    async check(input) {
      const item = await cells.read(KIND, window(input).id);
      return Number(item?.count ?? 0) >= input.request.limits.rate.max
        ? reached(input)
        : allow('rate', 'under the rate');
    },
    async acquire(input) {
      const { id, endsAt } = window(input);
      const count = await cells.incrementBelow(KIND, id, input.request.limits.rate.max, endsAt + 60_000);
      if (count === undefined) return { verdict: reached(input) };
      return { verdict: allow('rate', `${count} of ${input.request.limits.rate.max} in this window`) };
    },
  };
}
