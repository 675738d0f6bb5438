import { hubPlacement, type Placement } from '../core/placement.ts';
import { toMatchableEvent } from '../core/signal.ts';
import type { StateCells } from '../core/state-cells.ts';
import { EscalationLedger } from '../escalation/escalation-ledger.ts';
import { findSelfCaused } from '../guardrails/causal-loop.ts';
import type { DecisionLookups } from './plan-decision.ts';

/** The causal-loop markers and escalation ladders a decision reads, on the state table's cells. */
export function stateLookups(
  cells: StateCells,
  now: () => Date,
  hub?: Placement,
): Pick<DecisionLookups, 'selfCaused' | 'escalation'> {
  return {
    selfCaused: (signal, policies) =>
      findSelfCaused(cells, toMatchableEvent(signal), signal.resources, policies, now(), hub),
    escalation: new EscalationLedger(cells),
  };
}

/** Without a state table (`reflex plan` without --table): no marker is known, every ladder at rung 1. */
export const statelessLookups: Pick<DecisionLookups, 'selfCaused' | 'escalation'> = {
  selfCaused: async () => new Map(),
  escalation: { rungFor: async () => ({ rung: 0 }) },
};

/**
 * The hub (`REFLEX_HUB_ACCOUNT`, `AWS_REGION`) and the accounts Reflex may act in
 * (`REFLEX_ACCOUNT_IDS`): `hub` (what serverless.yml sets unless `--param accountIds=…`) the hub's
 * own account only; `111111111111,222222222222` those and the hub's; `*` or unset every account
 * whose ReflexExecutionRole lets the hub in.
 */
export function accountsFrom(env: NodeJS.ProcessEnv): Pick<DecisionLookups, 'accounts' | 'hub'> {
  const hub = hubPlacement(env);
  const text = env.REFLEX_ACCOUNT_IDS?.trim();
  const withHub = hub ? { hub } : {};
  if (!text || text === '*') return withHub;
  const listed = text === 'hub' ? [] : text.split(',').map((id) => id.trim());
  const accounts = new Set([...listed, ...(hub ? [hub.account] : [])].filter((id) => id !== ''));
  return { ...withHub, accounts };
}
