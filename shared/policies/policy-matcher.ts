import type { MatchableEvent } from '../core/signal.ts';
import { actsOnAlertStatus } from './alert-status-default.ts';
import { PatternIndex } from './pattern/index.ts';
import type { Policy } from './policy.ts';

/** Finds the policies whose `on` pattern matches an event. */
export interface PolicyMatcher {
  readonly policies: readonly Policy[];
  match(event: MatchableEvent): Policy[];
}

/**
 * Compiled once per cold start; matching does not walk every policy. An alert that is not firing
 * matches only the policies whose pattern names `detail.status` (alert-status-default.ts).
 */
export function compilePolicies(policies: readonly Policy[]): PolicyMatcher {
  const index = new PatternIndex<Policy>(
    policies.map((policy) => ({ id: policy.name, pattern: policy.on, value: policy })),
  );
  return {
    policies,
    match: (event) => index.match(event).filter((policy) => actsOnAlertStatus(policy.on, event)),
  };
}
