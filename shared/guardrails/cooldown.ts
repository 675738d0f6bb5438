import { formatDuration } from '../core/duration.ts';
import { type Placement, placedTarget } from '../core/placement.ts';
import type { StateCells } from '../core/state-cells.ts';
import { allow, type Guardrail, type GuardrailInput, type Verdict } from './guardrail.ts';

const KIND = 'COOLDOWN';

function cellOf({ request }: GuardrailInput, hub: Placement | undefined): string {
  // Each rung of an escalation ladder is its own step: the notification of rung 2 must not wait
  // for the cooldown of the notification of rung 1.
  const rung = request.escalation ? `#rung${request.escalation.rung}` : '';
  return `${placedTarget(request, hub)}#${request.action}${rung}`;
}

/** Cells outlive any sensible cooldown, so a caller with a longer cooldown still sees the last run. */
const RETAIN_MS = 30 * 24 * 3_600_000;

/**
 * The same action on the same target runs again only when the last run is at least the caller's
 * own `limits.cooldownMs` ago. Each caller measures from the last run of anyone, so a scale-in
 * policy with a 15-minute cooldown waits after a scale-out, while the scale-out policy with a
 * 3-minute cooldown is not held up by the scale-in's longer wait.
 */
export function cooldownGuardrail(cells: StateCells, hub?: Placement): Guardrail {
  const cellId = (input: GuardrailInput) => cellOf(input, hub);
  const blocked = (input: GuardrailInput, lastAt: number): Verdict => ({
    guardrail: 'cooldown',
    decision: 'skip',
    reason: `${input.request.action} on ${input.request.target} is cooling down until ${new Date(lastAt + input.request.limits.cooldownMs).toISOString()} (cooldown ${formatDuration(input.request.limits.cooldownMs)}, last run ${new Date(lastAt).toISOString()})`,
  });
  const lastRunOf = (item: Record<string, unknown> | undefined) =>
    item?.lastAt === undefined ? undefined : Number(item.lastAt);
  return {
    name: 'cooldown',
    async check(input) {
      const { cooldownMs } = input.request.limits;
      if (cooldownMs === 0) return allow('cooldown', 'no cooldown');
      const lastAt = lastRunOf(await cells.read(KIND, cellId(input)));
      return lastAt !== undefined && lastAt + cooldownMs > input.now.getTime()
        ? blocked(input, lastAt)
        : allow('cooldown', 'not cooling down');
    },
    async acquire(input) {
      const { cooldownMs } = input.request.limits;
      if (cooldownMs === 0) return { verdict: allow('cooldown', 'no cooldown') };
      const now = input.now.getTime();
      const previous = lastRunOf(await cells.read(KIND, cellId(input)));
      const claim = {
        at: now,
        idleSince: now - cooldownMs,
        expiresAtMs: now + Math.max(cooldownMs, RETAIN_MS),
      };
      const claimed = await cells.claimIfIdle(KIND, cellId(input), claim, { requestId: input.request.id });
      if (!claimed) {
        const lastAt = lastRunOf(await cells.read(KIND, cellId(input))) ?? now;
        return { verdict: blocked(input, lastAt) };
      }
      return {
        verdict: allow('cooldown', `cooldown taken until ${new Date(now + cooldownMs).toISOString()}`),
        // A request that did not run must not keep others waiting, nor erase the run before it.
        settle: async (outcome) => {
          if (outcome !== 'not-run') return;
          if (previous === undefined) await cells.remove(KIND, cellId(input));
          else await cells.overwrite(KIND, cellId(input), { lastAt: previous }, previous + RETAIN_MS);
        },
      };
    },
  };
}
