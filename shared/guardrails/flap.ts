import { formatDuration } from '../core/duration.ts';
import type { Notifier } from '../core/notifier.ts';
import { type Placement, placedTarget } from '../core/placement.ts';
import type { StateCells } from '../core/state-cells.ts';
import { allow, type Guardrail, type GuardrailInput, readOnlyGuardrail, type Verdict } from './guardrail.ts';

const FLAP = 'FLAP';
const QUARANTINE = 'QUARANTINE';
const MAX_ATTEMPTS = 10;

export interface Quarantine {
  target: string;
  since: string;
  reason: string;
  requestId: string;
}

export async function quarantineOf(cells: StateCells, target: string): Promise<Quarantine | undefined> {
  return (await cells.read(QUARANTINE, target)) as Quarantine | undefined;
}

/** Lets Reflex act on a quarantined target again (`reflex resume --target`). */
export async function releaseQuarantine(cells: StateCells, target: string): Promise<void> {
  await cells.remove(QUARANTINE, target);
  await cells.remove(FLAP, target);
}

/** Early in the chain: nothing runs on a quarantined target. */
export function quarantineGuardrail(cells: StateCells, hub?: Placement): Guardrail {
  return readOnlyGuardrail('quarantine', async ({ request }) => {
    const target = placedTarget(request, hub);
    const quarantine = await quarantineOf(cells, target);
    if (quarantine === undefined) return allow('quarantine', 'not quarantined');
    return {
      guardrail: 'quarantine',
      decision: 'skip',
      reason: `${target} is quarantined since ${quarantine.since} (${quarantine.reason}); release it with \`reflex resume --target ${target}\``,
    };
  });
}

function recent(item: Record<string, unknown> | undefined, now: number, withinMs: number): number[] {
  const times = Array.isArray(item?.times) ? (item.times as unknown[]).map(Number) : [];
  return times.filter((time) => time > now - withinMs);
}

/**
 * The flap breaker: a target remediated more than `limits.flap.max` times within
 * `limits.flap.withinMs` is quarantined instead of remediated again, and humans are told once.
 * Counted just before acting, with optimistic concurrency so concurrent workers count every run.
 */
export function flapGuardrail(cells: StateCells, notifier: Notifier, hub?: Placement): Guardrail {
  const tooMany = (input: GuardrailInput, count: number): Verdict => ({
    guardrail: 'flap',
    decision: 'skip',
    reason: `${placedTarget(input.request, hub)} was remediated ${count} times within ${formatDuration(input.request.limits.flap.withinMs)} (limit ${input.request.limits.flap.max}): quarantined`,
  });
  return {
    name: 'flap',
    async check(input) {
      const { max, withinMs } = input.request.limits.flap;
      const count = recent(
        await cells.read(FLAP, placedTarget(input.request, hub)),
        input.now.getTime(),
        withinMs,
      ).length;
      // Read-only: quarantining (and its one notification) happens when the worker acquires.
      const atLimit = count >= max ? ': acting now quarantines the target' : '';
      return allow('flap', `${count} of ${max} remediations in the window${atLimit}`);
    },
    async acquire(input) {
      // Only actions that change a resource remediate it; a notification about it does not count.
      if (input.action.target === undefined) return { verdict: allow('flap', 'not a remediation') };
      const { max, withinMs } = input.request.limits.flap;
      const now = input.now.getTime();
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const item = await cells.read(FLAP, placedTarget(input.request, hub));
        const times = recent(item, now, withinMs);
        if (times.length >= max) {
          const verdict = tooMany(input, times.length);
          await quarantine(cells, notifier, input, verdict.reason, placedTarget(input.request, hub));
          return { verdict };
        }
        const written = await cells.writeVersioned(
          FLAP,
          placedTarget(input.request, hub),
          Number(item?.version ?? 0),
          { times: [...times, now] },
          now + withinMs,
        );
        if (written)
          return { verdict: allow('flap', `${times.length + 1} of ${max} remediations in the window`) };
      }
      return {
        verdict: { guardrail: 'flap', decision: 'defer', reason: 'flap counter too contended right now' },
      };
    },
  };
}

async function quarantine(
  cells: StateCells,
  notifier: Notifier,
  input: GuardrailInput,
  reason: string,
  target: string,
): Promise<void> {
  const created = await cells.createOnce(QUARANTINE, target, {
    target,
    since: input.now.toISOString(),
    reason,
    requestId: input.request.id,
  });
  // Only the worker that created the quarantine notifies: one message, however many deliveries.
  if (created) {
    await notifier.notify(
      `Reflex quarantined ${target}: ${reason}. Policy ${input.request.origin.name} will not act on it until \`reflex resume --target ${target}\`.`,
      'warning',
    );
  }
}
