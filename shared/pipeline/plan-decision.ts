import type { ActionRegistry } from '../actions/registry.ts';
import type { ModeCeiling } from '../core/mode.ts';
import { type Placement, samePlacement } from '../core/placement.ts';
import { resourceKey } from '../core/resource-key.ts';
import { type Signal, toMatchableEvent } from '../core/signal.ts';
import type { TagReader, Tags } from '../core/tag-reader.ts';
import type { EscalationHold, EscalationLedger } from '../escalation/escalation-ledger.ts';
import {
  type Plan,
  type PlanContext,
  placementOfSignal,
  planSignal,
  type SkippedPlan,
} from '../planner/plan.ts';
import { escalationKey, subjectTypeOf } from '../policies/escalation-subject.ts';
import type { Policy } from '../policies/policy.ts';
import type { PolicyMatcher } from '../policies/policy-matcher.ts';
import { selfCausedPolicy } from './self-caused.ts';

/** What deciding reads about the world before it plans; nothing here changes anything but the ledger. */
export interface DecisionLookups {
  matcher: PolicyMatcher;
  registry: ActionRegistry;
  tags: TagReader;
  /** Which of these policies' own recent actions caused this signal (the causal loop breaker). */
  selfCaused(
    signal: Signal,
    policies: readonly string[],
  ): Promise<Map<string, { requestId: string; action: string; at: string }>>;
  /** Where escalation ladders count rungs per (policy, resource). */
  escalation: Pick<EscalationLedger, 'rungFor'>;
  /**
   * The AWS accounts Reflex acts in (`REFLEX_ACCOUNT_IDS`); a signal from any other account is
   * audited as skipped. Undefined: every account.
   */
  accounts?: ReadonlySet<string>;
  /**
   * The hub's own account and region: its targets keep the guardrail and ledger keys they had
   * before Reflex knew about accounts, and only its resources' tags are read here (the trigger
   * functions cannot reach into member accounts; the worker reads the target's tags there).
   */
  hub?: Placement;
  ceiling: ModeCeiling;
  now: () => Date;
}

export interface SignalDecision {
  /** Every policy whose pattern matched. */
  matched: Policy[];
  /** Those planned: not stopped by the account filter or the causal loop. */
  planned: Policy[];
  /** The live tags read for the signal's resources. */
  tags: Map<string, Tags>;
  /** The requests, and why others were not made (account, causal loop, ladder hold, parameters...). */
  plan: Plan;
  /** The account Reflex does not act in that the signal came from: nothing was planned. */
  foreignAccount?: string;
}

/**
 * The one decision the trigger functions, `reflex plan` and the chat `plan` command share: match
 * the policies, refuse other accounts, break causal loops, read tags and escalation rungs, plan.
 * `dry` plans read the ladder without counting this signal towards a threshold, so a plan changes
 * nothing. Guardrails and the queue come after it (decide.ts, dry-decide.ts).
 */
export async function planDecision(
  signal: Signal,
  deps: DecisionLookups,
  options: { dry: boolean },
): Promise<SignalDecision> {
  const matched = deps.matcher.match(toMatchableEvent(signal));
  const empty: Plan = { requests: [], skipped: [], filtered: [] };
  if (matched.length === 0) return { matched, planned: [], tags: new Map(), plan: empty };
  const foreign = foreignAccount(signal, deps.accounts);
  if (foreign !== undefined) {
    const skipped = matched.map(
      (policy): SkippedPlan => ({
        policy: policy.name,
        action: '(all)',
        target: signal.resources[0] ? resourceKey(signal.resources[0]) : `policy/${policy.name}`,
        reason: `unknown account ${foreign}: Reflex acts only in ${[...(deps.accounts ?? [])].join(', ')} (REFLEX_ACCOUNT_IDS)`,
        signalId: signal.id,
        mode: 'dry-run',
      }),
    );
    return { matched, planned: [], tags: new Map(), plan: { ...empty, skipped }, foreignAccount: foreign };
  }
  const causes = await deps.selfCaused(
    signal,
    matched.map((policy) => policy.name),
  );
  const stamped = selfCausedPolicy(signal);
  // A call made in a Reflex session without a readable stamp: Reflex's own, for whichever policy.
  const causedFor = stamped?.policy === undefined ? matched.map((policy) => policy.name) : [stamped.policy];
  if (stamped)
    for (const policy of causedFor)
      causes.set(policy, { requestId: stamped.requestId, action: '(API call)', at: signal.time });
  const planned = matched.filter((policy) => !causes.has(policy.name));
  const readable = deps.hub === undefined || samePlacement(placementOfSignal(signal), deps.hub);
  const tags =
    signal.resources.length > 0 && readable
      ? await deps.tags.tagsOf(signal.resources)
      : new Map<string, Tags>();
  const plan = planSignal(signal, planned, {
    registry: deps.registry,
    ceiling: deps.ceiling,
    tags,
    ...(deps.hub ? { hub: deps.hub } : {}),
    ...(readable ? {} : { tagsReadByWorker: true }),
    ...(await escalationRungs(signal, planned, deps, options.dry)),
    now: deps.now(),
  });
  for (const [policy, cause] of causes) {
    const resource = signal.resources[0];
    plan.skipped.push({
      policy,
      action: '(all)',
      target: resource ? `${resource.type}/${resource.id}` : `policy/${policy}`,
      reason: `causal-loop: this event was caused by Reflex itself (${cause.action}, request ${cause.requestId} of policy ${policy} at ${cause.at})`,
      signalId: signal.id,
      mode: 'dry-run',
    });
  }
  return { matched, planned, tags, plan };
}

/** The account of the signal or of one of its resources that Reflex does not manage, if any. */
function foreignAccount(signal: Signal, accounts: ReadonlySet<string> | undefined): string | undefined {
  if (accounts === undefined) return undefined;
  if (!accounts.has(signal.account)) return signal.account;
  for (const resource of signal.resources) {
    const account = resource.arn?.split(':')[4];
    if (account && !accounts.has(account)) return account;
  }
  return undefined;
}

/**
 * The rung each escalating policy starts at for each resource of the signal it counts per, and
 * the ladders that hold (a threshold not reached yet).
 */
async function escalationRungs(
  signal: Signal,
  policies: readonly Policy[],
  deps: DecisionLookups,
  dry: boolean,
): Promise<Pick<PlanContext, 'rungs' | 'holds'>> {
  const rungs = new Map<string, number>();
  const holds = new Map<string, EscalationHold>();
  for (const policy of policies) {
    if (policy.escalation === undefined) continue;
    const type = subjectTypeOf(policy.actions, deps.registry);
    const { withinMs, threshold, steps } = policy.escalation;
    for (const resource of signal.resources.filter((r) => r.type === type)) {
      const key = escalationKey(policy.name, resource, placementOfSignal(signal), deps.hub);
      const decision = await deps.escalation.rungFor(
        key,
        signal.id,
        deps.now(),
        { withinMs, rungs: steps.length + 1, ...(threshold ? { threshold } : {}) },
        { note: !dry },
      );
      rungs.set(key, decision.rung);
      if (decision.hold) holds.set(key, decision.hold);
    }
  }
  return { rungs, holds };
}
