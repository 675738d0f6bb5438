import type { GroupSizer } from '../../core/group-sizer.ts';
import type { LeaseStore } from '../../core/lease-store.ts';
import { type Placement, placedKey, placedTarget, placementOf } from '../../core/placement.ts';
import { allow, type Guardrail, type GuardrailInput, type Verdict } from '../guardrail.ts';
import { type BlastGroup, blastGroup, blastLimit } from './blast-group.ts';
import { cachedGroupSizer } from './cached-group-sizer.ts';

const NAME = 'blast-radius';
const NOT_A_CHANGE = 'not a change to a resource';

export interface BlastRadiusOptions {
  leases: LeaseStore;
  /** Wrapped in a short cache here; pass the plain AWS sizer. */
  sizer: GroupSizer;
  /** How long a slot stays taken without a settlement: a crashed worker must not hold it forever. */
  leaseMs?: number;
  /** How long a group size is reused. */
  sizeCacheMs?: number;
  /** The clock of the size cache; leases are taken and counted at `input.now`. */
  now?: () => Date;
  /** The hub's own account and region, whose leases keep their old keys (`placedKey`). */
  hub?: Placement;
}

/**
 * Never more than `max` targets, or `percent` of their group, in flight at once. `acquire` takes a
 * lease on the target in its group (a conditional write, so concurrent workers cannot overshoot);
 * `settle`, whatever the outcome, gives it back. Over the limit the request is deferred, and so is a
 * second request for a target whose lease is still held: one change at a time per target, also
 * when the same request is redelivered while its first delivery still runs (or crashed: then
 * until the lease expires).
 */
export function blastRadiusGuardrail(options: BlastRadiusOptions): Guardrail {
  const { leases } = options;
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  const sizer = cachedGroupSizer(options.sizer, {
    ...(options.sizeCacheMs === undefined ? {} : { ttlMs: options.sizeCacheMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });

  async function limitOf(input: GuardrailInput): Promise<{ group: BlastGroup; limit: number }> {
    const limits = input.request.limits.blastRadius;
    const found = blastGroup(input.request, input.tags);
    // An Auto Scaling group's name is unique in its account and region only; a policy or tag
    // group spans the fleet.
    const group =
      found.sized?.kind === 'autoscaling-group'
        ? { ...found, key: placedKey(found.key, placementOf(input.request, undefined), options.hub) }
        : found;
    // Only a percentage needs the group's size; a plain `max` costs no Describe call.
    const size =
      group.sized !== undefined && limits.percent !== undefined ? await sizer.sizeOf(group.sized) : undefined;
    return { group, limit: blastLimit(limits, size) };
  }

  return {
    name: NAME,
    async check(input) {
      if (input.action.target === undefined) return allow(NAME, NOT_A_CHANGE);
      const { group, limit } = await limitOf(input);
      const inFlight = await leases.inFlight(group.key, input.now.getTime());
      const text = `${inFlight} of ${limit} in flight in ${group.key}`;
      return inFlight >= limit ? defer(text) : allow(NAME, `blast radius: ${text}`);
    },
    async acquire(input) {
      // A notification about a target changes nothing: it neither waits for nor holds its slot.
      if (input.action.target === undefined) return { verdict: allow(NAME, NOT_A_CHANGE) };
      const { group, limit } = await limitOf(input);
      const { id: holder } = input.request;
      const target = placedTarget(input.request, options.hub);
      const nowMs = input.now.getTime();
      const lease = { group: group.key, target, holder, expiresAtMs: nowMs + leaseMs };
      const attempt = await leases.take(lease, limit, nowMs);
      if (attempt.taken) {
        return {
          verdict: allow(NAME, `blast radius: ${attempt.inFlight} of ${limit} in flight in ${group.key}`),
          settle: () => leases.release(lease),
        };
      }
      if (attempt.why === 'held') return { verdict: defer(`${target} is already in flight in ${group.key}`) };
      if (attempt.why === 'contention') {
        return { verdict: defer(`${group.key} is changing under concurrent workers; try again`) };
      }
      return { verdict: defer(`${attempt.inFlight} of ${limit} in flight in ${group.key}`) };
    },
  };
}

function defer(text: string): Verdict {
  return { guardrail: NAME, decision: 'defer', reason: `blast radius: ${text}` };
}
