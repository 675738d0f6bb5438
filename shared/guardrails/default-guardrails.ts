import type { ApprovalStore } from '../core/approval.ts';
import type { CircuitStore } from '../core/circuit-state.ts';
import type { GroupSizer } from '../core/group-sizer.ts';
import type { LeaseStore } from '../core/lease-store.ts';
import type { Notifier } from '../core/notifier.ts';
import type { Placement } from '../core/placement.ts';
import type { StateCells } from '../core/state-cells.ts';
import { approvalGuardrail } from './approvals/approval-guardrail.ts';
import { blastRadiusGuardrail } from './blast-radius/blast-radius-guardrail.ts';
import { causalLoopGuardrail } from './causal-loop.ts';
import { circuitGuardrail } from './circuit/circuit-guardrail.ts';
import { cooldownGuardrail } from './cooldown.ts';
import { GuardrailEngine } from './engine.ts';
import { flapGuardrail, quarantineGuardrail } from './flap.ts';
import { optOutGuardrail } from './opt-out.ts';
import { pauseGuardrail } from './pause.ts';
import { rateLimitGuardrail } from './rate-limit.ts';
import { type TokenBucketConfig, tokenBucketGuardrail } from './token-bucket.ts';

export interface GuardrailStores {
  cells: StateCells;
  circuits: CircuitStore;
  approvals: ApprovalStore;
  leases: LeaseStore;
  sizer: GroupSizer;
  notifier: Notifier;
  bucket: TokenBucketConfig;
  now: () => Date;
  /**
   * The hub's own account and region. A target elsewhere is kept apart by its account and region
   * (cooldown, flap, quarantine, causal marker, blast-radius lease); the hub's keep their old keys.
   */
  hub?: Placement;
}

/** The guardrails' names in evaluation order, for displays and `reflex plan`. */
export const GUARDRAIL_ORDER = [
  'pause',
  'opt-out',
  'quarantine',
  'causal-loop',
  'circuit',
  'approval',
  'cooldown',
  'rate',
  'flap',
  'token-bucket',
  'blast-radius',
] as const;

/**
 * The guardrails every request goes through, in order: cheap, read-only refusals first (a paused
 * policy, an opted-out or quarantined target, a loop, an open circuit, a missing approval), then
 * the ones that take something (a cooldown, a rate slot, a flap count, a token, a blast-radius
 * slot), so that a refused request consumes as little as possible.
 */
export function defaultGuardrails(stores: GuardrailStores): GuardrailEngine {
  return new GuardrailEngine([
    pauseGuardrail(stores.cells),
    optOutGuardrail(),
    quarantineGuardrail(stores.cells, stores.hub),
    causalLoopGuardrail(stores.cells, undefined, stores.hub),
    circuitGuardrail({ store: stores.circuits, notifier: stores.notifier, now: stores.now }),
    approvalGuardrail(stores.approvals),
    cooldownGuardrail(stores.cells, stores.hub),
    rateLimitGuardrail(stores.cells),
    flapGuardrail(stores.cells, stores.notifier, stores.hub),
    tokenBucketGuardrail(stores.cells, stores.bucket),
    blastRadiusGuardrail({
      leases: stores.leases,
      sizer: stores.sizer,
      now: stores.now,
      ...(stores.hub ? { hub: stores.hub } : {}),
    }),
  ]);
}
