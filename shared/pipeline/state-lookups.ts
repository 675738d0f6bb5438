import { toMatchableEvent } from '../core/signal.ts';
import type { StateCells } from '../core/state-cells.ts';
import { EscalationLedger } from '../escalation/escalation-ledger.ts';
import { findSelfCaused } from '../guardrails/causal-loop.ts';
import type { DecisionLookups } from './plan-decision.ts';

/** The causal-loop markers and escalation ladders a decision reads, on the state table's cells. */
export function stateLookups(
  cells: StateCells,
  now: () => Date,
): Pick<DecisionLookups, 'selfCaused' | 'escalation'> {
  return {
    selfCaused: (signal, policies) =>
      findSelfCaused(cells, toMatchableEvent(signal), signal.resources, policies, now()),
    escalation: new EscalationLedger(cells),
  };
}

/** Without a state table (`reflex plan` without --table): no marker is known, every ladder at rung 1. */
export const statelessLookups: Pick<DecisionLookups, 'selfCaused' | 'escalation'> = {
  selfCaused: async () => new Map(),
  escalation: { rungFor: async () => ({ rung: 0 }) },
};

/** `REFLEX_ACCOUNT_IDS=111111111111,222222222222` → the accounts Reflex acts in; unset: every account. */
export function accountsFrom(env: NodeJS.ProcessEnv): Pick<DecisionLookups, 'accounts'> {
  const text = env.REFLEX_ACCOUNT_IDS;
  if (!text) return {};
  return {
    accounts: new Set(
      text
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  };
}
